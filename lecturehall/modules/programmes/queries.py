"""Reads of programmes: name checks and the accounts that may be named organisers."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.programmes.models import Programme


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
