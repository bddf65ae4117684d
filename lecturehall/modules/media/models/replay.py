"""A published replay (the HLS ladder and its extras), and where each learner stopped watching."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class Replay(db.Model):
    __tablename__ = "replays"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), unique=True)
    # The folder in storage holding master.m3u8 and the renditions (replays/<lecture>/<version>).
    directory: so.Mapped[str] = so.mapped_column(sa.String(400))
    version: so.Mapped[int] = so.mapped_column(default=1)
    # True while only the quick remux is published; the full ladder replaces it.
    quick: so.Mapped[bool] = so.mapped_column(default=False)
    duration: so.Mapped[float] = so.mapped_column(default=0.0)
    has_video: so.Mapped[bool] = so.mapped_column(default=True)
    poster_path: so.Mapped[str | None] = so.mapped_column(sa.String(400))
    thumbnails_path: so.Mapped[str | None] = so.mapped_column(sa.String(400))
    download_path: so.Mapped[str | None] = so.mapped_column(sa.String(400))
    allow_download: so.Mapped[bool] = so.mapped_column(default=False)
    published_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class ReplayPosition(db.Model):
    __tablename__ = "replay_positions"
    __table_args__ = (sa.UniqueConstraint("user_id", "lecture_id", name="uq_replay_positions_user_lecture"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    position: so.Mapped[float] = so.mapped_column(default=0.0)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
