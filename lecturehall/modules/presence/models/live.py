"""When a lecture was actually live, how many watched it minute by minute, the programme's attendance rule, and
where the worker's compaction has got to."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class LiveInterval(db.Model):
    """One stretch of the lecture's live status (live -> ended); an organiser may take it live again."""

    __tablename__ = "lecture_live_intervals"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    ended_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())


class LiveConcurrency(db.Model):
    """Viewers present during each minute of a lecture (the concurrent-viewer curve)."""

    __tablename__ = "live_concurrency"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    minute: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), primary_key=True)
    viewers: so.Mapped[int] = so.mapped_column(default=0)


class AttendanceRule(db.Model):
    """What counts as attended in a programme's lectures: at least ``min_minutes`` present, or else at least
    ``min_percent`` of the lecture's actual live time (PRESENCE_ATTENDED_PERCENT when there is no rule)."""

    __tablename__ = "attendance_rules"
    __table_args__ = (
        sa.CheckConstraint("min_minutes IS NULL OR min_minutes > 0", name="minutes_positive"),
        sa.CheckConstraint("min_percent IS NULL OR (min_percent > 0 AND min_percent <= 100)", name="percent_range"),
    )

    programme_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    min_minutes: so.Mapped[int | None] = so.mapped_column()
    min_percent: so.Mapped[int | None] = so.mapped_column()
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CompactionCursor(db.Model):
    """The id of the last raw beat folded into the derived tables (committed with them)."""

    __tablename__ = "presence_cursors"

    name: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    position: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
