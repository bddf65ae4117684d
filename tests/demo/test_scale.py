"""``lecturehall demo --scale programme``: a year of a programme at the seed's scale, deterministic, shaped like the
real thing, and with the figures compaction would have made of the player's heartbeats."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Sector, User
from lecturehall.modules.demo import scale
from lecturehall.modules.lectures.models import Lecture, LectureStatus, LectureTranslation
from lecturehall.modules.media.models import Replay, ReplayPosition
from lecturehall.modules.presence import compaction, rules
from lecturehall.modules.presence import intervals as iv
from lecturehall.modules.presence.models import Attendance, Beat, LiveConcurrency, ReplayView, ReplayWatch
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from tests.conftest import _empty_tables

NOW = datetime(2026, 11, 30, tzinfo=timezone.utc)
# Small enough to store and compact every beat in a test, big enough for every kind of viewing.
TINY = scale.Size(participants=45, countries=9, lectures=9, replay_views=120, registrations_per_participant=2.5,
                  attend_rate=0.7, upcoming=1, anonymous_share=0.2)


def _fingerprint() -> dict:
    """The generated data by natural keys (titles, e-mail addresses, browser ids), not database ids."""
    title = sa.select(Lecture.title).where(Lecture.id == Attendance.lecture_id).scalar_subquery()
    email = sa.select(User.email).where(User.id == Attendance.user_id).scalar_subquery()
    attendance = sorted(db.session.execute(sa.select(
        title, email, Attendance.browser_id, Attendance.seconds_present, Attendance.attended, Attendance.devices,
        Attendance.network_country)).all(), key=repr)
    views = sorted(db.session.execute(sa.select(
        ReplayView.lecture_id, ReplayView.browser_id, ReplayView.day, ReplayView.seconds_watched,
        ReplayView.counted)).all(), key=repr)
    users = sorted(db.session.execute(sa.select(User.email, User.full_name, User.country, User.organisation,
                                                User.sector)).all(), key=repr)
    return {"attendance": attendance, "views": [row[1:] for row in views], "users": users}


def test_same_seed_same_programme_other_seed_another(app):
    first = scale.generate(TINY, seed=7, now=NOW)
    db.session.commit()
    fingerprint = _fingerprint()
    db.session.remove()
    _empty_tables()
    second = scale.generate(TINY, seed=7, now=NOW)
    db.session.commit()
    assert dict(second.counts) == dict(first.counts)
    assert _fingerprint() == fingerprint
    db.session.remove()
    _empty_tables()
    scale.generate(TINY, seed=8, now=NOW)
    db.session.commit()
    other = _fingerprint()
    assert other["attendance"] != fingerprint["attendance"] and other["users"] != fingerprint["users"]


def test_a_programme_shaped_like_the_seed(app):
    size = scale.scaled(scale.SIZES["programme"], 0.03)
    assert size.lectures == 40 and size.participants == 186 and size.replay_views == 3120
    figures = scale.generate(size, now=NOW)
    db.session.commit()

    lectures = db.session.execute(sa.select(Lecture).order_by(Lecture.starts_at)).scalars().all()
    assert len(lectures) == 40
    assert (NOW - lectures[0].starts_at).days >= 350 and lectures[-1].starts_at > NOW
    statuses = Counter(lecture.status for lecture in lectures)
    assert statuses[LectureStatus.ended] == 39 and statuses[LectureStatus.scheduled] == 1
    languages = set(db.session.execute(sa.select(LectureTranslation.language)).scalars())
    assert languages == {"en", "zh", "fr", "es", "ru", "ar"}
    assert all(lecture.speakers and lecture.tags for lecture in lectures)

    participants = db.session.execute(sa.select(User).where(User.email.like(f"%@{scale.EMAIL_DOMAIN}"),
                                                            User.role == "participant")).scalars().all()
    deleted = db.session.execute(sa.select(User).where(User.deleted_at.is_not(None))).scalars().all()
    assert len(participants) + len(deleted) == 186 and deleted
    assert len({user.country for user in participants + deleted}) >= 25
    assert set(Counter(user.sector for user in participants)) == set(Sector)
    assert Counter(user.sector for user in participants).most_common(1)[0][0] is Sector.government

    registrations = db.session.execute(sa.select(Registration.status, sa.func.count()).group_by(
        Registration.status)).all()
    assert dict(registrations)[RegistrationStatus.waitlisted] > 0
    assert sum(count for _, count in registrations) == figures.counts["registrations"]

    attendances = db.session.execute(sa.select(Attendance)).scalars().all()
    assert any(len(row.intervals) > 1 for row in attendances)  # rejoins
    assert any(row.browser_id for row in attendances) and any(row.audio_only_used for row in attendances)
    assert any(row.interpretation_language for row in attendances)
    assert any(row.network_country and row.network_country != row.declared_country for row in attendances)
    deleted_ids = {user.id for user in deleted}
    assert any(row.user_id in deleted_ids and row.declared_country for row in attendances)

    views = db.session.execute(sa.select(ReplayView)).scalars().all()
    assert sum(view.counted for view in views) == figures.counts["replay_views"] >= 3120
    assert any(not view.counted for view in views) and any(view.browser_id for view in views)
    assert figures.counts["live_beats"] > 0 and figures.counts["replay_beats"] > 0


def test_figures_are_consistent_with_their_intervals(app):
    scale.generate(scale.scaled(scale.SIZES["programme"], 0.02), now=NOW)
    db.session.commit()
    bridge = 2 * app.config["PRESENCE_BEAT_SECONDS"]
    minutes = Counter()
    lectures = {lecture.id: lecture for lecture in db.session.execute(sa.select(Lecture)).scalars()}
    for row in db.session.execute(sa.select(Attendance)).scalars():
        assert iv.union(row.intervals, bridge) == row.intervals  # a union already: disjoint, gaps over two beats
        assert row.seconds_present == round(iv.measure(row.intervals))
        assert row.first_seen_at.timestamp() == row.intervals[0][0]
        assert row.last_seen_at.timestamp() == row.intervals[-1][1]
        lecture = lectures[row.lecture_id]
        assert lecture.starts_at.timestamp() <= row.intervals[0][0] < row.intervals[-1][1] <= \
            lecture.ends_at.timestamp()
        assert row.attended == rules.attended(row.seconds_present, rules.live_seconds(lecture), None, 50)
        minutes.update((row.lecture_id, minute) for minute in iv.minutes(row.intervals))
    curve = {(row.lecture_id, int(row.minute.timestamp()) // 60): row.viewers
             for row in db.session.execute(sa.select(LiveConcurrency)).scalars()}
    assert curve == dict(minutes)

    durations = dict(db.session.execute(sa.select(Replay.lecture_id, Replay.duration)).all())
    for watch in db.session.execute(sa.select(ReplayWatch)).scalars():
        assert watch.seconds_watched == round(iv.measure(watch.ranges), 3)
        assert watch.duration == durations[watch.lecture_id] and watch.furthest <= watch.duration
        assert watch.completion == round(100 * watch.seconds_watched / watch.duration, 2)
    for view in db.session.execute(sa.select(ReplayView)).scalars():
        assert view.counted == (view.seconds_watched >= compaction.view_threshold(durations[view.lecture_id]))
    # A day's watching is part of the viewer's whole watching.
    watched = {(w.lecture_id, w.user_id, w.browser_id): w.seconds_watched
               for w in db.session.execute(sa.select(ReplayWatch)).scalars()}
    for view in db.session.execute(sa.select(ReplayView)).scalars():
        assert view.seconds_watched <= watched[(view.lecture_id, view.user_id, view.browser_id)]


def _derived() -> dict:
    def rows(model, *columns):
        return sorted((tuple(getattr(row, column) for column in columns)
                       for row in db.session.execute(sa.select(model)).scalars()), key=repr)
    return {
        "attendance": rows(Attendance, "lecture_id", "user_id", "browser_id", "intervals", "seconds_present",
                           "first_seen_at", "last_seen_at", "device", "devices", "audio_only_used",
                           "interpretation_language", "attended", "declared_country", "network_country"),
        "curve": rows(LiveConcurrency, "lecture_id", "minute", "viewers"),
        "watches": rows(ReplayWatch, "lecture_id", "user_id", "browser_id", "ranges", "seconds_watched", "furthest",
                        "duration", "completion", "position", "position_at", "speed", "first_watched_at",
                        "last_watched_at", "device", "declared_country", "network_country"),
        "views": rows(ReplayView, "lecture_id", "user_id", "browser_id", "day", "ranges", "seconds_watched",
                      "counted", "declared_country", "network_country"),
        "positions": rows(ReplayPosition, "user_id", "lecture_id", "position"),
    }


def test_the_real_compaction_of_the_beats_gives_the_same_rows(app):
    figures = scale.generate(TINY, now=NOW, with_beats=True)
    db.session.commit()
    beats = db.session.execute(sa.select(sa.func.count()).select_from(Beat)).scalar()
    assert beats == figures.counts["live_beats"] + figures.counts["replay_beats"]
    assert compaction.cursor_row().position == db.session.execute(sa.select(sa.func.max(Beat.id))).scalar()
    generated = _derived()
    assert generated["attendance"] and generated["views"] and generated["curve"]
    assert any(len(row[3]) > 1 for row in generated["attendance"])  # rejoins among them

    for model in (Attendance, LiveConcurrency, ReplayWatch, ReplayView, ReplayPosition):
        db.session.execute(sa.delete(model))
    compaction.cursor_row().position = 0
    db.session.commit()
    while compaction.compact(limit=20_000):
        db.session.commit()
    assert _derived() == generated


def test_the_command_fills_an_empty_database_only(app, runner):
    result = runner.invoke(args=["demo", "--scale", "programme", "--factor", "0.01"])
    assert result.exit_code == 0, result.output
    assert "Generating 40 lectures, 81 participants from 27 countries and 1,040 replay views" in result.output
    assert "live attendances" in result.output and "replay views by" in result.output
    password = result.output.split("password:")[1].split()[0]
    assert password.startswith("demo-")
    assert db.session.execute(sa.select(sa.func.count()).select_from(Lecture)).scalar() == 40

    again = runner.invoke(args=["demo", "--scale", "programme"])
    assert again.exit_code == 1 and "holds data already" in again.output
    stored = runner.invoke(args=["demo", "--scale", "programme", "--if-empty"])
    assert stored.exit_code == 0 and f"password: {password}" in stored.output
    assert db.session.execute(sa.select(sa.func.count()).select_from(Lecture)).scalar() == 40
