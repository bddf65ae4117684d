"""Writes of presence (flush only; the caller commits): the lecture's live stretches, the programme's attendance
rule, judging a lecture's attendance again, and pruning raw beats past their retention."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.presence import rules
from lecturehall.modules.presence.compaction import cursor_row
from lecturehall.modules.presence.models import Attendance, AttendanceRule, Beat, LiveInterval


def lecture_went_live(lecture_id: int, at: datetime) -> None:
    """Opens a live stretch (unless one is open already)."""
    open_stretch = db.session.execute(sa.select(LiveInterval).where(
        LiveInterval.lecture_id == lecture_id, LiveInterval.ended_at.is_(None))).scalar_one_or_none()
    if open_stretch is None:
        db.session.add(LiveInterval(lecture_id=lecture_id, started_at=at))
        db.session.flush()


def lecture_stopped_live(lecture_id: int, at: datetime) -> None:
    """Closes the open live stretch, if there is one."""
    for stretch in db.session.execute(sa.select(LiveInterval).where(
            LiveInterval.lecture_id == lecture_id, LiveInterval.ended_at.is_(None))).scalars():
        stretch.ended_at = max(at, stretch.started_at)
    db.session.flush()


def save_rule(programme_id: int, min_minutes: int | None, min_percent: int | None) -> AttendanceRule | None:
    """Sets the programme's rule (minutes win over a percentage); neither removes it (the default applies)."""
    rule = db.session.get(AttendanceRule, programme_id)
    if min_minutes is None and min_percent is None:
        if rule is not None:
            db.session.delete(rule)
            db.session.flush()
        return None
    if rule is None:
        rule = AttendanceRule(programme_id=programme_id)
        db.session.add(rule)
    rule.min_minutes, rule.min_percent = (min_minutes, None) if min_minutes else (None, min_percent)
    db.session.flush()
    return rule


def judge_lecture(lecture) -> int:
    """Decides "attended" again for everyone at the lecture (its live time or rule changed). Returns the count."""
    judge = rules.Judge()
    rows = db.session.execute(sa.select(Attendance).where(Attendance.lecture_id == lecture.id)).scalars().all()
    for row in rows:
        row.attended = judge(lecture, row.seconds_present)
    db.session.flush()
    return len(rows)


def prune_beats(now: datetime | None = None, chunk: int = 10_000) -> int:
    """Deletes raw beats older than PRESENCE_RETENTION_DAYS that compaction has folded in. Beats are received in id
    order, so the boundary is found by a binary search on the primary key (no index on the time is needed)."""
    cutoff = (now or utcnow()) - timedelta(days=int(current_app.config["PRESENCE_RETENTION_DAYS"]))
    position = cursor_row().position
    low = db.session.execute(sa.select(sa.func.min(Beat.id))).scalar()
    if low is None:
        return 0
    boundary, high = None, position
    while low <= high:
        middle = (low + high) // 2
        found = db.session.execute(sa.select(Beat.id, Beat.received_at).where(Beat.id >= middle)
                                   .order_by(Beat.id).limit(1)).first()
        if found is None or found.id > high or found.received_at >= cutoff:
            high = middle - 1
        else:
            boundary, low = found.id, found.id + 1
    if boundary is None:
        return 0
    deleted = 0
    while True:
        result = db.session.execute(sa.delete(Beat).where(Beat.id.in_(
            sa.select(Beat.id).where(Beat.id <= boundary).order_by(Beat.id).limit(chunk))))
        deleted += result.rowcount or 0
        if not result.rowcount:
            break
    db.session.flush()
    return deleted


def delete_lecture_presence(lecture_id: int) -> None:
    """Raw beats have no foreign key (kept lean): a deleted lecture's go with it."""
    db.session.execute(sa.delete(Beat).where(Beat.lecture_id == lecture_id))
    db.session.flush()
