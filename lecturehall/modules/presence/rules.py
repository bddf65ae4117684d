"""Whether someone attended: the programme's rule (at least N minutes, or N % of the lecture's actual live time;
PRESENCE_ATTENDED_PERCENT of it without a rule), and the lecture's actual live time: its live stretches from the
status history, or the scheduled start to end when it never went live on record."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.presence.models import AttendanceRule, LiveInterval


def live_seconds(lecture, now: datetime | None = None) -> float:
    """How long the lecture has actually been live (so far, while it still is)."""
    now = now or utcnow()
    stretches = db.session.execute(sa.select(LiveInterval).where(LiveInterval.lecture_id == lecture.id)).scalars().all()
    if not stretches:
        return float(lecture.duration_minutes * 60)
    return sum(max(0.0, ((stretch.ended_at or now) - stretch.started_at).total_seconds()) for stretch in stretches)


def rule_for(programme_id: int) -> AttendanceRule | None:
    return db.session.get(AttendanceRule, programme_id)


def attended(seconds_present: float, live: float, rule: AttendanceRule | None, default_percent: int) -> bool:
    if rule is not None and rule.min_minutes:
        return seconds_present >= rule.min_minutes * 60
    percent = rule.min_percent if rule is not None and rule.min_percent else default_percent
    return live > 0 and seconds_present * 100 >= live * percent


class Judge:
    """``judge(lecture, seconds_present)``, reading each lecture's live time and rule once."""

    def __init__(self):
        self.default_percent = int(current_app.config["PRESENCE_ATTENDED_PERCENT"])
        self.cache: dict[int, tuple[float, AttendanceRule | None]] = {}

    def __call__(self, lecture, seconds_present: float) -> bool:
        if lecture.id not in self.cache:
            self.cache[lecture.id] = (live_seconds(lecture), rule_for(lecture.programme_id))
        live, rule = self.cache[lecture.id]
        return attended(seconds_present, live, rule, self.default_percent)


def default_percent() -> int:
    return int(current_app.config["PRESENCE_ATTENDED_PERCENT"])
