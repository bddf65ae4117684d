"""A programme groups lectures and names the partner countries and the organisers who run it."""

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


class Programme(db.Model):
    __tablename__ = "programmes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    countries: so.Mapped[list[ProgrammeCountry]] = so.relationship(
        cascade="all, delete-orphan", order_by=ProgrammeCountry.country
    )
    organisers: so.Mapped[list[User]] = so.relationship(secondary=programme_organisers)

    @property
    def country_codes(self) -> list[str]:
        return [c.country for c in self.countries]

    def is_organiser(self, user) -> bool:
        return any(organiser.id == user.id for organiser in self.organisers)
