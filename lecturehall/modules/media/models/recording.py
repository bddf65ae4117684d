"""A lecture's main recording, and its extra tracks: interpretation audio and subtitles per language."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class Recording(db.Model):
    __tablename__ = "recordings"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    # The source file in storage (recordings/<lecture>/<id>-<name>).
    path: so.Mapped[str] = so.mapped_column(sa.String(400))
    original_filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    size: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    # What ffprobe found: duration, width, height, fps, codecs.
    info: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class TrackKind(enum.Enum):
    audio = "audio"
    subtitles = "subtitles"


class Track(db.Model):
    __tablename__ = "tracks"
    __table_args__ = (sa.UniqueConstraint("lecture_id", "kind", "language", name="uq_tracks_lecture_kind_language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[TrackKind] = so.mapped_column(enum_column(TrackKind, "track_kind"))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    path: so.Mapped[str] = so.mapped_column(sa.String(400))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
