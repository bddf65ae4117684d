"""A speaker, reused across lectures."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class Speaker(db.Model):
    __tablename__ = "speakers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    affiliation: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    bio: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Path of the photo inside the media folder (speakers/<id>-<hash>.jpg), or None.
    photo_path: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
