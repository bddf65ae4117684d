"""One mail about one lecture to one participant: claimed before sending, marked when sent, never sent twice."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column


class MailKind(enum.Enum):
    reminder_24h = "reminder_24h"
    reminder_15m = "reminder_15m"
    rescheduled = "rescheduled"
    cancelled = "cancelled"

    @property
    def before_start(self) -> timedelta:
        return timedelta(hours=24) if self is MailKind.reminder_24h else timedelta(minutes=15)


REMINDERS = (MailKind.reminder_24h, MailKind.reminder_15m)


class Delivery(db.Model):
    __tablename__ = "deliveries"
    __table_args__ = (
        sa.UniqueConstraint("lecture_id", "user_id", "kind", "key", name="uq_deliveries_once"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: so.Mapped[MailKind] = so.mapped_column(enum_column(MailKind, "mail_kind"))
    # Tells apart mails of one kind: "" for reminders, the notice id for change notices.
    key: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    # A claim is a lease: a sender that dies mid-send leaves it to expire, and another sender takes it over.
    claimed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
