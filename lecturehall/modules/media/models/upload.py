"""A resumable upload in progress: bytes arrive in chunks, appended to a part file until the declared size."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class UploadPurpose(enum.Enum):
    recording = "recording"  # the main recording (video or audio)
    audio = "audio"  # an interpretation track in another language
    subtitles = "subtitles"


class UploadStatus(enum.Enum):
    receiving = "receiving"
    complete = "complete"  # every byte is in; checked and attached
    failed = "failed"


class Upload(db.Model):
    __tablename__ = "uploads"
    __table_args__ = (
        sa.CheckConstraint("received >= 0 AND received <= size", name="received_within_size"),
        sa.CheckConstraint("size > 0", name="size_positive"),
    )

    # The id is the upload's secret URL part: unguessable.
    id: so.Mapped[str] = so.mapped_column(sa.String(43), primary_key=True,
                                          default=lambda: secrets.token_urlsafe(32))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    purpose: so.Mapped[UploadPurpose] = so.mapped_column(enum_column(UploadPurpose, "upload_purpose"))
    language: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    size: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    received: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    status: so.Mapped[UploadStatus] = so.mapped_column(enum_column(UploadStatus, "upload_status"),
                                                       default=UploadStatus.receiving)
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def part_path(self) -> str:
        return f"uploads/{self.id}.part"
