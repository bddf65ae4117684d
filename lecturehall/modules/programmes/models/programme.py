"""A programme groups lectures and names the partner countries and the organisers who run it; its name and
description are written in one language, with any number of translations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from lecturehall.modules.accounts.models import User

programme_organisers = sa.Table(
    "programme_organisers",
    db.metadata,
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class ProgrammeCountry(db.Model):
    __tablename__ = "programme_countries"

    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    country: so.Mapped[str] = so.mapped_column(sa.String(2), primary_key=True)


class ProgrammeTranslation(db.Model):
    __tablename__ = "programme_translations"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "language", name="uq_programme_translations_programme_language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")


class Programme(db.Model):
    __tablename__ = "programmes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The language of the name and description above; translations live in programme_translations.
    original_language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en", server_default="en")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    countries: so.Mapped[list[ProgrammeCountry]] = so.relationship(
        cascade="all, delete-orphan", order_by=ProgrammeCountry.country
    )
    organisers: so.Mapped[list[User]] = so.relationship(secondary=programme_organisers)
    translations: so.Mapped[list[ProgrammeTranslation]] = so.relationship(
        cascade="all, delete-orphan", order_by=ProgrammeTranslation.language, passive_deletes=True)

    def translation(self, language: str) -> ProgrammeTranslation | None:
        return next((t for t in self.translations if t.language == language), None)

    @property
    def country_codes(self) -> list[str]:
        return [c.country for c in self.countries]

    def is_organiser(self, user) -> bool:
        return any(organiser.id == user.id for organiser in self.organisers)
