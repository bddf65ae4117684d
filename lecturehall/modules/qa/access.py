"""Who may do what in a lecture's Q&A: moderators (admins, organisers of the lecture's programme, and the people
organisers named), askers (participants holding a place, not banned), and when the Q&A is open."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import queries as lecture_queries
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.qa.models import QaBan, QaModerator
from lecturehall.modules.registrations.models import RegistrationStatus
from lecturehall.modules.registrations.queries import registration_of


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def is_organiser(lecture: Lecture, user) -> bool:
    """Organisers (and admins) set the Q&A up and name moderators."""
    return _signed_in(user) and lecture_queries.can_manage_lecture(lecture, user)


def is_named_moderator(lecture_id: int, user_id: int) -> bool:
    return db.session.get(QaModerator, (lecture_id, user_id)) is not None


def is_moderator(lecture: Lecture, user) -> bool:
    if not _signed_in(user):
        return False
    return is_organiser(lecture, user) or is_named_moderator(lecture.id, user.id)


def is_registered(lecture: Lecture, user) -> bool:
    if not _signed_in(user):
        return False
    registration = registration_of(lecture.id, user.id)
    return registration is not None and registration.status is RegistrationStatus.registered


def is_banned(lecture_id: int, user_id: int) -> bool:
    return db.session.execute(sa.select(QaBan.user_id).where(
        QaBan.lecture_id == lecture_id, QaBan.user_id == user_id)).first() is not None


def is_open(lecture: Lecture) -> bool:
    """Live, or announced and starting within QA_OPEN_BEFORE_MINUTES (people arrive early with questions)."""
    if lecture.status is LectureStatus.live:
        return True
    if lecture.status is not LectureStatus.scheduled or lecture.has_ended:
        return False
    return lecture.starts_at - utcnow() <= timedelta(minutes=current_app.config["QA_OPEN_BEFORE_MINUTES"])


def refusal_to_ask(lecture: Lecture, user) -> str | None:
    """Why this person may not ask or vote now (an errors.MESSAGES code), or None."""
    if not is_registered(lecture, user):
        return "not_registered"
    if is_banned(lecture.id, user.id):
        return "banned"
    if not is_open(lecture):
        return "closed"
    return None
