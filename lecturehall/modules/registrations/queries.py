"""Reads of registrations: a user's status at a lecture, places left, waiting-list position, "my lectures"."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import MAX_DURATION_MINUTES, Lecture, LectureStatus
from lecturehall.modules.registrations import signals
from lecturehall.modules.registrations.models import Registration, RegistrationStatus


def registration_of(lecture_id: int, user_id: int) -> Registration | None:
    return db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture_id, Registration.user_id == user_id)).scalar_one_or_none()


def registered_count(lecture_id: int) -> int:
    return db.session.execute(sa.select(sa.func.count(Registration.id)).where(
        Registration.lecture_id == lecture_id, Registration.status == RegistrationStatus.registered)).scalar_one()


def waiting_list(lecture_id: int) -> list[Registration]:
    """The lecture's waiting list, first in line first."""
    return list(db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture_id, Registration.status == RegistrationStatus.waitlisted,
    ).order_by(Registration.requested_at, Registration.id)).scalars())


def active_registrations(lecture_id: int) -> list[Registration]:
    """Everyone holding a place or waiting, places first, each group in the order they asked."""
    return list(db.session.execute(sa.select(Registration).where(
        Registration.lecture_id == lecture_id, Registration.status != RegistrationStatus.cancelled,
    ).order_by(Registration.status, Registration.requested_at)).scalars())


def has_registrations(lecture_id: int) -> bool:
    """Whether anyone ever registered (even if they left): the lecture then counts in the reports."""
    return db.session.execute(sa.select(sa.exists().where(Registration.lecture_id == lecture_id))).scalar_one()


def waitlist_position(registration: Registration) -> int:
    ahead = db.session.execute(sa.select(sa.func.count(Registration.id)).where(
        Registration.lecture_id == registration.lecture_id,
        Registration.status == RegistrationStatus.waitlisted,
        sa.or_(Registration.requested_at < registration.requested_at,
               sa.and_(Registration.requested_at == registration.requested_at, Registration.id < registration.id)),
    )).scalar_one()
    return ahead + 1


def my_lectures(user_id: int) -> dict[str, list]:
    """Upcoming lectures I hold a place at ("registered": (lecture, registration)), those I wait for ("waiting":
    (lecture, registration, position on the waiting list)), lectures I attended, and past ones left to watch."""
    now = utcnow()
    registrations = db.session.execute(
        sa.select(Registration, Lecture).join(Lecture, Lecture.id == Registration.lecture_id)
        .where(Registration.user_id == user_id, Registration.status != RegistrationStatus.cancelled)
        .order_by(Lecture.starts_at)
    ).all()
    attended_ids = set()
    for _receiver, lecture_ids in signals.lectures_attended.send(user_id):
        attended_ids |= set(lecture_ids or ())
    registered, waiting, to_watch = [], [], []
    for registration, lecture in registrations:
        if lecture.status is LectureStatus.cancelled:
            continue
        over = lecture.status is LectureStatus.ended or lecture.ends_at <= now
        if over:
            if lecture.id not in attended_ids:
                to_watch.append((lecture, registration))
        elif registration.status is RegistrationStatus.waitlisted:
            waiting.append((lecture, registration, waitlist_position(registration)))
        else:
            registered.append((lecture, registration))
    attended = list(db.session.execute(
        sa.select(Lecture).where(Lecture.id.in_(attended_ids)).order_by(Lecture.starts_at.desc())).scalars()) \
        if attended_ids else []
    return {"registered": registered, "waiting": waiting, "attended": attended, "to_watch": list(reversed(to_watch))}


def coming_up_for(user_id: int, limit: int = 6) -> list[tuple[Lecture, Registration, int | None]]:
    """What is live now and next for a participant: the lectures they hold a place at or wait for that are not
    over, live ones first, then by start; each with its waiting-list position (None for a place)."""
    rows = db.session.execute(
        sa.select(Registration, Lecture).join(Lecture, Lecture.id == Registration.lecture_id)
        .where(Registration.user_id == user_id,
               Registration.status.in_([RegistrationStatus.registered, RegistrationStatus.waitlisted]),
               Lecture.status.in_([LectureStatus.scheduled, LectureStatus.live]),
               # No lecture lasts more than a day: older starts are over (ends_at is worked out in Python).
               Lecture.starts_at > utcnow() - timedelta(minutes=MAX_DURATION_MINUTES))
        .order_by(sa.case((Lecture.status == LectureStatus.live, 0), else_=1), Lecture.starts_at, Lecture.id)
    ).all()
    coming = [(lecture, registration) for registration, lecture in rows if not lecture.has_ended][:limit]
    return [(lecture, registration, waitlist_position(registration)
             if registration.status is RegistrationStatus.waitlisted else None) for lecture, registration in coming]
