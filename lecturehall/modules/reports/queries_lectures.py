"""Participation by lecture: each lecture's figures (registered, attended, no-shows, waiting list, replay views,
average minutes, replay completion), its concurrent-viewer curve, and its attendee list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence import intervals as presence_intervals
from lecturehall.modules.presence.models import Attendance, LiveConcurrency
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports import base, replays
from lecturehall.modules.reports.scope import Filters, Scope


@dataclass
class LectureRow:
    lecture_id: int
    title: str
    starts_at: datetime
    programme_id: int
    registered: int = 0
    attended: int = 0  # registered people who attended by the programme's rule
    waitlisted: int = 0
    live_attendees: int = 0  # everyone who joined live, registered or not
    live_seconds: float = 0.0
    replay_views: int = 0
    completion_sum: float = 0.0
    replay_watchers: int = 0

    @property
    def no_shows(self) -> int:
        return self.registered - self.attended

    @property
    def average_minutes(self) -> float | None:
        return self.live_seconds / 60 / self.live_attendees if self.live_attendees else None

    @property
    def completion(self) -> float | None:
        """Average completion (%) of the replay among those who watched it."""
        return self.completion_sum / self.replay_watchers if self.replay_watchers else None


def by_lecture(filters: Filters, scope: Scope, lecture_ids: list[int] | None = None) -> list[LectureRow]:
    """The lectures of the period (or the given lectures, whenever they were), newest first."""
    in_period = lecture_ids is None
    chosen = (lambda column: []) if lecture_ids is None else (lambda column: [column.in_(lecture_ids)])
    lectures = base.execute(
        sa.select(Lecture.id, Lecture.title, Lecture.starts_at, Lecture.programme_id)
        .where(*base.lecture_conditions(filters, scope, in_period=in_period), *chosen(Lecture.id))
        .order_by(Lecture.starts_at.desc(), Lecture.id)).all()
    rows = {lecture_id: LectureRow(lecture_id, title, starts_at, programme_id)
            for lecture_id, title, starts_at, programme_id in lectures}
    if not rows:
        return []
    for lecture_id, status, count, attended in base.execute(
            base.registrations(filters, scope, Registration.lecture_id, Registration.status, sa.func.count(),
                               sa.func.count(base.when(Attendance.attended.is_(True), 1)),
                               status=(RegistrationStatus.registered, RegistrationStatus.waitlisted),
                               in_period=in_period)
            .where(*chosen(Registration.lecture_id)).group_by(Registration.lecture_id, Registration.status)):
        row = rows.get(lecture_id)
        if row is None:
            continue
        if status is RegistrationStatus.registered:
            row.registered, row.attended = count, attended
        else:
            row.waitlisted = count
    for lecture_id, people, seconds in base.execute(base.attendances(
            filters, scope, Attendance.lecture_id, base.distinct_people(Attendance.user_id, Attendance.browser_id),
            sa.func.sum(Attendance.seconds_present), in_period=in_period)
            .where(*chosen(Attendance.lecture_id)).group_by(Attendance.lecture_id)):
        if lecture_id in rows:
            rows[lecture_id].live_attendees, rows[lecture_id].live_seconds = people, float(seconds or 0)
    for lecture_id, (views, watchers, completion) in replays.by_lecture(filters, scope, lecture_ids).items():
        if lecture_id in rows:
            row = rows[lecture_id]
            row.replay_views, row.replay_watchers, row.completion_sum = views, watchers, completion
    return list(rows.values())


def lecture_in_scope(lecture_id: int, scope: Scope) -> Lecture | None:
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is None or not scope.allows_programme(lecture.programme_id) or lecture.status in \
            base.UNCOUNTED_LECTURES:
        return None
    return lecture


def concurrency(lecture: Lecture, filters: Filters, scope: Scope) -> list[tuple[datetime, int]]:
    """Viewers present minute by minute. With a country restriction (a coordinator's, or a country filter) the
    curve is rebuilt from the attendance of those people alone; otherwise it is the worker's minute counts."""
    if scope.country is None and not filters.country:
        return [(minute, viewers) for minute, viewers in base.execute(
            sa.select(LiveConcurrency.minute, LiveConcurrency.viewers)
            .where(LiveConcurrency.lecture_id == lecture.id).order_by(LiveConcurrency.minute))]
    minutes: Counter[int] = Counter()
    for (intervals,) in base.execute(base.attendances(filters, scope, Attendance.intervals, in_period=False)
                                           .where(Attendance.lecture_id == lecture.id)):
        minutes.update(presence_intervals.minutes(intervals or []))
    return [(datetime.fromtimestamp(minute * 60, timezone.utc), count) for minute, count in sorted(minutes.items())]


@dataclass
class AttendeeRow:
    user_id: int | None
    name: str | None  # None: an anonymous browser or a deleted account
    email: str | None
    deleted: bool
    declared_country: str | None
    network_country: str | None
    minutes: int
    attended: bool
    devices: str
    audio_only: bool
    interpretation_language: str | None
    first_seen_at: datetime


def attendees(lecture_id: int, filters: Filters, scope: Scope, limit: int | None = None,
              offset: int = 0) -> tuple[int, list[AttendeeRow]]:
    """Everyone who joined the lecture live, longest present first: the total and one page."""
    query = (base.attendances(filters, scope, Attendance.user_id, User.full_name, User.email, User.deleted_at,
                              Attendance.declared_country, Attendance.network_country, Attendance.seconds_present,
                              Attendance.attended, Attendance.devices, Attendance.audio_only_used,
                              Attendance.interpretation_language, Attendance.first_seen_at, in_period=False)
             .outerjoin(User, User.id == Attendance.user_id).where(Attendance.lecture_id == lecture_id))
    total = base.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    query = query.order_by(Attendance.seconds_present.desc(), Attendance.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = [AttendeeRow(user_id, name if deleted_at is None else None, email if deleted_at is None else None,
                        deleted_at is not None, declared, network, round(seconds / 60), attended, devices or "",
                        audio_only, interpretation, first_seen)
            for (user_id, name, email, deleted_at, declared, network, seconds, attended, devices, audio_only,
                 interpretation, first_seen) in base.execute(query)]
    return total, rows
