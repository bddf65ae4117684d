"""Reads for imports: which of a file's addresses already have an account."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User

# Stays below SQLite's limit on bound parameters in one statement.
BATCH = 500


def existing_emails(emails: Iterable[str]) -> set[str]:
    """Those of the (normalised) addresses that belong to an account, deactivated ones included."""
    wanted = sorted(set(emails))
    found: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        found.update(db.session.execute(sa.select(User.email).where(User.email.in_(batch))).scalars())
    return found
