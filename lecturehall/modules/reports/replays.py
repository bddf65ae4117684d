"""Replay views and time watched in a period, added up from the replay summary (models/replay_day.py): its key
holds every filter and scope the reports narrow by (programme or programmes, declared and network country, days),
so each figure is a sum over a few rows a day instead of over every view. A lecture's own figures are read from its
views (queries_lectures.py)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

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


def seconds(milliseconds) -> float:
    return int(milliseconds or 0) / 1000


def totals(filters: Filters, scope: Scope) -> tuple[int, float]:
    """(counted views, seconds watched) in the period."""
    views, milliseconds = base.execute(_select(filters, scope, *_figures())).one()
    return int(views), seconds(milliseconds)


def by_day(filters: Filters, scope: Scope) -> list[tuple[date, int, float]]:
    """(day, counted views, seconds watched) for each day of the period with any watching."""
    return [(day, int(views), seconds(milliseconds)) for day, views, milliseconds in
            base.execute(_select(filters, scope, ReplayDay.day, *_figures()).group_by(ReplayDay.day))]


def by_country(filters: Filters, scope: Scope) -> list[tuple[str | None, int, float]]:
    """(country on the viewer's basis, counted views, seconds watched) in the period."""
    country = base.country_column(ReplayDay.declared_country, ReplayDay.network_country, filters)
    return [(code, int(views), seconds(milliseconds)) for code, views, milliseconds in
            base.execute(_select(filters, scope, country, *_figures()).group_by(country))]
