"""Reads of programmes: who manages which programme, name checks and the accounts that may be named organisers."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, User
from lecturehall.modules.programmes.models import Programme, programme_organisers


def can_manage(programme: Programme, user) -> bool:
    """Admins manage every programme; an organiser the programmes that name them."""
    if user is None or not user.is_authenticated:
        return False
    return user.role is Role.admin or programme.is_organiser(user)


def managed_programmes(user) -> list[Programme]:
    query = sa.select(Programme).order_by(Programme.name)
    if user.role is not Role.admin:
        query = query.where(Programme.id.in_(managed_programme_ids(user)))
    return list(db.session.execute(query).scalars())


def managed_programme_ids(user) -> sa.Select:
    """The ids of the programmes ``user`` organises, as a subquery (admins manage more: see can_manage)."""
    return sa.select(programme_organisers.c.programme_id).where(programme_organisers.c.user_id == user.id)


def organises_any(user) -> bool:
    """Whether the user organises at least one programme (admins aside)."""
    return db.session.execute(managed_programme_ids(user).limit(1)).first() is not None


def all_programmes() -> list[Programme]:
    return list(db.session.execute(sa.select(Programme).order_by(Programme.name)).scalars())


def name_taken(name: str, except_programme_id: int | None = None) -> bool:
    """Whether another programme has this name, ignoring case (two "Cloud 2026" would only confuse)."""
    query = sa.select(Programme.id).where(sa.func.lower(Programme.name) == name.strip().lower())
    if except_programme_id is not None:
        query = query.where(Programme.id != except_programme_id)
    return db.session.execute(query.limit(1)).first() is not None


def organisers_by_email(emails: list[str]) -> tuple[list[User], list[str]]:
    """The active accounts with these (normalised) addresses, in the order given, and the addresses that have none."""
    if not emails:
        return [], []
    found = {
        user.email: user
        for user in db.session.execute(
            sa.select(User).where(User.email.in_(emails), User.active.is_(True), User.deleted_at.is_(None))
        ).scalars()
    }
    return [found[email] for email in emails if email in found], [email for email in emails if email not in found]
