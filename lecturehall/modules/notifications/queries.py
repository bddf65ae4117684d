"""Reads for notifications: who gets a lecture's mail, which notices are pending."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.notifications.models import Notice
from lecturehall.modules.registrations.models import Registration, RegistrationStatus


def has_pending_notices(lecture_id: int) -> bool:
    return db.session.execute(sa.select(Notice.id).where(
        Notice.lecture_id == lecture_id, Notice.completed_at.is_(None)).limit(1)).first() is not None


def pending_notices(lecture_id: int | None = None) -> list[Notice]:
    """Notices not yet sent to everyone: of one lecture, or of all."""
    query = sa.select(Notice).where(Notice.completed_at.is_(None)).order_by(Notice.id)
    if lecture_id is not None:
        query = query.where(Notice.lecture_id == lecture_id)
    return list(db.session.execute(query).scalars())


def participants(lecture_id: int, statuses=(RegistrationStatus.registered,),
                 registered_before: datetime | None = None) -> list[User]:
    query = (
        sa.select(User)
        .join(Registration, Registration.user_id == User.id)
        .where(Registration.lecture_id == lecture_id, Registration.status.in_(statuses),
               User.deleted_at.is_(None), User.active.is_(True))
        .order_by(User.id)
    )
    if registered_before is not None:
        query = query.where(Registration.registered_at <= registered_before)
    return list(db.session.execute(query).scalars())
