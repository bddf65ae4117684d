"""Reads of presence: who is watching now, a participant's own history and data, and whether a lecture has any."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import Attendance, Beat, ReplayView, ReplayWatch


def has_participation(lecture_id: int) -> bool:
    """Whether anyone attended or watched (or a heartbeat waits to be compacted)."""
    return any(db.session.execute(sa.select(sa.exists().where(model.lecture_id == lecture_id))).scalar_one()
               for model in (Attendance, ReplayWatch, Beat))


@dataclass(frozen=True)
class LiveNow:
    viewers: int
    by_country: list[tuple[str | None, int]]  # declared country (None: anonymous), most viewers first
    by_network_country: list[tuple[str | None, int]]  # None: unknown


def live_now(lecture_id: int) -> LiveNow:
    """Viewers seen within PRESENCE_LIVE_FRESH_SECONDS, in all and per country (counts only, never names)."""
    since = utcnow() - timedelta(seconds=int(current_app.config["PRESENCE_LIVE_FRESH_SECONDS"]))
    fresh = sa.and_(Attendance.lecture_id == lecture_id, Attendance.last_seen_at >= since)

    def counts(column) -> list[tuple[str | None, int]]:
        rows = db.session.execute(sa.select(column, sa.func.count()).where(fresh).group_by(column)).all()
        return sorted(((code, count) for code, count in rows), key=lambda item: (-item[1], item[0] or "~"))

    by_country = counts(Attendance.declared_country)
    return LiveNow(sum(count for _code, count in by_country), by_country, counts(Attendance.network_country))


@dataclass(frozen=True)
class HistoryRow:
    lecture: Lecture
    attended: bool | None  # None: not watched live
    minutes_live: int
    minutes_replay: int
    replay_days: int  # days on which the replay was watched enough to count as a view
    completion: float | None


def history_of(user_id: int) -> list[HistoryRow]:
    """The participant's own viewing, live and replay, newest lecture first."""
    live = {row.lecture_id: row for row in db.session.execute(
        sa.select(Attendance).where(Attendance.user_id == user_id)).scalars()}
    watched = {row.lecture_id: row for row in db.session.execute(
        sa.select(ReplayWatch).where(ReplayWatch.user_id == user_id)).scalars()}
    views = dict(db.session.execute(sa.select(ReplayView.lecture_id, sa.func.count()).where(
        ReplayView.user_id == user_id, ReplayView.counted.is_(True)).group_by(ReplayView.lecture_id)).all())
    ids = set(live) | set(watched)
    if not ids:
        return []
    lectures = db.session.execute(sa.select(Lecture).where(Lecture.id.in_(ids))
                                  .order_by(Lecture.starts_at.desc())).scalars()
    return [HistoryRow(
        lecture=lecture,
        attended=live[lecture.id].attended if lecture.id in live else None,
        minutes_live=round(live[lecture.id].seconds_present / 60) if lecture.id in live else 0,
        minutes_replay=round(watched[lecture.id].seconds_watched / 60) if lecture.id in watched else 0,
        replay_days=views.get(lecture.id, 0),
        completion=watched[lecture.id].completion if lecture.id in watched else None,
    ) for lecture in lectures]


def attended_lecture_ids(user_id: int) -> set[int]:
    return set(db.session.execute(sa.select(Attendance.lecture_id).where(
        Attendance.user_id == user_id, Attendance.attended.is_(True))).scalars())


def personal_data(user_id: int) -> dict:
    """What presence holds about a user, for their data download."""
    def iso(value):
        return value.isoformat() if value else None

    live = db.session.execute(sa.select(Attendance).where(Attendance.user_id == user_id)
                              .order_by(Attendance.first_seen_at)).scalars()
    watched = db.session.execute(sa.select(ReplayWatch).where(ReplayWatch.user_id == user_id)
                                 .order_by(ReplayWatch.first_watched_at)).scalars()
    views = db.session.execute(sa.select(ReplayView).where(ReplayView.user_id == user_id)
                               .order_by(ReplayView.day, ReplayView.lecture_id)).scalars()
    return {
        "live_attendance": [{
            "lecture_id": row.lecture_id, "first_joined_at": iso(row.first_seen_at), "last_seen_at": iso(row.last_seen_at),
            "seconds_present": row.seconds_present, "attended": row.attended, "devices": row.devices.split(",")
            if row.devices else [], "audio_only_used": row.audio_only_used,
            "interpretation_language": row.interpretation_language, "declared_country": row.declared_country,
            "network_country": row.network_country} for row in live],
        "replays": [{
            "lecture_id": row.lecture_id, "seconds_watched": row.seconds_watched, "furthest": row.furthest,
            "completion_percent": row.completion, "resume_position": row.position, "speed": row.speed,
            "first_watched_at": iso(row.first_watched_at), "last_watched_at": iso(row.last_watched_at),
            "network_country": row.network_country} for row in watched],
        "replay_views": [{"lecture_id": row.lecture_id, "day": row.day.isoformat(),
                          "seconds_watched": row.seconds_watched, "counted": row.counted} for row in views],
    }
