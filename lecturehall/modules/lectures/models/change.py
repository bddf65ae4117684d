"""The history of a lecture: who changed what, and when."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class LectureChange(db.Model):
    __tablename__ = "lecture_changes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # "created", "edited", "rescheduled", "cancelled", "status" ...
    action: so.Mapped[str] = so.mapped_column(sa.String(32))
    # {"field": [old, new], ...} in plain values (ISO datetimes)
    details: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)

    user = so.relationship("User")
