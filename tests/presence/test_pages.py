"""Presence in the rest of the app: the player carries its viewing token, the status history gives the live time,
the organisers' live panel and attendance rule, "My lectures", the data download, account deletion, and a lecture
with attendance is kept."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility, Visibility
from lecturehall.modules.media.models import Replay
from lecturehall.modules.presence import tasks
from lecturehall.modules.presence.models import Attendance, AttendanceRule, LiveInterval, ReplayWatch
from lecturehall.modules.presence.tokens import read_token
from tests.presence.helpers import T0, live_beat, live_session, raw_beat, send, store, token


def test_the_player_carries_a_viewing_token_for_the_signed_in_viewer(app, client, create_lecture, create_user, login,
                                                                     transcoded):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    transcoded(lecture)
    viewer = create_user()
    login(viewer)
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert f'data-beat-url="/presence/lectures/{lecture.id}/beats"' in body
    value = body.split('data-beat-token="')[1].split('"')[0]
    with app.test_request_context():
        viewing = read_token(value)
    assert (viewing.lecture_id, viewing.user_id, viewing.live, viewing.browser_id) == (lecture.id, viewer.id, False,
                                                                                       None)
    assert 3.5 < viewing.duration < 4.5  # the recording's length, for range checks without the database


def test_an_anonymous_viewer_gets_a_browser_id_cookie_bound_into_the_token(app, client, create_lecture, transcoded):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    transcoded(lecture)
    response = client.get(f"/lectures/{lecture.id}")
    cookie = client.get_cookie("lh_viewer")
    assert cookie is not None and cookie.http_only
    value = response.get_data(as_text=True).split('data-beat-token="')[1].split('"')[0]
    with app.test_request_context():
        assert read_token(value).browser_id == cookie.value
    again = client.get(f"/lectures/{lecture.id}").get_data(as_text=True).split('data-beat-token="')[1].split('"')[0]
    with app.test_request_context():
        assert read_token(again).browser_id == cookie.value  # the same browser, a new session
        assert read_token(again).session_id != read_token(value).session_id


def test_status_changes_record_the_live_time(app, create_lecture, create_user):
    lecture = create_lecture(duration=60, starts_at=utcnow() - timedelta(minutes=5))
    organiser = create_user(role=Role.admin)
    lectures.set_status(lecture, LectureStatus.live, organiser)
    db.session.commit()
    lectures.set_status(lecture, LectureStatus.ended, organiser)
    db.session.commit()
    lectures.set_status(lecture, LectureStatus.live, organiser)  # taken live again
    db.session.commit()
    stretches = db.session.execute(sa.select(LiveInterval).order_by(LiveInterval.id)).scalars().all()
    assert len(stretches) == 2 and stretches[0].ended_at is not None and stretches[1].ended_at is None
    clock = create_lecture(duration=30, starts_at=utcnow() - timedelta(minutes=40))
    lectures.advance_status_by_clock(clock, now=clock.starts_at)
    lectures.advance_status_by_clock(clock, now=clock.ends_at)
    db.session.commit()
    stretch = db.session.execute(sa.select(LiveInterval).where(LiveInterval.lecture_id == clock.id)).scalar_one()
    assert (stretch.started_at, stretch.ended_at) == (clock.starts_at, clock.ends_at)


def test_a_lecture_with_beats_or_attendance_is_kept(app, create_lecture, create_user):
    lecture = create_lecture()
    assert not any(answer for _r, answer in lecture_signals.participation_check.send(lecture.id))
    store([raw_beat(lecture, 1, T0, user=create_user())])
    assert any(answer for _r, answer in lecture_signals.participation_check.send(lecture.id))


@pytest.fixture
def live_lecture(create_lecture, create_user):
    organiser = create_user(role=Role.participant, country="CN")
    lecture = create_lecture("Cross-border e-commerce policy", visibility=Visibility.public)
    lecture.programme.organisers = [organiser]
    lectures.set_status(lecture, LectureStatus.live, None)
    db.session.commit()
    return lecture, organiser


def test_the_live_panel_counts_viewers_now_per_country(client, login, create_user, live_lecture):
    lecture, organiser = live_lecture
    for country in ("RW", "RW", "CL"):
        viewer = create_user(country=country)
        assert send(client, lecture.id, token(lecture, user=viewer, live=True),
                    [live_beat(1, 0, ev="play")]).status_code == 200
    gone = create_user(country="UY")
    store([raw_beat(lecture, 1, utcnow() - timedelta(minutes=5), user=gone, session="gone")])
    tasks.compact_beats()
    db.session.commit()
    login(organiser)
    figures = client.get(f"/manage/lectures/{lecture.id}/live-panel.json").get_json()
    assert figures["viewers"] == 3
    assert [(item["country"], item["viewers"]) for item in figures["by_country"]] == [("RW", 2), ("CL", 1)]
    assert [(item["name"], item["viewers"]) for item in figures["by_network_country"]] == [("Unknown", 3)]
    page = client.get(f"/manage/lectures/{lecture.id}/live-panel").get_data(as_text=True)
    assert "Rwanda" in page and "<strong data-viewers>3</strong>" in page
    assert viewer.full_name not in page and viewer.email not in page  # counts only, never who


@pytest.mark.parametrize("role, status", [(Role.participant, 403), (Role.coordinator, 200), (Role.admin, 200)])
def test_who_sees_the_live_panel(client, login, create_user, live_lecture, role, status):
    lecture, _organiser = live_lecture
    login(create_user(role=role, country="PK"))
    assert client.get(f"/manage/lectures/{lecture.id}/live-panel.json").status_code == status
    assert client.get(f"/manage/lectures/{lecture.id}/live-panel").status_code == status


def test_the_lecture_pages_link_to_the_live_panel(client, login, live_lecture):
    lecture, organiser = live_lecture
    login(organiser)
    link = f"/manage/lectures/{lecture.id}/live-panel"
    assert link in client.get(f"/manage/lectures/{lecture.id}").get_data(as_text=True)
    assert link in client.get(f"/lectures/{lecture.id}").get_data(as_text=True)


def test_the_attendance_rule_is_set_from_the_programme_and_recounts(app, client, forms, login, live_lecture,
                                                                    create_user):
    lecture, organiser = live_lecture
    db.session.execute(sa.update(LiveInterval).values(started_at=T0, ended_at=T0 + timedelta(hours=1)))
    db.session.commit()
    viewer = create_user()
    store(live_session(lecture, viewer, T0, 20))
    tasks.compact_beats()
    db.session.commit()
    assert db.session.execute(sa.select(Attendance.attended)).scalar_one() is False  # 20 of 60 minutes
    login(organiser)
    page = client.get(f"/manage/programmes/{lecture.programme_id}").get_data(as_text=True)
    url = f"/manage/programmes/{lecture.programme_id}/attendance-rule"
    assert url in page
    refused = forms.post(url, {"kind": "minutes", "minutes": "0"})
    assert refused.status_code == 422 and db.session.get(AttendanceRule, lecture.programme_id) is None
    assert forms.post(url, {"kind": "minutes", "minutes": "15"}).status_code == 302
    rule = db.session.get(AttendanceRule, lecture.programme_id)
    assert (rule.min_minutes, rule.min_percent) == (15, None)
    tasks.judge_lecture(lecture.id)  # the recount the save queued, as the worker runs it
    db.session.commit()
    db.session.expire_all()
    assert db.session.execute(sa.select(Attendance.attended)).scalar_one() is True
    assert forms.post(url, {"kind": "default"}).status_code == 302
    assert db.session.get(AttendanceRule, lecture.programme_id) is None


def test_others_cannot_set_the_attendance_rule(client, forms, login, create_user, live_lecture):
    lecture, _organiser = live_lecture
    login(create_user())
    assert client.get(f"/manage/programmes/{lecture.programme_id}/attendance-rule").status_code == 403


def _history(lecture, viewer):
    db.session.add(Replay(lecture_id=lecture.id, directory="replays/x", duration=600))
    db.session.commit()
    store(live_session(lecture, viewer, T0, 40, session="live")
          + [raw_beat(lecture, seq, T0 + timedelta(days=1, seconds=seq * 15), session="replay", user=viewer,
                      live=False, pos=((seq - 1) * 15, seq * 15)) for seq in range(1, 13)])
    tasks.compact_beats()
    db.session.commit()


def test_my_lectures_shows_my_own_figures(client, login, create_user, live_lecture):
    lecture, _organiser = live_lecture
    viewer = create_user()
    _history(lecture, viewer)
    login(viewer)
    page = client.get("/my/lectures").get_data(as_text=True)
    section = page.split('id="viewing-heading"')[1]
    assert lecture.title in section
    cells = [cell.split(">")[-1] for cell in section.split("</td>")[:5]]
    assert cells[1:] == ["Yes", "40", "3", "30 %"]
    assert lecture.title in page.split('id="attended-heading"')[1].split("</section>")[0]


def test_my_data_download_holds_my_viewing(client, login, create_user, live_lecture):
    lecture, _organiser = live_lecture
    viewer = create_user(country="ZA")
    _history(lecture, viewer)
    login(viewer)
    data = json.loads(client.get("/profile/data.json").get_data(as_text=True))
    presence = data["presence"]
    assert presence["live_attendance"][0]["seconds_present"] == 2400
    assert presence["live_attendance"][0]["declared_country"] == "ZA"
    assert presence["replays"][0]["seconds_watched"] == 180 and presence["replays"][0]["resume_position"] == 180
    assert presence["replay_views"][0]["counted"] is True


def test_a_deleted_account_keeps_its_figures_anonymously_by_country(create_user, live_lecture):
    lecture, _organiser = live_lecture
    viewer = create_user(country="IS")
    _history(lecture, viewer)
    accounts.delete_account(viewer)
    db.session.commit()
    row = db.session.execute(sa.select(Attendance)).scalar_one()
    assert row.user_id == viewer.id and row.declared_country == "IS" and row.seconds_present == 2400
    assert viewer.email is None and viewer.full_name is None
    assert db.session.execute(sa.select(ReplayWatch.declared_country)).scalar_one() == "IS"
