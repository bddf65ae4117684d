"""Compaction: folding raw heartbeats into the derived figures (live attendance, the concurrent-viewer curve, replay
watching and replay views), in id order from a cursor committed with the figures.

Every figure is a union of intervals or a maximum, so folding a beat twice changes nothing: a crash after the
figures were written but before the cursor moved cannot happen (one transaction), and a crash before either leaves
the beats to the next run, which gives the same figures. Beats never appear below the cursor later (the writer
commits batches in id order), so the cursor is enough to resume.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from flask import current_app

from lecturehall.core.db import db, in_values
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.media import operations as media_operations
from lecturehall.modules.media import queries as media_queries
from lecturehall.modules.presence import intervals as iv
from lecturehall.modules.presence import rules, signals
from lecturehall.modules.presence.models import (
    Attendance,
    Beat,
    CompactionCursor,
    LiveConcurrency,
    ReplayView,
    ReplayWatch,
)

CURSOR = "beats"


def _ts(value: datetime) -> float:
    return round(value.timestamp(), 3)


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def cursor_row() -> CompactionCursor:
    """The cursor, locked for this transaction on PostgreSQL (one compaction at a time, whoever runs it)."""
    query = sa.select(CompactionCursor).where(CompactionCursor.name == CURSOR).with_for_update()
    row = db.session.execute(query).scalar_one_or_none()
    if row is None:
        # The first compaction makes the row; two jobs may try at once (the first start of a site), so the second
        # insert does nothing instead of failing, and both then read the one row.
        insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(
            CompactionCursor.__table__)
        db.session.execute(insert.values(name=CURSOR, position=0).on_conflict_do_nothing(index_elements=["name"]))
        row = db.session.execute(query).scalar_one()
    return row


def compact(limit: int = 5000) -> int:
    """Folds up to ``limit`` beats after the cursor into the figures and moves the cursor; flushes only. Returns how
    many beats were folded (0: caught up)."""
    cursor = cursor_row()
    beats = db.session.execute(sa.select(Beat.__table__).where(Beat.id > cursor.position)
                               .order_by(Beat.id).limit(limit)).all()
    if not beats:
        return 0
    fold(beats)
    cursor.position = beats[-1].id
    db.session.flush()
    return len(beats)


def fold(beats) -> None:
    """Folds ``beats`` (rows of presence_beats) into the figures."""
    live, replay = defaultdict(list), defaultdict(list)
    for beat in beats:
        (live if beat.live else replay)[(beat.lecture_id, beat.user_id, beat.browser_id)].append(beat)
    lecture_ids = {key[0] for key in (*live, *replay)}
    lectures = {lecture.id: lecture for lecture in db.session.execute(
        sa.select(Lecture).where(Lecture.id.in_(lecture_ids))).scalars()}
    user_ids = {key[1] for key in (*live, *replay) if key[1] is not None}
    countries = dict(db.session.execute(sa.select(User.id, User.country).where(in_values(User.id, user_ids))).all()) \
        if user_ids else {}
    if live:
        _fold_live(live, lectures, countries)
    if replay:
        _fold_replay(replay, lectures, countries)
    db.session.flush()
    signals.activity_folded.send(None, people={(user_id, browser_id if user_id is None else None)
                                               for _lecture, user_id, browser_id in (*live, *replay)},
                                 replay_days={(beat.lecture_id, beat.at.date()) for beats in replay.values()
                                              for beat in beats})


def _existing(model, keys) -> dict:
    """The rows of ``model`` for these (lecture, user, browser) keys, by key."""
    found = {}
    by_lecture = defaultdict(lambda: (set(), set()))
    for lecture_id, user_id, browser_id in keys:
        users, browsers = by_lecture[lecture_id]
        (users if user_id is not None else browsers).add(user_id if user_id is not None else browser_id)
    for lecture_id, (users, browsers) in by_lecture.items():
        clauses = []
        if users:
            clauses.append(in_values(model.user_id, users))
        if browsers:
            clauses.append(in_values(model.browser_id, browsers))
        for row in db.session.execute(sa.select(model).where(model.lecture_id == lecture_id, sa.or_(*clauses)))\
                .scalars():
            found[(row.lecture_id, row.user_id, row.browser_id if row.user_id is None else None)] = row
    return found


def _fold_live(groups: dict, lectures: dict, countries: dict) -> None:
    bridge = 2 * current_app.config["PRESENCE_BEAT_SECONDS"]
    rows = _existing(Attendance, groups)
    added_minutes: dict[tuple[int, int], int] = defaultdict(int)
    judged = rules.Judge()
    for key, beats in groups.items():
        lecture_id, user_id, browser_id = key
        lecture = lectures.get(lecture_id)
        if lecture is None:
            continue  # deleted since
        row = rows.get(key)
        if row is None:
            row = Attendance(lecture_id=lecture_id, user_id=user_id, browser_id=browser_id, intervals=[],
                             devices="", audio_only_used=False, seconds_present=0)
            db.session.add(row)
        old = row.intervals or []
        merged = iv.union(old + [[_ts(b.at) - b.seconds, _ts(b.at)] for b in beats], bridge)
        for minute in iv.minutes(merged) - iv.minutes(old):
            added_minutes[(lecture_id, minute)] += 1
        row.intervals = merged
        row.seconds_present = int(round(iv.measure(merged)))
        row.first_seen_at, row.last_seen_at = _at(merged[0][0]), _at(merged[-1][1])
        ordered = sorted(beats, key=lambda b: (b.at, b.seq))
        used = set(filter(None, row.devices.split(","))) | {b.device for b in beats}
        row.devices = ",".join(sorted(used))
        row.device = row.device or ordered[0].device
        row.audio_only_used = row.audio_only_used or any(b.audio_only for b in beats)
        interpreted = [b.language for b in ordered if b.language and b.language != lecture.lecture_language]
        row.interpretation_language = row.interpretation_language or (interpreted[0] if interpreted else None)
        row.network_country = row.network_country or next((b.network_country for b in ordered if b.network_country),
                                                          None)
        row.declared_country = countries.get(user_id) if user_id is not None else None
        row.attended = judged(lecture, row.seconds_present)
    _add_concurrency(added_minutes)


def _add_concurrency(added: dict[tuple[int, int], int]) -> None:
    if not added:
        return
    by_lecture = defaultdict(dict)
    for (lecture_id, minute), count in added.items():
        by_lecture[lecture_id][_at(minute * 60)] = count
    for lecture_id, counts in by_lecture.items():
        existing = {row.minute: row for row in db.session.execute(sa.select(LiveConcurrency).where(
            LiveConcurrency.lecture_id == lecture_id, LiveConcurrency.minute.in_(list(counts)))).scalars()}
        for minute, count in counts.items():
            row = existing.get(minute)
            if row is None:
                db.session.add(LiveConcurrency(lecture_id=lecture_id, minute=minute, viewers=count))
            else:
                row.viewers += count


def view_threshold(duration: float) -> float:
    """Seconds watched in a day that make a view: PRESENCE_REPLAY_VIEW_SECONDS, or half a shorter recording."""
    seconds = float(current_app.config["PRESENCE_REPLAY_VIEW_SECONDS"])
    return min(seconds, duration / 2) if duration > 0 else seconds


def _fold_replay(groups: dict, lectures: dict, countries: dict) -> None:
    watches = _existing(ReplayWatch, groups)
    durations = {}
    for lecture_id in {key[0] for key in groups}:
        replay = media_queries.replay_of(lecture_id)
        durations[lecture_id] = replay.duration if replay is not None else 0.0
    days: dict[tuple, list] = defaultdict(list)
    for key, beats in groups.items():
        lecture_id, user_id, browser_id = key
        if lecture_id not in lectures:
            continue
        row = watches.get(key)
        if row is None:
            row = ReplayWatch(lecture_id=lecture_id, user_id=user_id, browser_id=browser_id, ranges=[],
                              furthest=0.0, position=0.0, speed=1.0)
            db.session.add(row)
        row.ranges = iv.union((row.ranges or []) + [[b.pos_from, b.pos_to] for b in beats])
        row.seconds_watched = round(iv.measure(row.ranges), 3)
        row.furthest = max([row.furthest or 0.0] + [b.pos_to for b in beats])
        row.duration = durations[lecture_id] or row.furthest
        row.completion = round(min(100.0, 100.0 * row.seconds_watched / row.duration), 2) if row.duration else 0.0
        latest = max(beats, key=lambda b: (b.at, b.seq))
        if row.position_at is None or latest.at >= row.position_at:
            row.position, row.speed, row.position_at = latest.pos_to, latest.speed, latest.at
            if user_id is not None:
                media_operations.save_position(user_id, lecture_id, latest.pos_to)
        first = min(b.at for b in beats)
        row.first_watched_at = min(row.first_watched_at or first, first)
        row.last_watched_at = max(row.last_watched_at or latest.at, latest.at)
        row.device = row.device or min(beats, key=lambda b: (b.at, b.seq)).device
        row.network_country = row.network_country or next((b.network_country for b in beats if b.network_country),
                                                          None)
        row.declared_country = countries.get(user_id) if user_id is not None else None
        for beat in beats:
            days[(key, beat.at.date())].append(beat)
    _fold_views(days, durations, countries)


def _fold_views(days: dict, durations: dict, countries: dict) -> None:
    views = {}
    keys = {key for key, _day in days}
    for (key, day), row in _existing_views(keys).items():
        views[(key, day)] = row
    for (key, day), beats in days.items():
        lecture_id, user_id, browser_id = key
        row = views.get((key, day))
        if row is None:
            row = ReplayView(lecture_id=lecture_id, user_id=user_id, browser_id=browser_id, day=day, ranges=[])
            db.session.add(row)
        row.ranges = iv.union((row.ranges or []) + [[b.pos_from, b.pos_to] for b in beats])
        row.seconds_watched = round(iv.measure(row.ranges), 3)
        row.counted = row.seconds_watched >= view_threshold(durations.get(lecture_id) or 0.0)
        row.network_country = row.network_country or next((b.network_country for b in beats if b.network_country),
                                                          None)
        row.declared_country = countries.get(user_id) if user_id is not None else None


def _existing_views(keys) -> dict:
    found = {}
    for lecture_id in {key[0] for key in keys}:
        users = {key[1] for key in keys if key[0] == lecture_id and key[1] is not None}
        browsers = {key[2] for key in keys if key[0] == lecture_id and key[1] is None}
        clauses = ([in_values(ReplayView.user_id, users)] if users else []) + \
                  ([in_values(ReplayView.browser_id, browsers)] if browsers else [])
        for row in db.session.execute(sa.select(ReplayView).where(ReplayView.lecture_id == lecture_id,
                                                                  sa.or_(*clauses))).scalars():
            key = (row.lecture_id, row.user_id, row.browser_id if row.user_id is None else None)
            found[(key, row.day)] = row
    return found


def rebuild_lecture(lecture_id: int) -> None:
    """Recomputes a lecture's figures from its raw beats up to the cursor (what compaction would give, from
    scratch); flushes only. For checks and repairs: the result must equal the incremental one."""
    position = cursor_row().position
    before = set()
    for model in (Attendance, ReplayView):
        before |= {(user_id, browser_id if user_id is None else None) for user_id, browser_id in db.session.execute(
            sa.select(model.user_id, model.browser_id).where(model.lecture_id == lecture_id).distinct())}
    days_before = {(lecture_id, day) for day in db.session.execute(
        sa.select(ReplayView.day).where(ReplayView.lecture_id == lecture_id).distinct()).scalars()}
    for model in (Attendance, ReplayWatch, ReplayView, LiveConcurrency):
        db.session.execute(sa.delete(model).where(model.lecture_id == lecture_id))
    db.session.flush()
    beats = db.session.execute(sa.select(Beat.__table__).where(Beat.lecture_id == lecture_id, Beat.id <= position)
                               .order_by(Beat.id)).all()
    if beats:
        fold(beats)
    db.session.flush()
    # also those whose beats are gone (pruned), and the days they were watched on
    signals.activity_folded.send(None, people=before, replay_days=days_before)
