"""Compaction: raw beats folded into live attendance, the viewer curve, replay watching and views. Several tabs and
devices count once, rejoins merge, the attendance rule holds at its edges, duplicates and reordering change nothing,
and a crash at any point followed by a restart gives the same figures as one clean run."""

import random
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.job_runs import JobRun
from lecturehall.modules.media.models import Replay
from lecturehall.modules.presence import compaction, operations, tasks
from lecturehall.modules.presence.models import (
    Attendance,
    Beat,
    CompactionCursor,
    LiveConcurrency,
    LiveInterval,
    ReplayView,
    ReplayWatch,
)
from tests.presence.helpers import T0, live_session, raw_beat, store


@pytest.fixture
def lecture(create_lecture):
    lecture = create_lecture("Bringing agricultural specialties online", duration=60)
    db.session.add(LiveInterval(lecture_id=lecture.id, started_at=T0, ended_at=T0 + timedelta(hours=1)))
    db.session.commit()
    return lecture


def compact_all():
    tasks.compact_beats()


def attendance(lecture, user) -> Attendance:
    return db.session.execute(sa.select(Attendance).where(Attendance.lecture_id == lecture.id,
                                                          Attendance.user_id == user.id)).scalar_one()


def figures(lecture_id):
    """Everything derived for a lecture, as plain values (to compare runs)."""
    def rows(model, *order):
        table = model.__table__
        columns = [c for c in table.columns if c.name != "id"]
        return [tuple(row) for row in db.session.execute(
            sa.select(*columns).where(table.c.lecture_id == lecture_id).order_by(*order)).all()]
    return (rows(Attendance, Attendance.user_id, Attendance.browser_id),
            rows(ReplayWatch, ReplayWatch.user_id, ReplayWatch.browser_id),
            rows(ReplayView, ReplayView.user_id, ReplayView.day),
            rows(LiveConcurrency, LiveConcurrency.minute))


def test_two_tabs_and_two_devices_are_counted_once(lecture, create_user):
    viewer = create_user(country="UY")
    store(live_session(lecture, viewer, T0, 10, session="tab-1")
          + live_session(lecture, viewer, T0 + timedelta(minutes=5), 10, session="tab-2")
          + live_session(lecture, viewer, T0 + timedelta(minutes=8), 10, session="phone", device="mobile"))
    compact_all()
    row = attendance(lecture, viewer)
    assert row.seconds_present == 18 * 60  # 10:00 to 10:18, not 30 minutes
    assert row.first_seen_at == T0 and row.last_seen_at == T0 + timedelta(minutes=18)
    assert row.devices == "desktop,mobile" and row.device == "desktop"
    assert row.declared_country == "UY"
    minutes = db.session.execute(sa.select(LiveConcurrency.viewers).where(
        LiveConcurrency.lecture_id == lecture.id).order_by(LiveConcurrency.minute)).scalars().all()
    assert minutes == [1] * 18  # one viewer in each minute, however many tabs


def test_rejoins_merge_and_short_gaps_are_bridged(lecture, create_user):
    viewer = create_user()
    # Five minutes, a 25 s drop-out (under two beats: bridged), five more, then a 2-minute gap (a rejoin).
    first = live_session(lecture, viewer, T0, 5, session="a")
    second = live_session(lecture, viewer, T0 + timedelta(minutes=5, seconds=25), 5, session="b")
    third = live_session(lecture, viewer, T0 + timedelta(minutes=12, seconds=25), 5, session="c")
    store(first + second + third)
    compact_all()
    row = attendance(lecture, viewer)
    assert len(row.intervals) == 2
    assert row.seconds_present == (10 * 60 + 25) + 5 * 60


@pytest.mark.parametrize("minutes_present, rule, attended", [
    (30, None, True),  # 50 % of a 60-minute live time, exactly
    (29.75, None, False),  # 15 s short
    (20, ("minutes", 20), True),
    (19.75, ("minutes", 20), False),
    (48, ("percent", 80), True),
    (47.75, ("percent", 80), False),
])
def test_the_attendance_rule_at_its_edges(lecture, create_user, minutes_present, rule, attended):
    if rule is not None:
        kind, value = rule
        operations.save_rule(lecture.programme_id, value if kind == "minutes" else None,
                             value if kind == "percent" else None)
        db.session.commit()
    viewer = create_user()
    store(live_session(lecture, viewer, T0, minutes_present))
    compact_all()
    row = attendance(lecture, viewer)
    assert row.seconds_present == minutes_present * 60
    assert row.attended is attended


