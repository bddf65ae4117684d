"""Reads for calendars: whose feed a token opens, and which lectures that feed lists."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.lectures.queries import visibility_clause
from lecturehall.modules.registrations.models import Registration, RegistrationStatus

# secrets.token_urlsafe(32) makes 43 characters; the column holds 64.
MAX_TOKEN_LENGTH = 64


def feed_owner(token: str) -> User | None:
    """The active user whose feed this token opens, or None (unknown, revoked, deactivated or deleted)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = db.session.execute(sa.select(User).where(User.calendar_token == token)).scalar_one_or_none()
    return user if user is not None and user.is_active else None


def feed_entries(user: User) -> list[tuple[Lecture, bool]]:
    """(lecture, waitlisted) for each lecture the user holds a place or a waiting-list spot at.

    Cancelled lectures stay in, so that calendar apps mark them cancelled instead of keeping a stale event; a
    registration the user gave up drops out. A lecture the user may no longer see (back to draft, limited to
    other countries) drops out as well.
    """
    rows = db.session.execute(
        sa.select(Lecture, Registration.status)
        .join(Registration, Registration.lecture_id == Lecture.id)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([RegistrationStatus.registered, RegistrationStatus.waitlisted]),
            Lecture.status != LectureStatus.draft,
            visibility_clause(user),
        )
        .order_by(Lecture.starts_at, Lecture.id)
    ).all()
    return [(lecture, status is RegistrationStatus.waitlisted) for lecture, status in rows]
