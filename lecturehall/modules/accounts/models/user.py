"""The user: a participant, a country coordinator or an admin."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class Role(enum.Enum):
    participant = "participant"
    coordinator = "coordinator"
    admin = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.participant: _l("Participant"),
    Role.coordinator: _l("Country coordinator"),
    Role.admin: _l("Administrator"),
}


class Sector(enum.Enum):
    government = "government"
    enterprise = "enterprise"
    academia = "academia"
    international_organisation = "international_organisation"
    other = "other"

    @property
    def label(self) -> str:
        return str(SECTOR_LABELS[self])


SECTOR_LABELS = {
    Sector.government: _l("Government"),
    Sector.enterprise: _l("Enterprise"),
    Sector.academia: _l("Academia"),
    Sector.international_organisation: _l("International organisation"),
    Sector.other: _l("Other"),
}


def new_session_nonce() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role <> 'coordinator' OR coordinator_country IS NOT NULL", name="coordinator_has_country"
        ),
        sa.CheckConstraint("deleted_at IS NOT NULL OR email IS NOT NULL", name="live_user_has_email"),
        # People by name, deleted accounts last: the order the participants report pages through.
        sa.Index("ix_users_name_order", sa.text("(deleted_at IS NOT NULL)"), sa.text("lower(full_name)"), "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Normalised (trimmed, lower case): one account per address, whatever case it was typed in.
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254), unique=True)
    full_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    # Country and sector outlive a deleted account, so anonymous participation still adds up in reports.
    country: so.Mapped[str] = so.mapped_column(sa.String(2), index=True)
    organisation: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    sector: so.Mapped[Sector] = so.mapped_column(enum_column(Sector, "sector"), default=Sector.other)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="UTC")
    role: so.Mapped[Role] = so.mapped_column(enum_column(Role, "role"), default=Role.participant, index=True)
    coordinator_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_by_admin: so.Mapped[bool] = so.mapped_column(default=False)
    email_confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # When the invitation to an account made by an admin or an import went out (sent once).
    invited_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Secret of the personal calendar feed URL; None until the user asks for a feed, new when revoked.
    calendar_token: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    # The session generation: part of the id every session and remember cookie carries (get_id), so a new one
    # (operations.end_sessions) ends every session signed in before it, copies of its cookies included.
    session_nonce: so.Mapped[str] = so.mapped_column(sa.String(32), default=new_session_nonce)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the session generation."""
        return f"{self.id}:{self.session_nonce}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active and self.deleted_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def is_coordinator(self) -> bool:
        return self.role is Role.coordinator

    @property
    def display_name(self) -> str:
        return self.full_name or ""