def test_the_live_time_comes_from_the_status_history(create_lecture, create_user):
    """Without a recorded live stretch the scheduled duration counts; an organiser's real one wins."""
    lecture = create_lecture(duration=90)
    viewer = create_user()
    store(live_session(lecture, viewer, T0, 40))
    compact_all()
    assert attendance(lecture, viewer).attended is False  # 40 of 90 scheduled minutes
    db.session.add(LiveInterval(lecture_id=lecture.id, started_at=T0, ended_at=T0 + timedelta(minutes=70)))
    db.session.commit()
    tasks.judge_lecture(lecture.id)
    db.session.commit()
    assert attendance(lecture, viewer).attended is True  # 40 of 70 minutes actually live


def _replay(lecture, duration):
    db.session.add(Replay(lecture_id=lecture.id, directory=f"replays/{lecture.id}/v1", duration=duration))
    db.session.commit()


def _watch(lecture, user, ranges, *, session="r1", day_offset=0, speed=1.0, browser=None):
    at = T0 + timedelta(days=day_offset)
    return [raw_beat(lecture, seq, at + timedelta(seconds=seq * 15), session=session, user=user, browser=browser,
                     live=False, pos=pos, speed=speed) for seq, pos in enumerate(ranges, start=1)]


@pytest.mark.parametrize("watched, counted", [(29, False), (30, True)])
def test_a_replay_view_counts_after_30_seconds(lecture, create_user, watched, counted):
    _replay(lecture, 3600)
    viewer = create_user()
    store(_watch(lecture, viewer, [(0, 15), (15, watched)]))
    compact_all()
    view = db.session.execute(sa.select(ReplayView)).scalar_one()
    assert view.seconds_watched == watched and view.counted is counted


def test_a_short_recording_counts_after_half_its_length_and_rewatching_counts_once(lecture, create_user):
    _replay(lecture, 40)
    viewer = create_user()
    store(_watch(lecture, viewer, [(0, 10), (10, 19), (0, 10), (5, 15)]))
    compact_all()
    view = db.session.execute(sa.select(ReplayView)).scalar_one()
    assert view.seconds_watched == 19 and view.counted is False  # 19 s of 40: under half, re-watching adds nothing
    store(_watch(lecture, viewer, [(19, 20)], session="r2"))
    compact_all()
    db.session.expire_all()
    assert db.session.execute(sa.select(ReplayView)).scalar_one().counted is True


def test_views_count_once_per_day_and_watch_time_is_the_union(lecture, create_user):
    _replay(lecture, 600)
    viewer = create_user()
    store(_watch(lecture, viewer, [(0, 60), (60, 120)], session="d1")
          + _watch(lecture, viewer, [(30, 90), (90, 100)], session="d1b")
          + _watch(lecture, viewer, [(0, 60), (300, 330)], session="d2", day_offset=1, speed=1.5))
    compact_all()
    views = db.session.execute(sa.select(ReplayView).order_by(ReplayView.day)).scalars().all()
    assert [(view.seconds_watched, view.counted) for view in views] == [(120.0, True), (90.0, True)]
    watch = db.session.execute(sa.select(ReplayWatch)).scalar_one()
    assert watch.seconds_watched == 150  # 0–120 and 300–330
    assert watch.furthest == 330 and watch.completion == 25.0
    assert watch.position == 330 and watch.speed == 1.5  # the last beat: where to resume


def test_anonymous_replays_count_per_browser(lecture):
    _replay(lecture, 600)
    store(_watch(lecture, None, [(0, 40)], session="x", browser="browser-one-0000001")
          + _watch(lecture, None, [(0, 40)], session="y", browser="browser-two-0000002"))
    compact_all()
    views = db.session.execute(sa.select(ReplayView).where(ReplayView.counted)).scalars().all()
    assert sorted(view.browser_id for view in views) == ["browser-one-0000001", "browser-two-0000002"]


