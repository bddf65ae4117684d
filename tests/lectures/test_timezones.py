"""Times are entered in the organiser's zone, stored in UTC and shown in each viewer's zone, across DST changes
and at the edges of the map (UTC+14, UTC-11)."""

from datetime import datetime, timezone

import pytest

from lecturehall.core.db import db
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import LanguageKind
from lecturehall.modules.lectures.timezones import NonexistentLocalTime, to_local, to_utc


def data_of(lecture) -> operations.LectureData:
    return operations.LectureData(
        programme_id=lecture.programme_id, title=lecture.title, summary=lecture.summary,
        description=lecture.description, original_language=lecture.original_language,
        lecture_language=lecture.lecture_language, local_start=to_local(lecture.starts_at, lecture.timezone),
        timezone=lecture.timezone, duration_minutes=lecture.duration_minutes, capacity=lecture.capacity,
        visibility=lecture.visibility, countries=lecture.country_codes, replay_visibility=lecture.replay_visibility,
        interpretation_languages=lecture.planned_languages(LanguageKind.interpretation),
        subtitle_languages=lecture.planned_languages(LanguageKind.subtitles),
        speaker_ids=[s.id for s in lecture.speakers], tag_ids=[t.id for t in lecture.tags])


def test_to_utc_refuses_the_missing_hour_and_takes_first_of_repeated():
    # Santiago springs forward on 2026-09-06: 00:00 becomes 01:00.
    with pytest.raises(NonexistentLocalTime):
        to_utc(datetime(2026, 9, 6, 0, 30), "America/Santiago")
    # New York falls back on 2026-11-01: 01:30 happens twice; the first (EDT, UTC-4) is taken.
    assert to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York") == datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc)


def test_lecture_across_a_dst_change_in_organiser_zone(app, create_lecture):
    # Entered as 19:00 Berlin on the evening clocks go back (2026-10-25): CET, UTC+1.
    lecture = create_lecture(local_start=datetime(2026, 10, 25, 1, 30), timezone="Europe/Berlin", duration=120)
    # 01:30 is in the repeated hour: the first (CEST, UTC+2) is used.
    assert lecture.starts_at == datetime(2026, 10, 24, 23, 30, tzinfo=timezone.utc)
    # It ends two real hours later, although the wall clock shows only one hour more.
    assert to_local(lecture.ends_at, "Europe/Berlin") == datetime(2026, 10, 25, 2, 30)


def test_viewer_sees_time_in_own_zone_across_their_dst_change(app, client, create_lecture, create_user, login):
    # 2026-11-01 14:00 in Shanghai = 06:00 UTC = 01:00 EST in New York (after fall-back, UTC-5).
    lecture = create_lecture(local_start=datetime(2026, 11, 1, 14, 0), timezone="Asia/Shanghai")
    login(create_user(timezone="America/New_York"))
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "Sun, Nov 1, 2026, 1:00\u202fAM (UTC-5, New York)" in body
    assert "Sun, Nov 1, 2026, 2:00\u202fPM (UTC+8, Shanghai)" in body  # the organiser's time beside it


@pytest.mark.parametrize("zone,expected_day,expected_hour", [
    ("Pacific/Kiritimati", "Sat, Nov 7, 2026", "12:30\u202fAM (UTC+14, Kiritimati)"),  # UTC+14
    ("Pacific/Pago_Pago", "Thu, Nov 5, 2026", "11:30\u202fPM (UTC-11, Pago Pago)"),  # UTC-11
])
def test_viewers_at_the_edges_of_the_map(app, client, create_lecture, create_user, login, zone, expected_day,
                                         expected_hour):
    lecture = create_lecture(local_start=datetime(2026, 11, 6, 18, 30), timezone="Asia/Shanghai")  # 10:30 UTC
    assert lecture.starts_at == datetime(2026, 11, 6, 10, 30, tzinfo=timezone.utc)
    login(create_user(timezone=zone))
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert expected_day in body and expected_hour in body


@pytest.mark.parametrize("cookie", ["Pacific/Kiritimati", "Pacific%2FKiritimati"], ids=["as-written", "url-encoded"])
def test_anonymous_visitor_gets_browser_timezone(app, client, create_lecture, cookie):
    """app.js writes the zone as it is; cookies written URL-encoded by its older version are still read."""
    lecture = create_lecture(local_start=datetime(2026, 11, 6, 18, 30), timezone="Asia/Shanghai")
    client.set_cookie("tz", cookie)
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "Sat, Nov 7, 2026, 12:30\u202fAM (UTC+14, Kiritimati)" in body


@pytest.mark.parametrize("cookie", ["Mars/Olympus_Mons", "%2e%2e%2F", "Asia%252FShanghai", ""])
def test_a_cookie_naming_no_timezone_gives_the_default(app, client, create_lecture, cookie):
    lecture = create_lecture(local_start=datetime(2026, 11, 6, 18, 30), timezone="Asia/Shanghai")
    client.set_cookie("tz", cookie)
    assert "Fri, Nov 6, 2026, 10:30\u202fAM (UTC)" in client.get(f"/lectures/{lecture.id}").get_data(as_text=True)


def test_form_refuses_nonexistent_time(app, forms, create_user, create_programme, login):
    from lecturehall.modules.accounts.models import Role

    admin = create_user(role=Role.admin)
    programme = create_programme()
    login(admin)
    response = forms.post("/manage/lectures/new", {
        "programme": str(programme.id), "title": "Spring forward", "summary": "", "description": "",
        "original_language": "es", "lecture_language": "es", "start": "2026-09-06T00:30",
        "timezone": "America/Santiago", "duration_minutes": "60", "capacity": "", "visibility": "public",
        "replay_visibility": "registered",
    })
    assert response.status_code == 422
    assert "does not exist in the chosen timezone" in response.get_data(as_text=True)
    from lecturehall.modules.lectures.models import Lecture

    assert db.session.execute(db.select(db.func.count(Lecture.id))).scalar_one() == 0
