"""A change that every registered participant of a lecture must hear about (rescheduled, cancelled)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow
from lecturehall.modules.notifications.models.delivery import MailKind


class Notice(db.Model):
    __tablename__ = "notices"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[MailKind] = so.mapped_column(enum_column(MailKind, "notice_kind"))
    # The start time before the change, for "moved from ... to ...".
    previous_starts_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    completed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime(), index=True)
