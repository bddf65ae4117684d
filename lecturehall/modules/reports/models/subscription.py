"""An admin's or a coordinator's subscription to a summary of participation by mail, weekly or monthly, with the
report as an XLSX file attached. ``last_period_end`` is the last day of the last period sent: a period is sent once,
however often the worker looks."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class Frequency(enum.Enum):
    weekly = "weekly"
    monthly = "monthly"


class ReportSubscription(db.Model):
    __tablename__ = "report_subscriptions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    frequency: so.Mapped[Frequency] = so.mapped_column(enum_column(Frequency, "report_frequency"))
    # None: every programme the subscriber may see.
    programme_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    last_period_end: so.Mapped[date | None] = so.mapped_column(sa.Date)
    last_sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
