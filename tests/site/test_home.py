"""The home page: for a participant, what is live now and next for them (their places and waiting-list spots, live
first, times in their zone, a way in); for a visitor, the welcome with what is live and coming up in public."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus, Visibility
from lecturehall.modules.registrations import operations as registrations


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, flags=re.S)
    return match.group(1) if match else ""


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/lectures/\d+"[^>]*>([^<]+)</a></h3>', html)


def go_live(lecture):
    """The lecture started ten minutes ago and the clock moved it to live."""
    lecture.starts_at = utcnow() - timedelta(minutes=10)
    lecture.status = LectureStatus.live
    db.session.commit()
    return lecture


@pytest.fixture
def lectures_of_a_participant(create_lecture, create_user):
    me = create_user(timezone="Asia/Kolkata")
    later = create_lecture("Logistics and payments", starts_at=utcnow() + timedelta(days=9))
    sooner = create_lecture("Cross-border e-commerce policy",
                            local_start=datetime(2031, 3, 4, 9, 0), timezone="Asia/Shanghai")
    live = create_lecture("Live-stream selling for beginners")
    full = create_lecture("Community e-commerce", capacity=1, starts_at=utcnow() + timedelta(days=3))
    not_mine = create_lecture("Customs modernisation in practice")
    past = create_lecture("Bringing agricultural specialties online")
    cancelled = create_lecture("Digital trade statistics")
    registrations.register(full.id, create_user())
    for lecture in (later, sooner, live, full, past, cancelled):
        registrations.register(lecture.id, me)
    db.session.commit()
    go_live(live)
    past.starts_at = utcnow() - timedelta(days=2)
    lectures.cancel_lecture(cancelled, None)
    db.session.commit()
    return me, {"later": later, "sooner": sooner, "live": live, "full": full, "not_mine": not_mine}


def test_a_participant_sees_live_first_then_what_is_next_in_their_zone(app, client, login,
                                                                        lectures_of_a_participant):
    me, lecture = lectures_of_a_participant
    login(me)
    html = client.get("/").get_data(as_text=True)
    mine = section(html, "next-heading")
    assert card_titles(mine) == ["Live-stream selling for beginners", "Community e-commerce", "Logistics and payments",
                                 "Cross-border e-commerce policy"]
    # The live one first, with a way in; the others open their page.
    assert re.search(rf'href="/lectures/{lecture["live"].id}">Join now</a>', mine)
    assert re.search(rf'href="/lectures/{lecture["later"].id}">Open the lecture</a>', mine)
    assert "You are registered, and it is live now." in mine
    assert "Waiting list: you are number 1 in line." in mine
    # 2031-03-04 09:00 in Shanghai is 06:30 in Kolkata.
    assert "Tue, Mar 4, 2031, 6:30\u202fAM (UTC+5:30, Kolkata)" in mine
    assert "Customs modernisation" not in mine and "agricultural" not in html and "Digital trade" not in html
    assert section(html, "other-live-heading") == ""


def test_other_live_lectures_come_after_the_participants_own(app, client, login, lectures_of_a_participant):
    me, lecture = lectures_of_a_participant
    go_live(lecture["not_mine"])
    login(me)
    html = client.get("/").get_data(as_text=True)
    assert card_titles(section(html, "other-live-heading")) == ["Customs modernisation in practice"]
    assert html.index("next-heading") < html.index("other-live-heading")


def test_a_participant_with_nothing_ahead_is_shown_the_way_to_the_catalogue(app, client, create_user, login):
    login(create_user(language="fr"))
    mine = section(client.get("/").get_data(as_text=True), "next-heading")
    assert "Vous n’êtes inscrit à aucune conférence à venir." in mine
    assert 'href="/lectures"' in mine


def test_a_visitor_sees_the_welcome_and_public_lectures_live_and_coming(app, client, create_lecture):
    live = go_live(create_lecture("Live-stream selling for beginners"))
    create_lecture("Logistics and payments", starts_at=utcnow() + timedelta(days=2))
    create_lecture("Members only", starts_at=utcnow() + timedelta(days=1), visibility=Visibility.registered)
    create_lecture("A draft", starts_at=utcnow() + timedelta(days=1), publish=False)
    for days in (4, 5, 6):
        create_lecture(f"Later lecture {days}", starts_at=utcnow() + timedelta(days=days))
    html = client.get("/").get_data(as_text=True)
    assert "Sign up" in html and "Join live" in html  # the welcome stays
    assert card_titles(section(html, "live-heading")) == ["Live-stream selling for beginners"]
    assert re.search(rf'href="/lectures/{live.id}">Join now</a>', section(html, "live-heading"))
    assert card_titles(section(html, "coming-heading")) == ["Logistics and payments", "Later lecture 4",
                                                           "Later lecture 5"]
    assert "Members only" not in html and "A draft" not in html and "next-heading" not in html


def test_a_visitor_on_a_quiet_day_sees_the_welcome_only(app, client):
    html = client.get("/").get_data(as_text=True)
    assert "Sign up" in html and "live-heading" not in html and "coming-heading" not in html
