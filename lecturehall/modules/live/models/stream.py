"""A lecture's ingest (its secret stream key, interpreters' keys, whether it is recorded) and its live sessions.

A key is the only thing a publisher presents, so it is long, random and unique across lectures; regenerating it
replaces the row's value, so the old key is refused from the next push on. A live session is one stretch of
broadcasting: from the first push until the organiser ends the lecture or the grace period passes; reconnections
within the grace period stay in it. The worker that runs the packagers writes the session's state and health here,
so web processes (the lecture page, the stream panel, the jobs page) read them without talking to the worker."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


def new_key() -> str:
    """A stream key: 32 URL-safe characters (192 bits), safe in an RTMP URL, an nginx argument and a file name."""
    return secrets.token_urlsafe(24)


class LiveStream(db.Model):
    __tablename__ = "live_streams"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), unique=True)
    stream_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True, default=new_key)
    # The recording becomes the replay when the lecture ends; an organiser may turn it off.
    recording: so.Mapped[bool] = so.mapped_column(default=True)
    key_created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class InterpreterKey(db.Model):
    __tablename__ = "live_interpreter_keys"
    __table_args__ = (sa.UniqueConstraint("lecture_id", "language", name="uq_live_interpreter_keys_lecture_language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True, default=new_key)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class LiveSessionState(enum.Enum):
    live = "live"  # a publisher is pushing (the packager may be starting or restarting)
    interrupted = "interrupted"  # the publisher is gone; the session waits for it within the grace period
    ending = "ending"  # the organiser ended it: the recording is being finalised
    ended = "ended"  # over; the replay (if recorded) is published


OPEN_STATES = (LiveSessionState.live, LiveSessionState.interrupted, LiveSessionState.ending)


class LiveSession(db.Model):
    __tablename__ = "live_sessions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    state: so.Mapped[LiveSessionState] = so.mapped_column(enum_column(LiveSessionState, "live_session_state"),
                                                          default=LiveSessionState.live)
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    ended_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Set by the organiser's "end the lecture"; the worker stops the packager and finalises the recording.
    end_requested: so.Mapped[bool] = so.mapped_column(default=False)
    recorded: so.Mapped[bool] = so.mapped_column(default=True)
    # Written by the worker: the pipeline's health (supervisor.health()) and what the publishers send.
    health: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    publishers: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    languages: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    seen_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())  # the worker's last report
    replay_directory: so.Mapped[str | None] = so.mapped_column(sa.String(400))
    replay_published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # The stream-copied MP4 the full transcoding ladder is made from (recordings pipeline).
    ladder_queued_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
