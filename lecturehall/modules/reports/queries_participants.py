"""Participation by participant: everyone registered or reached in the period (searchable), with lectures
registered and attended, live minutes, replays watched and their completion; one participant's lectures; and the
breakdowns by sector and organisation from the profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

import sqlalchemy as sa
from flask import g, has_app_context

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Sector, User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import Attendance, ReplayView, ReplayWatch
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports import base, reach
from lecturehall.modules.reports.models.reach import ReachDay
from lecturehall.modules.reports.scope import Filters, Scope


@dataclass
class ParticipantRow:
    user_id: int
    name: str | None  # None: a deleted account (counted, never named)
    email: str | None
    country: str
    organisation: str | None
    sector: Sector
    registered: int
    attended: int
    live_minutes: int
    replays: int  # lectures whose replay they watched enough to count as a view in the period
    completion: float | None  # average completion (%) of the replays they watched


def _memberships(filters: Filters, scope: Scope) -> list[tuple[sa.Select, sa.ColumnElement]]:
    """What makes someone one of the period's people — registered for, attending or (with a counted view)
    replaying a lecture of the period — as queries of user ids, each with its user id column. Those reached come
    from the reach summary when it holds the scope's partition (one row each, where the presence tables have one
    per view)."""
    registered = (base.registrations(filters, scope, Registration.user_id.label("user_id")), Registration.user_id)
    if reach.applies(filters, scope):
        return [registered, (reach.reached_users(filters, scope), ReachDay.user_id)]
    return [registered,
            (base.attendances(filters, scope, Attendance.user_id.label("user_id"))
             .where(Attendance.user_id.is_not(None)), Attendance.user_id),
            (base.replay_views(filters, scope, ReplayView.user_id.label("user_id"))
             .where(ReplayView.counted.is_(True), ReplayView.user_id.is_not(None)), ReplayView.user_id)]


def _people(filters: Filters, scope: Scope) -> sa.Subquery:
    """The period's people (see _memberships): their ids only, so that the database has nothing to aggregate
    before it knows who they are."""
    return sa.union(*(query for query, _column in _memberships(filters, scope))).subquery()


# A page walks people in name order while it expects to look at no more than this many accounts to fill it.
WALK_ACCOUNTS = 2000


def _walked_page(filters: Filters, scope: Scope, offset: int, limit: int) -> sa.Select:
    """One page of the period's people by walking accounts in name order (ix_users_name_order) and asking of each
    whether they took part, one indexed look-up per way of taking part, until the page is full: a few thousand
    look-ups at most (see participants), where finding everyone first and sorting them reads the whole period."""
    person = sa.orm.aliased(User, name="person")
    took_part = sa.func.coalesce(*(query.where(column == person.id).limit(1).scalar_subquery()
                                   for query, column in _memberships(filters, scope)))
    query = sa.select(person.id).where(took_part.is_not(None))
    if scope.country is not None:
        query = query.where(person.country == scope.country)
    return (query.order_by(person.deleted_at.is_not(None), sa.func.lower(person.full_name), person.id)
            .offset(offset).limit(limit))


def _aggregates(filters: Filters, scope: Scope, user_ids: list[int] | None = None):
    """Each person's figures, for everyone or (``user_ids``) for a page of them."""
    def only(column) -> list:
        return [] if user_ids is None else [column.in_(user_ids)]

    registered = (base.registrations(filters, scope, Registration.user_id.label("user_id"),
                                     sa.func.count().label("registered"))
                  .where(*only(Registration.user_id)).group_by(Registration.user_id).subquery())
    live = base.attendances(filters, scope, Attendance.user_id.label("user_id"),
                            sa.func.count(base.when(Attendance.attended.is_(True), 1)).label("attended"),
                            sa.func.sum(Attendance.seconds_present).label("seconds")
                            ).where(Attendance.user_id.is_not(None), *only(Attendance.user_id)
                                    ).group_by(Attendance.user_id).subquery()
    replays = base.replay_views(filters, scope, ReplayView.user_id.label("user_id"),
                                sa.func.count(sa.distinct(ReplayView.lecture_id)).label("replays")
                                ).where(ReplayView.counted.is_(True), ReplayView.user_id.is_not(None),
                                        *only(ReplayView.user_id)).group_by(ReplayView.user_id).subquery()
    watched = (sa.select(ReplayWatch.user_id.label("user_id"), sa.func.avg(ReplayWatch.completion).label("completion"))
               .join(Lecture, Lecture.id == ReplayWatch.lecture_id)
               .where(ReplayWatch.user_id.is_not(None), ReplayWatch.last_watched_at >= filters.start,
                      ReplayWatch.first_watched_at < filters.end, *only(ReplayWatch.user_id),
                      *base.lecture_conditions(filters, scope, in_period=False),
                      *base.country_conditions(ReplayWatch.declared_country, ReplayWatch.network_country, filters,
                                               scope))
               .group_by(ReplayWatch.user_id).subquery())
    if user_ids is None:
        people = _people(filters, scope)
    else:
        people = sa.select(User.id.label("user_id")).where(User.id.in_(user_ids)).subquery()
    return people, registered, live, replays, watched


