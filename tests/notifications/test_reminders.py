"""Reminders and change notices, caught by a real SMTP server on loopback, with a fake clock instead of sleeping."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import time_machine

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import get_scheduler, run_job
from lecturehall.core.job_runs import JobRun
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.registrations import operations as registrations
from tests.lectures.test_timezones import data_of
from tests.factories import job_ids

START = datetime(2026, 12, 10, 6, 0, tzinfo=timezone.utc)  # 14:00 in Shanghai


@pytest.fixture
def smtp_app(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    with app.app_context():
        yield app, handler


def run(app, task_name, *args):
    """Runs a task as the scheduler would: through run_job, in a fresh app context, recorded as a job run."""
    scheduler_module._runner_app = app
    run_job(task_name, *args)


def recipients(handler):
    return sorted(message["To"].addresses[0].addr_spec for message in handler.received)


def make_lecture_with_participants(create_lecture, create_user):
    with time_machine.travel(START - timedelta(days=5), tick=False):
        lecture = create_lecture("Live-stream selling", local_start=datetime(2026, 12, 10, 14, 0),
                                 timezone="Asia/Shanghai")
        lectures.save_translation(lecture, "zh", "直播带货", "", "", None)
        lectures.save_translation(lecture, "ar", "البيع عبر البث المباشر", "", "", None)
        people = [create_user("li@example.cn", language="zh", timezone="Asia/Shanghai"),
                  create_user("amina@example.eg", language="ar", timezone="Africa/Cairo"),
                  create_user("ana@example.uy", language="es", timezone="America/Montevideo")]
        for person in people:
            registrations.register(lecture.id, person)
        db.session.commit()
    return lecture, people


def test_reminders_in_each_language_and_timezone_never_twice(smtp_app, create_lecture, create_user):
    app, handler = smtp_app
    lecture, people = make_lecture_with_participants(create_lecture, create_user)
    handler.received.clear()  # the registration confirmations
    with time_machine.travel(START - timedelta(hours=24, minutes=-1), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_24h")
        run(app, "notifications.send_reminders", lecture.id, "reminder_24h")  # a second run sends nothing
    assert recipients(handler) == sorted(p.email for p in people)
    by_address = {m["To"].addresses[0].addr_spec: m for m in handler.received}
    zh = by_address["li@example.cn"]
    assert zh["Content-Language"] == "zh" and "直播带货" in zh["Subject"]
    assert "2026年12月10日周四 14:00（UTC+8，上海）" in zh.get_body(("plain",)).get_content()  # Shanghai time
    ar = by_address["amina@example.eg"]
    assert "البيع عبر البث المباشر" in ar["Subject"]
    assert "الخميس، 10 ديسمبر 2026، 8:00 ص (UTC+2، القاهرة)" in ar.get_body(("plain",)).get_content()  # Cairo
    es = by_address["ana@example.uy"]
    assert "Live-stream selling" in es["Subject"]  # no Spanish translation: the original
    assert "jue, 10 dic 2026, 3:00 (UTC-3, Montevideo)" in es.get_body(("plain",)).get_content()  # Montevideo
    assert "/lectures/%d" % lecture.id in es.get_body(("plain",)).get_content()  # the join link
    # The English original in a Spanish mail, and the Arabic translation in an Arabic one, marked as such.
    assert '<strong lang="en" dir="ltr">Live-stream selling</strong>' in es.get_body(("html",)).get_content()
    assert '<strong lang="ar" dir="rtl">البيع عبر البث المباشر</strong>' in ar.get_body(("html",)).get_content()

    handler.received.clear()
    with time_machine.travel(START - timedelta(minutes=14), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_15m")
        run(app, "scheduler.sweep")  # the catch-up sweep finds nothing left to send
    assert recipients(handler) == sorted(p.email for p in people)
    runs = db.session.execute(sa.select(JobRun.task, JobRun.succeeded)).all()
    assert all(ok for _task, ok in runs) and len(runs) == 4


def test_too_early_or_too_late_sends_nothing(smtp_app, create_lecture, create_user):
    app, handler = smtp_app
    lecture, _people = make_lecture_with_participants(create_lecture, create_user)
    handler.received.clear()
    with time_machine.travel(START - timedelta(hours=30), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_24h")
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_15m")
    assert handler.received == []


def test_unregistered_participant_gets_no_reminder(smtp_app, create_lecture, create_user):
    app, handler = smtp_app
    lecture, people = make_lecture_with_participants(create_lecture, create_user)
    registrations.unregister(lecture.id, people[0])
    db.session.commit()
    handler.received.clear()
    with time_machine.travel(START - timedelta(minutes=10), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_15m")
    assert people[0].email not in recipients(handler) and len(handler.received) == 2


def test_jobs_are_stored_moved_and_dropped(smtp_app, create_lecture, create_user):
    app, handler = smtp_app
    lecture, people = make_lecture_with_participants(create_lecture, create_user)
    ids = job_ids(lecture.id)
    jobs = {job.id: job for job in get_scheduler(app).jobs()}
    assert jobs[ids["reminder_24h"]].next_run_time == START - timedelta(hours=24)
    assert jobs[ids["reminder_15m"]].next_run_time == START - timedelta(minutes=15)
    assert jobs[ids["start"]].next_run_time == START
    assert jobs[ids["end"]].next_run_time == START + timedelta(minutes=60)

    # Rescheduled a day later: the jobs move, and everyone registered hears of it.
    handler.received.clear()
    data = data_of(lecture)
    data.local_start = datetime(2026, 12, 11, 14, 0)
    with time_machine.travel(START - timedelta(days=2), tick=False):
        lectures.update_lecture(lecture, data, None)
        db.session.commit()
    jobs = {job.id: job for job in get_scheduler(app).jobs()}
    assert jobs[ids["reminder_24h"]].next_run_time == START + timedelta(hours=24) - timedelta(hours=24)
    assert jobs[ids["start"]].next_run_time == START + timedelta(days=1)
    with time_machine.travel(START - timedelta(days=2), tick=False):
        run(app, "notifications.send_notices", lecture.id)
        run(app, "notifications.send_notices", lecture.id)
    assert recipients(handler) == sorted(p.email for p in people)
    zh = next(m for m in handler.received if m["Content-Language"] == "zh")
    calendars = [part for part in zh.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert calendars and b"SEQUENCE:" in calendars[0].get_content().encode()

    # Cancelled: the jobs are dropped and the cancellation goes out.
    handler.received.clear()
    lectures.cancel_lecture(lecture, None)
    db.session.commit()
    remaining = {job.id for job in get_scheduler(app).jobs()}
    assert not remaining & {ids["reminder_24h"], ids["reminder_15m"], ids["start"], ids["end"]}
    run(app, "notifications.send_notices", lecture.id)
    assert len(handler.received) == 3
    assert all("CANCEL" in part.get_content() for m in handler.received for part in m.iter_attachments())
    # And no reminder for a cancelled lecture, even if a stray job ran.
    handler.received.clear()
    with time_machine.travel(START + timedelta(days=1) - timedelta(minutes=10), tick=False):
        run(app, "notifications.send_reminders", lecture.id, "reminder_15m")
    assert handler.received == []


def test_status_follows_the_clock_unless_organiser_changed_it(smtp_app, create_lecture, create_user):
    app, _handler = smtp_app
    from lecturehall.modules.lectures.models import Lecture, LectureStatus

    with time_machine.travel(START - timedelta(days=1), tick=False):
        automatic = create_lecture("Clocked", local_start=datetime(2026, 12, 10, 14, 0), timezone="Asia/Shanghai")
        manual = create_lecture("Ended early", local_start=datetime(2026, 12, 10, 14, 0), timezone="Asia/Shanghai")
    lectures.set_status(manual, LectureStatus.live, None)
    lectures.set_status(manual, LectureStatus.ended, None)
    db.session.commit()
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        run(app, "lectures.advance_status", automatic.id)
        run(app, "lectures.advance_status", manual.id)
    db.session.expire_all()
    assert db.session.get(Lecture, automatic.id).status is LectureStatus.live
    assert db.session.get(Lecture, manual.id).status is LectureStatus.ended
    with time_machine.travel(START + timedelta(minutes=61), tick=False):
        run(app, "scheduler.sweep")
    db.session.expire_all()
    assert db.session.get(Lecture, automatic.id).status is LectureStatus.ended


def test_failed_job_is_recorded_with_its_reason(smtp_app, client, create_user, login):
    app, _handler = smtp_app
    with pytest.raises(ValueError):
        run(app, "notifications.send_reminders", 1, "no-such-kind")
    run_row = db.session.execute(sa.select(JobRun)).scalar_one()
    assert run_row.succeeded is False and "no-such-kind" in run_row.error
    from lecturehall.modules.accounts.models import Role

    login(create_user(role=Role.admin))
    body = client.get("/admin/jobs?failed=1").get_data(as_text=True)
    assert "no-such-kind" in body
