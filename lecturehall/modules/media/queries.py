"""Reads of the media module: the replay of a lecture and its state, who may watch it, jobs and positions."""

from __future__ import annotations

import enum

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.lectures.models import Lecture, ReplayVisibility
from lecturehall.modules.lectures.queries import can_see
from lecturehall.modules.media.models import JobStatus, Recording, Replay, ReplayPosition, Track, TranscodeJob


def replay_of(lecture_id: int) -> Replay | None:
    return db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture_id)).scalar_one_or_none()


class ReplayState(enum.Enum):
    """What a participant may expect of a past lecture's replay."""

    available = "available"  # published (a quick first version counts)
    preparing = "preparing"  # a recording is in, or being made into a replay, but nothing is published yet
    none = "none"  # nothing was recorded or uploaded


def replay_state(lecture_id: int) -> ReplayState:
    """One query: a published replay, else any recording or transcoding job (a failed one is being dealt with by
    the organisers, so still "being prepared"), else nothing planned. A live recording being finalised will count
    as a recording once live streaming writes one."""
    published, recorded, transcoding = db.session.execute(sa.select(
        sa.exists().where(Replay.lecture_id == lecture_id),
        sa.exists().where(Recording.lecture_id == lecture_id),
        sa.exists().where(TranscodeJob.lecture_id == lecture_id),
    )).one()
    if published:
        return ReplayState.available
    return ReplayState.preparing if recorded or transcoding else ReplayState.none


def preparing_progress(lecture_id: int) -> tuple[bool, float | None]:
    """Whether the lecture's latest transcoding job waits or runs, and how far it is in percent once it runs."""
    row = db.session.execute(sa.select(TranscodeJob.status, TranscodeJob.progress)
                             .where(TranscodeJob.lecture_id == lecture_id)
                             .order_by(TranscodeJob.id.desc()).limit(1)).one_or_none()
    if row is None or row.status not in (JobStatus.queued, JobStatus.running):
        return False, None
    return True, (round(float(row.progress or 0.0), 1) if row.status is JobStatus.running else None)


def can_watch(lecture: Lecture, user) -> bool:
    """The lecture is visible to the viewer and its replay visibility lets them in."""
    signed_in = user is not None and user.is_authenticated
    if lecture.replay_visibility is ReplayVisibility.registered and not signed_in:
        return False
    return can_see(lecture, user if signed_in else None)


def position_of(user_id: int, lecture_id: int) -> float:
    row = db.session.execute(sa.select(ReplayPosition.position).where(
        ReplayPosition.user_id == user_id, ReplayPosition.lecture_id == lecture_id)).scalar_one_or_none()
    return float(row or 0.0)


def latest_job(lecture_id: int) -> TranscodeJob | None:
    return db.session.execute(sa.select(TranscodeJob).where(TranscodeJob.lecture_id == lecture_id)
                              .order_by(TranscodeJob.id.desc()).limit(1)).scalar_one_or_none()


def recordings_of(lecture_id: int) -> list[Recording]:
    """The lecture's recordings, newest first."""
    return list(db.session.execute(sa.select(Recording).where(Recording.lecture_id == lecture_id)
                                   .order_by(Recording.created_at.desc(), Recording.id.desc())).scalars())


def has_replay_views(lecture_id: int) -> bool:
    """Whether anyone has watched the lecture's replay (a saved position)."""
    return db.session.execute(sa.select(sa.exists().where(ReplayPosition.lecture_id == lecture_id))).scalar_one()


def tracks_of(lecture_id: int) -> list[Track]:
    return list(db.session.execute(sa.select(Track).where(Track.lecture_id == lecture_id)
                                   .order_by(Track.kind, Track.language)).scalars())