def _matching(query: sa.Select, scope: Scope, search: str) -> sa.Select:
    """The viewer's country and the search, on a query that has the participant's User."""
    if scope.country is not None:
        query = query.where(User.country == scope.country)
    text = search.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(User.deleted_at.is_(None), sa.or_(
            sa.func.lower(User.full_name).like(pattern, escape="\\"),
            sa.func.lower(User.email).like(pattern, escape="\\"),
            sa.func.lower(User.organisation).like(pattern, escape="\\")))
    return query


def _participants_query(filters: Filters, scope: Scope, search: str, user_ids: list[int] | None = None
                        ) -> sa.Select:
    people, registered, live, replays, watched = _aggregates(filters, scope, user_ids)
    query = (sa.select(User.id, User.full_name, User.email, User.deleted_at, User.country, User.organisation,
                       User.sector, sa.func.coalesce(registered.c.registered, 0),
                       sa.func.coalesce(live.c.attended, 0), sa.func.coalesce(live.c.seconds, 0),
                       sa.func.coalesce(replays.c.replays, 0), watched.c.completion)
             .select_from(people).join(User, User.id == people.c.user_id)
             .outerjoin(registered, registered.c.user_id == people.c.user_id)
             .outerjoin(live, live.c.user_id == people.c.user_id)
             .outerjoin(replays, replays.c.user_id == people.c.user_id)
             .outerjoin(watched, watched.c.user_id == people.c.user_id))
    return _matching(query, scope, search)


def _participant_row(row) -> ParticipantRow:
    (user_id, name, email, deleted_at, country, organisation, sector, registered_count, attended, seconds,
     replay_count, completion) = row
    return ParticipantRow(user_id, None if deleted_at else name, None if deleted_at else email, country,
                          None if deleted_at else organisation, sector, registered_count, attended,
                          round(float(seconds) / 60), replay_count, None if completion is None else float(completion))


def _ordered(query: sa.Select) -> sa.Select:
    return query.order_by(User.deleted_at.is_not(None), sa.func.lower(User.full_name), User.id)


def participants(filters: Filters, scope: Scope, search: str = "", limit: int | None = 50,
                 offset: int = 0) -> tuple[int, list[ParticipantRow]]:
    """The total matching and one page, by name (deleted accounts last). Who is on the page is found first, from
    ids alone; then the figures of those people only."""
    people = _people(filters, scope)
    matching = _matching(sa.select(User.id).select_from(people).join(User, User.id == people.c.user_id),
                         scope, search)
    if search.strip():
        total = base.execute(sa.select(sa.func.count()).select_from(matching.subquery())).scalar_one()
    else:  # the same people the breakdowns count, which the page shows too
        total = sum(people_count for _sector, _organisation, people_count, *_rest in _profile_counts(filters, scope))
    if not search.strip() and limit is not None and total and _walk_pays(scope, total, offset + limit):
        page = _walked_page(filters, scope, offset, limit)
    else:
        page = _ordered(matching).offset(offset)
        if limit is not None:
            page = page.limit(limit)
    ids = list(base.execute(page).scalars())
    if not ids:
        return total, []
    rows = base.execute(_ordered(_participants_query(filters, scope, search, user_ids=ids)))
    return total, [_participant_row(row) for row in rows]


def _walk_pays(scope: Scope, people: int, needed: int) -> bool:
    """Whether walking accounts in name order fills the page within WALK_ACCOUNTS look-ups: when the period's
    people are a large enough share of the accounts in the viewer's scope."""
    accounts = sa.select(sa.func.count()).select_from(User)
    if scope.country is not None:
        accounts = accounts.where(User.country == scope.country)
    return needed * base.execute(accounts).scalar_one() <= WALK_ACCOUNTS * people


EXPORT_BATCH = 2000  # rows fetched at a time for an export: what it holds in memory, whatever its length


def iter_participants(filters: Filters, scope: Scope, search: str = "") -> Iterator[ParticipantRow]:
    """Everyone matching, in the same order, fetched in batches (a server-side cursor on PostgreSQL)."""
    result = base.execute(_ordered(_participants_query(filters, scope, search))
                                .execution_options(yield_per=EXPORT_BATCH))
    for row in result:
        yield _participant_row(row)


@dataclass
class SectorRow:
    sector: Sector
    participants: int
    registered: int
    attended: int


