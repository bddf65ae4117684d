"""Live attendance: one row per person (or anonymous browser) per lecture, across tabs, devices and rejoins.

Kept current by the worker's compaction of heartbeats (or written by the demo). ``intervals`` holds the union of
present intervals ([[start, end], ...] in epoch seconds, gaps shorter than two beats bridged); the other figures
follow from it, so folding the same beats in again changes nothing.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class Attendance(db.Model):
    __tablename__ = "attendances"
    __table_args__ = (
        sa.UniqueConstraint("lecture_id", "user_id", name="uq_attendances_lecture_user"),
        sa.UniqueConstraint("lecture_id", "browser_id", name="uq_attendances_lecture_browser"),
        sa.CheckConstraint("user_id IS NOT NULL OR browser_id IS NOT NULL", name="has_viewer"),
        sa.Index("ix_attendances_lecture_last_seen", "lecture_id", "last_seen_at"),
        sa.Index("ix_attendances_browser", "browser_id"),  # an anonymous viewer's lectures (the reach summary)
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    browser_id: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    first_seen_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    seconds_present: so.Mapped[int] = so.mapped_column(default=0)
    intervals: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    # The kind of device first used, and every kind used ("desktop,mobile").
    device: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    devices: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    audio_only_used: so.Mapped[bool] = so.mapped_column(default=False)
    # The interpretation (audio language other than the lecture's) listened to last, if any.
    interpretation_language: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    attended: so.Mapped[bool] = so.mapped_column(default=False)
    # The profile's country (kept when the account is deleted) and the country of the network used.
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
