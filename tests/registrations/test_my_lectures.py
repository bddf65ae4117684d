"""My lectures: a held place is listed under "Registered", a waiting-list place under the waiting list with its
position in line; past lectures say what became of their replay."""

from __future__ import annotations

import re
from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.modules.registrations import operations


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    return match.group(1) if match else ""


def test_a_waiting_list_place_is_not_listed_as_registered(app, client, create_lecture, create_user, login):
    full = create_lecture("Live-stream selling for beginners", capacity=2)
    roomy = create_lecture("Logistics and payments")
    others = [create_user() for _ in range(3)]
    me = create_user()
    for user in others:
        operations.register(full.id, user)  # two places, then the third waits
        db.session.commit()
    operations.register(full.id, me)
    operations.register(roomy.id, me)
    db.session.commit()
    login(me)
    html = client.get("/my/lectures").get_data(as_text=True)
    registered, waiting = section(html, "upcoming-heading"), section(html, "waiting-heading")
    assert "Logistics and payments" in registered and "Live-stream selling" not in registered
    assert "Live-stream selling for beginners" in waiting
    assert "Waiting list: you are number 2 in line." in waiting

    # A place frees up: the first in line moves up, and I am next.
    operations.unregister(full.id, others[0])
    db.session.commit()
    html = client.get("/my/lectures").get_data(as_text=True)
    assert "Waiting list: you are number 1 in line." in section(html, "waiting-heading")
    operations.unregister(full.id, others[1])
    db.session.commit()
    html = client.get("/my/lectures").get_data(as_text=True)
    assert "Live-stream selling for beginners" in section(html, "upcoming-heading")
    assert section(html, "waiting-heading") == ""


def test_the_waiting_list_in_another_language(app, client, create_lecture, create_user, login):
    lecture = create_lecture(capacity=1)
    operations.register(lecture.id, create_user())
    me = create_user(language="es")
    operations.register(lecture.id, me)
    db.session.commit()
    login(me)
    html = client.get("/my/lectures").get_data(as_text=True)
    assert "Lista de espera: usted es el número 1 de la fila." in section(html, "waiting-heading")
    assert "You hold no place" not in html


def test_past_lectures_say_what_became_of_their_replay(app, client, create_lecture, create_user, login, transcoded,
                                                      add_recording, clip):
    me = create_user()
    published = create_lecture("Bringing agricultural specialties online")
    preparing = create_lecture("Cross-border payments")
    unrecorded = create_lecture("Community e-commerce")
    for lecture in (published, preparing, unrecorded):
        operations.register(lecture.id, me)
        # Then the lecture took place (the clock has not moved its status yet: its end time has passed).
        lecture.starts_at = utcnow() - timedelta(days=3)
    db.session.commit()
    transcoded(published)
    add_recording(preparing, clip)
    login(me)
    watch = section(client.get("/my/lectures").get_data(as_text=True), "watch-heading")
    cards = dict(re.findall(r'<a href="/lectures/\d+"[^>]*>([^<]+)</a>.*?<span class="badge replay-[a-z]+">([^<]+)<',
                            watch, flags=re.S))
    assert cards == {"Bringing agricultural specialties online": "Replay available",
                     "Cross-border payments": "Replay being prepared",
                     "Community e-commerce": "No replay planned"}
