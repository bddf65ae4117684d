"""Reads of the media module: the replay of a lecture, who may watch it, jobs and positions."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.lectures.models import Lecture, ReplayVisibility
from lecturehall.modules.lectures.queries import can_see
from lecturehall.modules.media.models import Recording, Replay, ReplayPosition, Track, TranscodeJob


def replay_of(lecture_id: int) -> Replay | None:
    return db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture_id)).scalar_one_or_none()


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
