"""Writes of the live module: keys (made, regenerated, handed to interpreters), the recording switch, pushes that
start a live session (the lecture goes live through lectures' operations, so its signals fire), the organiser's
"end", and what the worker reports. Flush only; the caller commits."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.live import queries
from lecturehall.modules.live.models import OPEN_STATES, InterpreterKey, LiveSession, LiveSessionState, LiveStream
from lecturehall.modules.live.models.stream import new_key


def ensure_stream(lecture: Lecture) -> LiveStream:
    """The lecture's ingest, made with a fresh key the first time an organiser looks at it."""
    stream = queries.stream_of(lecture.id)
    if stream is None:
        stream = LiveStream(lecture_id=lecture.id, stream_key=new_key(), recording=True, key_created_at=utcnow())
        db.session.add(stream)
        db.session.flush()
    return stream


def regenerate_key(lecture: Lecture) -> LiveStream:
    """A new stream key; the old one is refused from the next push on (a push already on air carries on)."""
    stream = ensure_stream(lecture)
    stream.stream_key = new_key()
    stream.key_created_at = utcnow()
    db.session.flush()
    return stream


def set_recording(lecture: Lecture, recording: bool) -> LiveStream:
    stream = ensure_stream(lecture)
    stream.recording = bool(recording)
    session = queries.open_session(lecture.id)
    if session is not None:
        session.recorded = bool(recording)
    db.session.flush()
    return stream


def interpreter_key(lecture: Lecture, language: str, *, regenerate: bool = False) -> InterpreterKey:
    """The key of the interpreter into ``language``: made on first use, replaced when ``regenerate``."""
    key = next((k for k in queries.interpreter_keys(lecture.id) if k.language == language), None)
    if key is None:
        key = InterpreterKey(lecture_id=lecture.id, language=language, key=new_key(), created_at=utcnow())
        db.session.add(key)
    elif regenerate:
        key.key, key.created_at = new_key(), utcnow()
    db.session.flush()
    return key


def remove_interpreter_key(lecture: Lecture, language: str) -> bool:
    key = next((k for k in queries.interpreter_keys(lecture.id) if k.language == language), None)
    if key is None:
        return False
    db.session.delete(key)
    db.session.flush()
    return True


def push_started(lecture: Lecture) -> LiveSession:
    """A push was accepted: the lecture goes live (if it was scheduled) and has an open session."""
    if lecture.status is LectureStatus.scheduled:
        lectures.set_status(lecture, LectureStatus.live, None)
    session = queries.open_session(lecture.id)
    if session is None:
        stream = ensure_stream(lecture)
        session = LiveSession(lecture_id=lecture.id, state=LiveSessionState.live, started_at=utcnow(),
                              recorded=stream.recording, health={}, publishers=[], languages=[])
        db.session.add(session)
    elif session.state is LiveSessionState.interrupted:
        session.state = LiveSessionState.live
    db.session.flush()
    return session


def end_lecture(lecture: Lecture, user) -> None:
    """The organiser ends the lecture: it is ended now (no push is accepted any more) and the worker finalises the
    recording of the open session into the replay."""
    if lecture.status is LectureStatus.live:
        lectures.set_status(lecture, LectureStatus.ended, user)  # its signal ends the session (receivers)
    request_end(lecture)


def request_end(lecture: Lecture) -> None:
    """Asks the worker to stop the open session's packager and publish its recording."""
    session = queries.open_session(lecture.id)
    if session is not None and not session.end_requested:
        session.end_requested = True
        session.state = LiveSessionState.ending
        db.session.flush()


def report(session: LiveSession, *, state: LiveSessionState | None, health: dict, publishers: list,
           languages: list) -> None:
    """What the worker saw of the session's pipeline (called every poll while it changes). Written with conditions
    on the row's current state, not from the loaded object: the supervisor's thread may have ended the session
    meanwhile, and a late report must not reopen it."""
    table = LiveSession.__table__
    figures = {"health": health, "publishers": publishers, "languages": languages, "seen_at": utcnow()}
    db.session.execute(sa.update(LiveSession).where(table.c.id == session.id, table.c.state.in_(OPEN_STATES)).values(**figures))
    if state is not None:
        db.session.execute(sa.update(LiveSession).where(table.c.id == session.id, table.c.state.in_(
            [LiveSessionState.live, LiveSessionState.interrupted])).values(state=state))
    db.session.expire(session)


def session_ended(session: LiveSession, *, replay_directory: str | None) -> None:
    """The packager stopped and the recording was finalised (published as ``replay_directory``, or dropped); the
    lecture ends if the grace period ended it rather than the organiser."""
    session.state = LiveSessionState.ended
    session.ended_at = utcnow()
    session.replay_directory = replay_directory
    session.replay_published_at = utcnow() if replay_directory else None
    lecture = db.session.get(Lecture, session.lecture_id)
    if lecture is not None and lecture.status is LectureStatus.live:
        lectures.set_status(lecture, LectureStatus.ended, None)
    db.session.flush()
