"""A programme's certificate policy: whether watching a lecture's replay far enough earns its certificate, and
the rule its organisers last used for programme certificates. No row means the defaults (no replay certificates;
programme certificates for all lectures)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class ProgrammeRule(enum.Enum):
    all_lectures = "all"  # every lecture of the programme that took place
    at_least = "at_least"  # at least ``min_lectures`` of them


class CertificatePolicy(db.Model):
    __tablename__ = "certificate_policies"
    __table_args__ = (
        sa.CheckConstraint("replay_min_percent > 0 AND replay_min_percent <= 100", name="replay_percent_range"),
        sa.CheckConstraint("min_lectures IS NULL OR min_lectures > 0", name="min_lectures_positive"),
    )

    programme_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    allow_replay: so.Mapped[bool] = so.mapped_column(default=False)
    replay_min_percent: so.Mapped[int] = so.mapped_column(default=90)
    programme_rule: so.Mapped[ProgrammeRule] = so.mapped_column(
        enum_column(ProgrammeRule, "certificate_programme_rule"), default=ProgrammeRule.all_lectures)
    min_lectures: so.Mapped[int | None] = so.mapped_column()
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
