"""Reads of the live module: a lecture's ingest and keys, what a pushed key stands for, the open live session, and
who may watch."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import Lecture, LectureStatus, Visibility
from lecturehall.modules.lectures.queries import can_manage_lecture, can_see
from lecturehall.modules.live.models import OPEN_STATES, InterpreterKey, LiveSession, LiveStream
from lecturehall.modules.live.models.stream import LiveSessionState
from lecturehall.modules.registrations.models import RegistrationStatus
from lecturehall.modules.registrations.queries import registration_of


def stream_of(lecture_id: int) -> LiveStream | None:
    return db.session.execute(sa.select(LiveStream).where(LiveStream.lecture_id == lecture_id)).scalar_one_or_none()


def interpreter_keys(lecture_id: int) -> list[InterpreterKey]:
    return list(db.session.execute(sa.select(InterpreterKey).where(InterpreterKey.lecture_id == lecture_id)
                                   .order_by(InterpreterKey.language)).scalars())


def open_session(lecture_id: int) -> LiveSession | None:
    return db.session.execute(sa.select(LiveSession).where(
        LiveSession.lecture_id == lecture_id, LiveSession.state.in_(OPEN_STATES))
        .order_by(LiveSession.id.desc()).limit(1)).scalar_one_or_none()


def latest_session(lecture_id: int) -> LiveSession | None:
    return db.session.execute(sa.select(LiveSession).where(LiveSession.lecture_id == lecture_id)
                              .order_by(LiveSession.id.desc()).limit(1)).scalar_one_or_none()


def recorded_session(lecture_id: int) -> LiveSession | None:
    """The session whose recording the lecture's replay came from (the latest one published)."""
    return db.session.execute(sa.select(LiveSession).where(
        LiveSession.lecture_id == lecture_id, LiveSession.replay_published_at.is_not(None))
        .order_by(LiveSession.id.desc()).limit(1)).scalar_one_or_none()


def open_sessions() -> list[LiveSession]:
    return list(db.session.execute(sa.select(LiveSession).where(LiveSession.state.in_(OPEN_STATES))
                                   .order_by(LiveSession.id)).scalars())


class Refusal(enum.Enum):
    unknown_key = "unknown-key"
    wrong_application = "wrong-application"  # a lecturer's key pushed as an interpreter's, or the other way
    not_announced = "not-announced"  # draft, cancelled or ended
    outside_window = "outside-window"


@dataclass(frozen=True)
class PushTarget:
    lecture: Lecture | None
    language: str | None
    refusal: Refusal | None = None


def window(lecture: Lecture) -> tuple[datetime, datetime]:
    """When pushes are accepted: from LIVE_WINDOW_BEFORE_MINUTES before the start to LIVE_WINDOW_AFTER_MINUTES
    after the planned end."""
    config = current_app.config
    return (lecture.starts_at - timedelta(minutes=int(config["LIVE_WINDOW_BEFORE_MINUTES"])),
            lecture.ends_at + timedelta(minutes=int(config["LIVE_WINDOW_AFTER_MINUTES"])))


def push_target(key: str, application: str, *, lecturer_application: str, now: datetime | None = None) -> PushTarget:
    """What a key pushed to ``application`` stands for, or why it is refused."""
    language = None
    stream = db.session.execute(sa.select(LiveStream).where(LiveStream.stream_key == key)).scalar_one_or_none() \
        if key else None
    if stream is not None:
        lecture_id, expected = stream.lecture_id, application == lecturer_application
    else:
        interpreter = db.session.execute(sa.select(InterpreterKey).where(InterpreterKey.key == key)) \
            .scalar_one_or_none() if key else None
        if interpreter is None:
            return PushTarget(None, None, Refusal.unknown_key)
        lecture_id, language = interpreter.lecture_id, interpreter.language
        expected = application != lecturer_application
    lecture = db.session.get(Lecture, lecture_id)
    if not expected:
        return PushTarget(lecture, language, Refusal.wrong_application)
    if lecture.status not in (LectureStatus.scheduled, LectureStatus.live):
        return PushTarget(lecture, language, Refusal.not_announced)
    opens, closes = window(lecture)
    if not opens <= (now or utcnow()) <= closes:
        return PushTarget(lecture, language, Refusal.outside_window)
    return PushTarget(lecture, language)


def may_watch_live(lecture: Lecture, user) -> bool:
    """Public lectures: anyone who may see the page; the others: participants registered for it (and its
    organisers)."""
    signed_in = user is not None and user.is_authenticated
    if not can_see(lecture, user if signed_in else None):
        return False
    if lecture.visibility is Visibility.public:
        return True
    if not signed_in:
        return False
    if can_manage_lecture(lecture, user):
        return True
    registration = registration_of(lecture.id, user.id)
    return registration is not None and registration.status is RegistrationStatus.registered


def session_is_on_air(session: LiveSession | None) -> bool:
    return session is not None and session.state is LiveSessionState.live
