"""Participation by country: per country (declared, or network) the registered, live attendees, attendance rate,
replay views, watch hours and share of the people reached, with how many people's two countries differ."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from lecturehall.modules.accounts.models import User
from lecturehall.modules.presence.models import Attendance, ReplayView
from lecturehall.modules.registrations.models import Registration
from lecturehall.modules.reports import base, reach, replays
from lecturehall.modules.reports.scope import Filters, Scope


@dataclass
class CountryRow:
    country: str | None  # None: unknown (no network country, or an anonymous viewer's declared one)
    registered: int = 0
    registrations: int = 0
    attended_registrations: int = 0
    live_attendees: int = 0
    replay_views: int = 0
    replay_seconds: float = 0.0
    reached: int = 0
    differs: int = 0  # people reached whose declared and network countries are both known and differ
    share: float = 0.0  # of all people reached

    @property
    def attendance_rate(self) -> float | None:
        return self.attended_registrations / self.registrations if self.registrations else None

    @property
    def replay_hours(self) -> float:
        return self.replay_seconds / 3600


@dataclass
class CountryReport:
    rows: list[CountryRow]
    reached: int  # people reached in all
    known_both: int  # people reached whose declared and network countries are both known
    differs: int  # ... and differ

    @property
    def differ_share(self) -> float | None:
        return self.differs / self.known_both if self.known_both else None


def by_country(filters: Filters, scope: Scope, lecture_id: int | None = None) -> CountryReport:
    """One row per country with any participation, most people reached first (unknown last)."""
    rows: dict[str | None, CountryRow] = {}

    def row(code):
        found = rows.get(code)
        if found is None:
            found = rows[code] = CountryRow(code)
        return found

    in_period = lecture_id is None
    only = _only_lecture(lecture_id)
    registration_country = base.country_column(User.country, Attendance.network_country, filters)
    for code, registered, registrations, attended in base.execute(base.registrations(
            filters, scope, registration_country, sa.func.count(sa.distinct(Registration.user_id)), sa.func.count(),
            sa.func.count(base.when(Attendance.attended.is_(True), 1)), in_period=in_period, with_user=True)
            .where(*only(Registration.lecture_id)).group_by(registration_country)):
        target = row(code)
        target.registered, target.registrations, target.attended_registrations = registered, registrations, attended
    live_country = base.country_column(Attendance.declared_country, Attendance.network_country, filters)
    for code, people in base.execute(base.attendances(
            filters, scope, live_country, base.distinct_people(Attendance.user_id, Attendance.browser_id),
            in_period=in_period).where(*only(Attendance.lecture_id)).group_by(live_country)):
        row(code).live_attendees = people
    for code, views, seconds in replays.by_country(filters, scope, lecture_id):
        # seconds to the millisecond they are kept to, however they were added up
        row(code).replay_views, row(code).replay_seconds = views, round(seconds, 3)
    total = known_both = differs = 0
    for kind, code, people, first, second in base.execute(_reach(filters, scope, in_period, only)):
        if kind == 1:  # a country: its people, and those whose countries differ when counted in the same pass
            row(code).reached = people
            if first is not None:
                row(code).differs = int(first)
        elif kind == 3:  # a country's people whose countries differ, counted apart
            row(code).differs = people
        elif kind == 2:  # everyone: people, with both countries known, whose countries differ
            total, known_both, differs = int(people or 0), int(first or 0), int(second or 0)
    for item in rows.values():
        item.share = item.reached / total if total else 0.0
    ordered = sorted(rows.values(), key=lambda item: (item.country is None, -item.reached, -item.registered,
                                                      item.country or ""))
    return CountryReport(ordered, total, known_both, differs)


def _only_lecture(lecture_id: int | None):
    return lambda column: [] if lecture_id is None else [column == lecture_id]


def _reach(filters: Filters, scope: Scope, in_period: bool, only) -> sa.CompoundSelect:
    """People reached (live, or a counted replay view), in one statement: per country (kind 1: country, people,
    people whose two countries differ, or NULL when kind 3 rows count them) and in all (kind 2: people, people with
    both countries known, people whose countries differ). Each person's country pairs are grouped once (a CTE)
    rather than counted DISTINCT over every view, which sorts them all."""
    if in_period and reach.applies(filters, scope):  # the reach summary has each pair once already
        return _summarised_reach(reach.country_pairs(filters, scope).cte("country_pairs"), filters)
    pairs = _pairs(filters, scope, in_period, only)
    both, differ, country = _pair_flags(pairs, filters)
    per_country = (sa.select(country.label("country"), sa.func.max(differ).label("differs"))
                   .group_by(country, pairs.c.user_id, pairs.c.browser_id).subquery())
    per_person = (sa.select(sa.func.max(sa.case((both, 1), else_=0)).label("both"),
                            sa.func.max(differ).label("differs"))
                  .group_by(pairs.c.user_id, pairs.c.browser_id).subquery())
    return sa.union_all(
        sa.select(sa.literal(1).label("kind"), per_country.c.country, sa.func.count().label("people"),
                  sa.func.sum(per_country.c.differs).label("first"), sa.literal(0).label("second"))
        .group_by(per_country.c.country),
        sa.select(sa.literal(2), sa.null(), sa.func.count(), sa.func.sum(per_person.c.both),
                  sa.func.sum(per_person.c.differs)))


def _pair_flags(pairs, filters: Filters):
    """(both countries known, 1 when they differ else 0, the country of the viewer's basis) of a pairs CTE."""
    both = sa.and_(pairs.c.declared.is_not(None), pairs.c.network.is_not(None))
    differ = sa.case((sa.and_(both, pairs.c.declared != pairs.c.network), 1), else_=0)
    return both, differ, pairs.c.network if filters.basis == "network" else pairs.c.declared


_NO_NUMBER = sa.cast(sa.null(), sa.BigInteger)  # typed: PostgreSQL resolves an untyped NULL in a UNION to text


def _summarised_reach(pairs: sa.CTE, filters: Filters) -> sa.CompoundSelect:
    """As _reach, from the reach summary's pairs, whose rows say which is a person's first (in all, and in the
    country of the basis): people are counted without grouping rows by person; only the few people whose
    countries differ, and those with both known, are grouped."""
    both, differ, country = _pair_flags(pairs, filters)
    differing = (sa.select(country.label("country")).where(differ == 1)
                 .group_by(country, pairs.c.user_id, pairs.c.browser_id).subquery())
    known = sa.select(sa.literal(1).label("one")).where(both).group_by(pairs.c.user_id, pairs.c.browser_id).subquery()
    differs = (sa.select(sa.literal(1).label("one")).where(differ == 1)
               .group_by(pairs.c.user_id, pairs.c.browser_id).subquery())
    return sa.union_all(
        sa.select(sa.literal(1).label("kind"), country.label("country"),
                  sa.func.sum(pairs.c.first_in_country).label("people"), _NO_NUMBER.label("first"),
                  sa.literal(0).label("second")).group_by(country),
        sa.select(sa.literal(3), differing.c.country, sa.func.count(), _NO_NUMBER, sa.literal(0))
        .group_by(differing.c.country),
        sa.select(sa.literal(2), sa.null(), sa.func.sum(pairs.c.first_person),
                  sa.select(sa.func.count()).select_from(known).scalar_subquery(),
                  sa.select(sa.func.count()).select_from(differs).scalar_subquery()))


def _pairs(filters: Filters, scope: Scope, in_period: bool, only) -> sa.CTE:
    """Each person's (declared, network) pairs from the presence tables, grouped once."""
    activity = sa.union_all(
        base.attendances(filters, scope, *base.person(Attendance.user_id, Attendance.browser_id),
                         Attendance.declared_country.label("declared"), Attendance.network_country.label("network"),
                         in_period=in_period).where(*only(Attendance.lecture_id)),
        base.replay_views(filters, scope, *base.person(ReplayView.user_id, ReplayView.browser_id),
                          ReplayView.declared_country.label("declared"), ReplayView.network_country.label("network"),
                          in_period=in_period).where(ReplayView.counted.is_(True), *only(ReplayView.lecture_id))
    ).subquery()
    return (sa.select(activity.c.user_id, activity.c.browser_id, activity.c.declared, activity.c.network)
            .group_by(activity.c.user_id, activity.c.browser_id, activity.c.declared, activity.c.network)
            .cte("country_pairs"))