def _mixed_beats(lecture, users):
    rows = []
    for index, user in enumerate(users):
        rows += live_session(lecture, user, T0 + timedelta(minutes=index), 12, session=f"live-{index}")
        rows += _watch(lecture, user, [(0, 20), (20, 45), (100, 130)], session=f"replay-{index}")
    return rows


def test_duplicates_and_reordering_change_nothing(lecture, create_user):
    _replay(lecture, 600)
    users = [create_user() for _ in range(3)]
    rows = _mixed_beats(lecture, users)
    store(rows)
    compact_all()
    clean = figures(lecture.id)
    # The same beats again, shuffled: refused by the unique index, nothing new to fold.
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    store(shuffled)
    compact_all()
    assert db.session.execute(sa.select(sa.func.count()).select_from(Beat)).scalar_one() == len(rows)
    assert figures(lecture.id) == clean
    # Folding the same beats once more (as after a crash that lost the cursor) changes nothing either.
    db.session.execute(sa.update(CompactionCursor).values(position=0))
    db.session.commit()
    compact_all()
    assert figures(lecture.id) == clean
    compaction.rebuild_lecture(lecture.id)
    db.session.commit()
    assert figures(lecture.id) == clean


def test_a_crash_between_storing_and_deriving_then_a_restart_gives_the_same_figures(lecture, create_user):
    _replay(lecture, 600)
    users = [create_user() for _ in range(3)]
    rows = _mixed_beats(lecture, users)
    random.Random(5).shuffle(rows)
    store(rows[: len(rows) // 2])
    # First run: one small batch commits, the next is folded but the process dies before its commit.
    assert compaction.compact(limit=40) == 40
    db.session.commit()
    compaction.compact(limit=40)
    db.session.rollback()  # the crash: nothing of that batch is kept
    store(rows[len(rows) // 2:])  # beats go on arriving meanwhile
    compact_all()  # the restarted worker
    incremental = figures(lecture.id)
    compaction.rebuild_lecture(lecture.id)  # from scratch, from the raw beats
    db.session.commit()
    assert figures(lecture.id) == incremental
    assert incremental[0] and incremental[1] and incremental[3]


def test_old_beats_are_pruned_once_compacted(app, lecture, create_user):
    viewer = create_user()
    store(live_session(lecture, viewer, T0, 2))
    db.session.execute(sa.update(Beat).values(received_at=T0))
    db.session.commit()
    assert operations.prune_beats() == 0  # not compacted yet
    compact_all()
    figures_before = figures(lecture.id)
    assert operations.prune_beats(now=T0 + timedelta(days=89)) == 0
    assert operations.prune_beats(now=T0 + timedelta(days=91)) == 9
    db.session.commit()
    assert db.session.execute(sa.select(sa.func.count()).select_from(Beat)).scalar_one() == 0
    assert figures(lecture.id) == figures_before


def test_the_daily_prune_forgets_old_successful_compaction_runs(app):
    old = utcnow() - timedelta(days=2)
    db.session.add_all([JobRun(task=tasks.COMPACT, job_id="presence-compact", started_at=old, succeeded=True),
                        JobRun(task=tasks.COMPACT, job_id="presence-compact", started_at=old, succeeded=False),
                        JobRun(task=tasks.COMPACT, job_id="presence-compact", succeeded=True),
                        JobRun(task="lectures.advance_status", job_id="x", started_at=old, succeeded=True)])
    db.session.commit()
    tasks.prune_beats()
    db.session.commit()
    kept = db.session.execute(sa.select(JobRun.task, JobRun.succeeded).order_by(JobRun.id)).all()
    assert [tuple(row) for row in kept] == [(tasks.COMPACT, False), (tasks.COMPACT, True),
                                            ("lectures.advance_status", True)]


def test_the_sweep_compacts_and_sets_up_the_recurring_jobs(app, lecture, create_user):
    store(live_session(lecture, create_user(), T0, 3))
    scheduler_module._runner_app = app
    scheduler_module.run_job("scheduler.sweep")
    db.session.expire_all()
    assert db.session.execute(sa.select(Attendance.seconds_present)).scalar_one() == 180
    scheduler = scheduler_module.get_scheduler(app)
    assert scheduler.has_job(tasks.COMPACT_JOB_ID) and scheduler.has_job(tasks.PRUNE_JOB_ID)
