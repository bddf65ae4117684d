"""A topic tag, with its name in each language (falls back to the first name given)."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import db


class Tag(db.Model):
    __tablename__ = "tags"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    # {"en": "Live-stream selling", "zh": "直播带货", ...}
    names: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or next(iter(self.names.values()), self.slug)
