"""Registering and unregistering, with capacity and a first-come waiting list. Flush only.

The lecture row is locked (SELECT ... FOR UPDATE) while places are counted, so concurrent registrations on
PostgreSQL queue up instead of overbooking.
"""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.notifications.operations import send_single_on_commit
from lecturehall.modules.registrations.models import Registration, RegistrationStatus


class RegistrationClosed(Exception):
    """The lecture takes no registrations (draft, cancelled, over)."""


def _lock(lecture_id: int) -> Lecture:
    return db.session.execute(
        sa.select(Lecture).where(Lecture.id == lecture_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _taken(lecture_id: int) -> int:
    return db.session.execute(sa.select(sa.func.count(Registration.id)).where(
        Registration.lecture_id == lecture_id, Registration.status == RegistrationStatus.registered)).scalar_one()


def register(lecture_id: int, user) -> Registration:
    """A place if one is free, else a spot on the waiting list. Registering twice changes nothing."""
    lecture = _lock(lecture_id)
    if not lecture.is_open:
        raise RegistrationClosed()
    registration = db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture_id, Registration.user_id == user.id)).scalar_one_or_none()
    if registration is not None and registration.status is not RegistrationStatus.cancelled:
        return registration
    now = utcnow()
    full = lecture.capacity is not None and _taken(lecture_id) >= lecture.capacity
    if registration is None:
        registration = Registration(lecture_id=lecture_id, user_id=user.id)
        db.session.add(registration)
    registration.requested_at = now
    registration.cancelled_at = None
    registration.status = RegistrationStatus.waitlisted if full else RegistrationStatus.registered
    registration.registered_at = None if full else now
    db.session.flush()
    send_single_on_commit("waitlisted" if full else "registered", user, lecture)
    return registration


def unregister(lecture_id: int, user) -> Registration | None:
    """Gives up the place (or the waiting-list spot); the first person waiting moves up and is told."""
    lecture = _lock(lecture_id)
    registration = db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture_id, Registration.user_id == user.id)).scalar_one_or_none()
    if registration is None or registration.status is RegistrationStatus.cancelled:
        return registration
    registration.status = RegistrationStatus.cancelled
    registration.cancelled_at = utcnow()
    db.session.flush()
    fill_free_places(lecture)
    return registration


def fill_free_places(lecture: Lecture) -> list[Registration]:
    """Moves people up from the waiting list while there are free places (after a cancellation or a bigger room)."""
    if not lecture.is_open:
        return []
    waiting = db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture.id, Registration.status == RegistrationStatus.waitlisted,
    ).order_by(Registration.requested_at, Registration.id)).scalars().all()
    free = len(waiting) if lecture.capacity is None else max(0, lecture.capacity - _taken(lecture.id))
    promoted = []
    for registration in waiting[:free]:
        registration.status = RegistrationStatus.registered
        registration.registered_at = utcnow()
        promoted.append(registration)
        send_single_on_commit("promoted", registration.user, lecture)
    db.session.flush()
    return promoted
