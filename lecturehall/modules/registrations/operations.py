"""Registering and unregistering, with capacity and a first-come waiting list. Flush only.

The lecture row is locked (SELECT ... FOR UPDATE) while places are counted, so concurrent registrations on
PostgreSQL queue up instead of overbooking.
"""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.registrations import queries, signals
from lecturehall.modules.registrations.models import Registration, RegistrationStatus


class RegistrationClosed(Exception):
    """The lecture takes no registrations (draft, cancelled, over)."""


def _lock(lecture_id: int) -> Lecture:
    return db.session.execute(
        sa.select(Lecture).where(Lecture.id == lecture_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def register(lecture_id: int, user) -> Registration:
    """A place if one is free, else a spot on the waiting list. Registering twice changes nothing."""
    lecture = _lock(lecture_id)
    if not lecture.is_open:
        raise RegistrationClosed()
    registration = queries.registration_of(lecture_id, user.id)
    if registration is not None and registration.status is not RegistrationStatus.cancelled:
        return registration
    now = utcnow()
    full = lecture.capacity is not None and queries.registered_count(lecture_id) >= lecture.capacity
    if registration is None:
        registration = Registration(lecture_id=lecture_id, user_id=user.id)
        db.session.add(registration)
    registration.requested_at = now
    registration.cancelled_at = None
    registration.status = RegistrationStatus.waitlisted if full else RegistrationStatus.registered
    registration.registered_at = None if full else now
    db.session.flush()
    signals.registration_placed.send(registration, lecture=lecture, user=user, waitlisted=full)
    return registration


def unregister(lecture_id: int, user) -> Registration | None:
    """Gives up the place (or the waiting-list spot); the first person waiting moves up and is told."""
    lecture = _lock(lecture_id)
    registration = queries.registration_of(lecture_id, user.id)
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
    waiting = queries.waiting_list(lecture.id)
    free = len(waiting) if lecture.capacity is None else max(0, lecture.capacity - queries.registered_count(lecture.id))
    promoted = []
    for registration in waiting[:free]:
        registration.status = RegistrationStatus.registered
        registration.registered_at = utcnow()
        promoted.append(registration)
        signals.registration_promoted.send(registration, lecture=lecture, user=registration.user)
    db.session.flush()
    return promoted
