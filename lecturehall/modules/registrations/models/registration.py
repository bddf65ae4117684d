"""A participant's registration for a lecture: a place, or a spot on the waiting list."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class RegistrationStatus(enum.Enum):
    registered = "registered"
    waitlisted = "waitlisted"
    cancelled = "cancelled"


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("lecture_id", "user_id", name="uq_registrations_lecture_user"),
        sa.Index("ix_registrations_lecture_status", "lecture_id", "status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: so.Mapped[RegistrationStatus] = so.mapped_column(enum_column(RegistrationStatus, "registration_status"))
    # Waiting-list order: the earliest request moves up first.
    requested_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    registered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    lecture = so.relationship("Lecture")
    user = so.relationship("User")