def by_sector(filters: Filters, scope: Scope) -> list[SectorRow]:
    counts: dict[Sector, list[int]] = {}
    for sector, _organisation, people_count, registered_count, attended in _profile_counts(filters, scope):
        totals = counts.setdefault(sector, [0, 0, 0])
        for index, value in enumerate((people_count, registered_count, attended)):
            totals[index] += value
    return [SectorRow(sector, *counts.get(sector, (0, 0, 0))) for sector in Sector]


def by_organisation(filters: Filters, scope: Scope, limit: int = 25) -> list[tuple[str | None, int]]:
    """The organisations with the most participants, then by name, "not given" last among equals (deleted
    accounts' are not named: they have none)."""
    counts: dict[str | None, int] = {}
    for _sector, organisation, people_count, _registered, _attended in _profile_counts(filters, scope):
        counts[organisation] = counts.get(organisation, 0) + people_count
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    return ordered[:limit]


def _profile_counts(filters: Filters, scope: Scope) -> list[tuple]:
    """Participants by sector and organisation together (sector, organisation, people, registered, attended): the
    page's two breakdowns from one reading of who took part, kept for the request."""
    key = ("reports.profile_counts", filters, scope)
    cache = g.setdefault("reports_cache", {}) if has_app_context() else {}
    if key not in cache:
        people, registered, live, _replays, _watched = _aggregates(filters, scope)
        organisation = sa.func.nullif(sa.func.trim(User.organisation), "")
        query = (sa.select(User.sector, organisation, sa.func.count(), sa.func.count(registered.c.user_id),
                           sa.func.count(base.when(live.c.attended > 0, 1)))
                 .select_from(people).join(User, User.id == people.c.user_id)
                 .outerjoin(registered, registered.c.user_id == people.c.user_id)
                 .outerjoin(live, live.c.user_id == people.c.user_id).group_by(User.sector, organisation))
        if scope.country is not None:
            query = query.where(User.country == scope.country)
        cache[key] = [tuple(row) for row in base.execute(query)]
    return cache[key]


@dataclass
class ParticipantLecture:
    lecture_id: int
    title: str
    starts_at: datetime
    status: RegistrationStatus | None
    attended: bool | None  # None: never joined live
    live_minutes: int
    replay_views: int
    completion: float | None


def participant_lectures(user_id: int, filters: Filters, scope: Scope) -> list[ParticipantLecture]:
    """One participant's lectures in the scope (whatever the period): registered, joined or replayed."""
    lecture_filter = [*base.lecture_conditions(filters, scope, in_period=False)]
    registration = sa.orm.aliased(Registration)
    attendance = sa.orm.aliased(Attendance)
    watch = sa.orm.aliased(ReplayWatch)
    views = (sa.select(ReplayView.lecture_id, sa.func.count().label("views"))
             .where(ReplayView.user_id == user_id, ReplayView.counted.is_(True))
             .group_by(ReplayView.lecture_id).subquery())
    query = (sa.select(Lecture.id, Lecture.title, Lecture.starts_at, registration.status, attendance.attended,
                       attendance.seconds_present, views.c.views, watch.completion)
             .select_from(Lecture)
             .outerjoin(registration, sa.and_(registration.lecture_id == Lecture.id, registration.user_id == user_id))
             .outerjoin(attendance, sa.and_(attendance.lecture_id == Lecture.id, attendance.user_id == user_id))
             .outerjoin(watch, sa.and_(watch.lecture_id == Lecture.id, watch.user_id == user_id))
             .outerjoin(views, views.c.lecture_id == Lecture.id)
             .where(*lecture_filter, sa.or_(registration.id.is_not(None), attendance.id.is_not(None),
                                            watch.id.is_not(None)))
             .order_by(Lecture.starts_at.desc(), Lecture.id))
    return [ParticipantLecture(lecture_id, title, starts_at, status, attended,
                               round((seconds or 0) / 60), views_count or 0, completion)
            for lecture_id, title, starts_at, status, attended, seconds, views_count, completion
            in base.execute(query)]


def participant_in_scope(user_id: int, scope: Scope) -> User | None:
    """The participant, if the viewer may see them: a coordinator only their country's people, an organiser only
    people with a registration or participation in their programmes."""
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return None
    if scope.country is not None and user.country != scope.country:
        return None
    if scope.programme_ids is not None:
        ids = sorted(scope.programme_ids)
        touched = sa.union(
            sa.select(Registration.lecture_id).where(Registration.user_id == user_id),
            sa.select(Attendance.lecture_id).where(Attendance.user_id == user_id),
            sa.select(ReplayWatch.lecture_id).where(ReplayWatch.user_id == user_id)).subquery()
        found = base.execute(sa.select(Lecture.id).where(Lecture.id.in_(sa.select(touched.c.lecture_id)),
                                                               Lecture.programme_id.in_(ids)).limit(1)).first()
        if found is None:
            return None
    return user
