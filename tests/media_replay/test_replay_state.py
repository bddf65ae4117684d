"""A past lecture says what became of its replay (available, being prepared, none planned) on its page, in the
catalogue's past section and in My lectures; the media module adds it through template hooks, so the lectures
module knows nothing of media. A past lecture no longer offers "Add to my calendar"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus
from lecturehall.modules.media.queries import ReplayState, replay_state


def replay_fact(html: str) -> str | None:
    match = re.search(r'<dd id="replay-state" data-state="([a-z]+)"[^>]*>(.*?)</dd>', html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split()) if match else None


def ended(lecture, *, by_clock: bool = True):
    """The lecture took place three days ago; ``by_clock`` False leaves its status as it was (the clock is late)."""
    lecture.starts_at = utcnow() - timedelta(days=3)
    if by_clock:
        lecture.status = LectureStatus.ended
    db.session.commit()
    return lecture


@pytest.fixture
def signed_in(create_user, login):
    user = create_user()
    login(user)
    return user


def test_each_state_on_the_lecture_page(app, client, signed_in, create_lecture, add_recording, transcoded, clip):
    unrecorded = ended(create_lecture("Community e-commerce"))
    uploaded = ended(create_lecture("Cross-border payments"))
    queued = ended(create_lecture("Customs modernisation"))
    published = ended(create_lecture("Bringing agricultural specialties online"))
    add_recording(uploaded, clip)
    operations.recording_added(add_recording(queued, clip))
    db.session.commit()
    transcoded(published)

    expected = {unrecorded: ("none", "No replay planned"), uploaded: ("preparing", "Replay being prepared"),
                queued: ("preparing", "Replay being prepared"), published: ("available", "Replay available")}
    for lecture, (state, words) in expected.items():
        assert replay_state(lecture.id) is ReplayState(state)
        html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
        assert replay_fact(html) == words, lecture.title
        assert "Add to my calendar" not in html and ".ics" not in html
    assert "lh-player" in client.get(f"/lectures/{published.id}").get_data(as_text=True)


def test_a_visitor_is_told_to_log_in_for_a_replay_for_signed_in_users(app, client, create_lecture, transcoded):
    lecture = ended(create_lecture())
    transcoded(lecture)
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert replay_fact(html) == "Replay available · Log in to watch it"
    assert f'href="/login?next=/lectures/{lecture.id}"' in html and "lh-player" not in html


def test_a_lecture_whose_end_has_passed_is_past_before_the_clock_moves_it(app, client, create_lecture):
    lecture = ended(create_lecture(), by_clock=False)
    assert lecture.status is LectureStatus.scheduled
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert replay_fact(html) == "No replay planned"
    assert "Add to my calendar" not in html and ">Ended<" in html


def test_upcoming_and_cancelled_lectures_say_nothing_of_a_replay(app, client, create_lecture):
    upcoming = create_lecture()
    html = client.get(f"/lectures/{upcoming.id}").get_data(as_text=True)
    assert replay_fact(html) is None and "Add to my calendar (.ics)" in html
    cancelled = ended(create_lecture())
    cancelled.status = LectureStatus.cancelled
    db.session.commit()
    assert replay_fact(client.get(f"/lectures/{cancelled.id}").get_data(as_text=True)) is None


def test_the_catalogues_past_section_shows_each_replays_state(app, client, create_lecture, add_recording,
                                                              transcoded, clip):
    ended(create_lecture("Community e-commerce"))
    add_recording(ended(create_lecture("Cross-border payments")), clip)
    transcoded(ended(create_lecture("Bringing agricultural specialties online")))
    html = client.get("/lectures?section=past").get_data(as_text=True)
    cards = dict(re.findall(r'<a href="/lectures/\d+"[^>]*>([^<]+)</a>.*?<span class="badge replay-[a-z]+">([^<]+)<',
                            html, flags=re.S))
    assert cards == {"Community e-commerce": "No replay planned", "Cross-border payments": "Replay being prepared",
                     "Bringing agricultural specialties online": "Replay available"}
    assert "badge replay-" not in client.get("/lectures").get_data(as_text=True)  # upcoming: nothing to say


def test_the_replay_state_in_arabic(app, client, create_lecture, transcoded):
    lecture = ended(create_lecture())
    transcoded(lecture)
    html = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert replay_fact(html) == "التسجيل متاح · سجّل الدخول لمشاهدته"


def test_the_page_shows_how_far_the_replay_is_while_it_is_made(app, client, create_lecture, add_recording, clip):
    lecture = ended(create_lecture("Customs modernisation"))
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    # Waiting for the worker: the page polls, but there is no figure to show yet.
    assert replay_fact(html) == "Replay being prepared"
    assert f'data-url="/lectures/{lecture.id}/replay/progress"' in html and "js/replay_progress" in html
    assert client.get(f"/lectures/{lecture.id}/replay/progress").get_json() == {"state": "preparing",
                                                                               "progress": None}
    job.status, job.progress = JobStatus.running, 42.4
    db.session.commit()
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert replay_fact(html) == "Replay being prepared 42%"
    assert re.search(r'<progress max="100" [^>]*value="42.4"', html)
    assert client.get(f"/lectures/{lecture.id}/replay/progress").get_json() == {"state": "preparing",
                                                                               "progress": 42.4}
    job.status = JobStatus.failed
    db.session.commit()
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert replay_fact(html) == "Replay being prepared" and "data-replay-progress" not in html


def test_the_progress_of_a_lecture_nobody_may_see_is_not_told(app, client, create_lecture):
    lecture = create_lecture()
    lecture.status = LectureStatus.draft
    db.session.commit()
    assert client.get(f"/lectures/{lecture.id}/replay/progress").status_code == 404
    assert client.get("/lectures/99999999999999999999/replay/progress").status_code == 404
