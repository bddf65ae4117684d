"""People and countries reached, and people reached for the first time, counted from the reach summary
(models/reach.py) — when the viewer's scope and filters narrow by one programme or none: an organiser of several
programmes asks for a union no partition holds, and is counted from the presence figures (queries.py)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.reach import ReachDay, previous_column
from lecturehall.modules.reports.scope import Filters, Scope


def _programmes(filters: Filters, scope: Scope) -> list[int] | None:
    """The programmes counted: None for every programme, else a list (empty: none may be seen)."""
    if filters.programme_id is not None:
        return [filters.programme_id] if scope.allows_programme(filters.programme_id) else []
    return None if scope.programme_ids is None else sorted(scope.programme_ids)


def applies(filters: Filters, scope: Scope) -> bool:
    programmes = _programmes(filters, scope)
    return programmes is None or len(programmes) <= 1


def _narrowed(filters: Filters, scope: Scope, *, by_pair: bool = False) -> tuple[list, sa.ColumnElement]:
    """(conditions, the previous-day column of the partition they narrow to; ``by_pair``: within each country
    pair as well)."""
    programmes = _programmes(filters, scope)
    conditions = []
    if programmes is not None:
        conditions.append(ReachDay.programme_id.in_(programmes) if programmes else sa.false())
    conditions += base.country_conditions(ReachDay.declared_country, ReachDay.network_country, filters, scope)
    return conditions, _previous(filters, scope, declared=by_pair, network=by_pair)


def _previous(filters: Filters, scope: Scope, *, declared: bool = False, network: bool = False) -> sa.Column:
    """The previous-day column of the partition the scope and filters narrow to, within the declared and/or the
    network country as well when asked."""
    declared = declared or scope.country is not None or (bool(filters.country) and filters.basis != "network")
    network = network or (bool(filters.country) and filters.basis == "network")
    return getattr(ReachDay, previous_column(_programmes(filters, scope) is not None, declared, network))


def _first(previous: sa.Column, start: date):
    """1 on a person's first row (in the partition of ``previous``) from ``start`` on, else 0."""
    return sa.case((sa.or_(previous.is_(None), previous < start), 1), else_=0)


def _bucket_start(column, edges: list[date]):
    """The first day of the bucket ``column`` falls in (edges as in base.bucket; only asked inside them)."""
    return sa.case(*[(column < edge, edges[index - 1]) for index, edge in enumerate(edges) if index],
                   else_=edges[-1])


def reached(filters: Filters, scope: Scope, day_edges: list[date] | None = None) -> dict:
    """As queries.reached: {bucket: (people, countries)}, or {None: (...)} without edges. One pass: the rows are
    grouped by (bucket and) country, each group counting its people's first rows; the countries are the groups.
    With edges, the whole span of the edges comes in the same pass under None: a person's first row in the span
    is their first in its bucket as well, so the span's people are the sum over buckets of those rows, and its
    countries the union of the buckets' (the dashboard's period and its trend, from one scan)."""
    conditions, previous = _narrowed(filters, scope)
    country = base.country_column(ReachDay.declared_country, ReachDay.network_country, filters)
    if day_edges is None:
        keys, start = [], filters.date_from
        conditions += [ReachDay.day >= filters.date_from, ReachDay.day <= filters.date_to]
        counted = [sa.func.sum(_first(previous, start))]
    else:
        keys, start = [base.bucket(ReachDay.day, day_edges)], _bucket_start(ReachDay.day, day_edges)
        conditions += [ReachDay.day >= day_edges[0], ReachDay.day < day_edges[-1]]
        counted = [sa.func.sum(_first(previous, day_edges[0])), sa.func.sum(_first(previous, start))]
    query = sa.select(*keys, country, *counted).where(*conditions).group_by(*keys, country)
    found: dict = {None: [0, 0]}
    span_countries = set()
    for row in base.execute(query):
        if keys:
            bucket_code, code, span_first, first = row
            counts = found.setdefault(int(bucket_code), [0, 0])
            found[None][0] += int(span_first)
            span_countries.add(code)
        else:
            code, first = row
            counts = found[None]
        counts[0] += int(first)
        counts[1] += code is not None
    if keys:
        found[None][1] = len(span_countries - {None})
    return {key: tuple(value) for key, value in found.items()}


def first_reached(filters: Filters, scope: Scope, day_edges: list[date]) -> dict[int, int]:
    """As queries.first_activity, within the edges: bucket index -> people first reached then."""
    conditions, previous = _narrowed(filters, scope)
    bucket = base.bucket(ReachDay.day, day_edges)
    query = (sa.select(bucket, sa.func.count())
             .where(ReachDay.day >= day_edges[0], ReachDay.day < day_edges[-1], previous.is_(None), *conditions)
             .group_by(bucket))
    return {int(index): count for index, count in base.execute(query)}


def reached_users(filters: Filters, scope: Scope) -> sa.Select:
    """The signed-in users reached in the period (live, or a counted replay view), each once: their first row in
    it."""
    conditions, previous = _narrowed(filters, scope)
    return sa.select(ReachDay.user_id.label("user_id")).where(
        ReachDay.day >= filters.date_from, ReachDay.day <= filters.date_to, ReachDay.user_id.is_not(None),
        sa.or_(previous.is_(None), previous < filters.date_from), *conditions)


def country_pairs(filters: Filters, scope: Scope) -> sa.Select:
    """Each person reached in the period with each (declared, network) pair they were reached under, once: the
    pair's first row in the period (columns user_id, browser_id, declared, network; ``first_person``: 1 on the
    person's first of them, ``first_in_country``: 1 on their first in the country of the viewer's basis)."""
    conditions, previous = _narrowed(filters, scope, by_pair=True)
    in_country = _previous(filters, scope, declared=filters.basis != "network", network=filters.basis == "network")
    return sa.select(ReachDay.user_id.label("user_id"), ReachDay.browser_id.label("browser_id"),
                     ReachDay.declared_country.label("declared"), ReachDay.network_country.label("network"),
                     _first(_previous(filters, scope), filters.date_from).label("first_person"),
                     _first(in_country, filters.date_from).label("first_in_country")).where(
        ReachDay.day >= filters.date_from, ReachDay.day <= filters.date_to,
        sa.or_(previous.is_(None), previous < filters.date_from), *conditions)
