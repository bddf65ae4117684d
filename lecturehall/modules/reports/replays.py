"""Replay views and time watched in a period, added up from the replay summary (models/replay_day.py): its key
holds every filter and scope the reports narrow by (programme or programmes, declared and network country, days),
so each figure is a sum over a few rows a day instead of over every view. A lecture's own figures are counted
from its views, here and in queries_lectures.py."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lecturehall.modules.presence.models import ReplayView
from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.replay_day import ReplayDay
from lecturehall.modules.reports.scope import Filters, Scope


def applies(filters: Filters, scope: Scope) -> bool:
    """Whether the figures come from the summary: always, for the filters and scopes there are (tests switch it
    off to compare with counting the views themselves)."""
    return True


def _select(filters: Filters, scope: Scope, *columns) -> sa.Select:
    conditions = [ReplayDay.day >= filters.date_from, ReplayDay.day <= filters.date_to]
    if filters.programme_id is not None:
        conditions.append(ReplayDay.programme_id == filters.programme_id)
    if scope.programme_ids is not None:
        conditions.append(ReplayDay.programme_id.in_(sorted(scope.programme_ids)))
    conditions += base.country_conditions(ReplayDay.declared_country, ReplayDay.network_country, filters, scope)
    return sa.select(*columns).where(*conditions)


def _figures() -> list:
    return [sa.func.coalesce(sa.func.sum(ReplayDay.views), 0), sa.func.coalesce(sa.func.sum(ReplayDay.milliseconds), 0)]


def _summed(filters: Filters, scope: Scope, *keys) -> list[tuple]:
    """(*keys, counted views, seconds watched) per group of ``keys`` (of the summary), in the period."""
    return [(*row[:-2], int(row[-2]), int(row[-1] or 0) / 1000) for row in
            base.execute(_select(filters, scope, *keys, *_figures()).group_by(*keys))]


def _counted(filters: Filters, scope: Scope, *keys, in_period: bool = True, lecture_id: int | None = None
             ) -> list[tuple]:
    """The same, counted from the replay views themselves (a lecture's, or when the summary is not used)."""
    query = base.replay_views(filters, scope, *keys, sa.func.count(base.when(ReplayView.counted.is_(True), 1)),
                              sa.func.coalesce(sa.func.sum(ReplayView.seconds_watched), 0.0), in_period=in_period)
    if lecture_id is not None:
        query = query.where(ReplayView.lecture_id == lecture_id)
    return [(*row[:-2], int(row[-2]), float(row[-1])) for row in base.execute(query.group_by(*keys))]


def totals(filters: Filters, scope: Scope) -> tuple[int, float]:
    """(counted views, seconds watched) in the period."""
    return (_summed if applies(filters, scope) else _counted)(filters, scope)[0]


def by_day(filters: Filters, scope: Scope) -> list[tuple[date, int, float]]:
    """(day, counted views, seconds watched) for each day of the period with any watching."""
    if applies(filters, scope):
        return _summed(filters, scope, ReplayDay.day)
    return _counted(filters, scope, ReplayView.day)


def by_country(filters: Filters, scope: Scope, lecture_id: int | None = None) -> list[tuple[str | None, int, float]]:
    """(country on the viewer's basis, counted views, seconds watched) in the period, or of one lecture."""
    if lecture_id is None and applies(filters, scope):
        return _summed(filters, scope, base.country_column(ReplayDay.declared_country, ReplayDay.network_country,
                                                           filters))
    country = base.country_column(ReplayView.declared_country, ReplayView.network_country, filters)
    return _counted(filters, scope, country, in_period=lecture_id is None, lecture_id=lecture_id)
