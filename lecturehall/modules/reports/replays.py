"""Replay views and time watched in a period, added up from the replay summary (models/replay_day.py): its key
holds every filter and scope the reports narrow by (programme or programmes, declared and network country, days),
so each figure is a sum over a few rows a day instead of over every view. A lecture's own figures (its views and
time watched on any day, its watchers and their completion) are added up from the lecture replay summary
(models/replay_lecture.py), a few rows a lecture, joined to the lecture for its status and programme."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import ReplayView, ReplayWatch
from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.replay_day import ReplayDay
from lecturehall.modules.reports.models.replay_lecture import ReplayLecture
from lecturehall.modules.reports.scope import Filters, Scope


def applies(filters: Filters, scope: Scope) -> bool:
    """Whether the figures come from the summaries: always, for the filters and scopes there are (tests switch it
    off to compare with counting the views and watches themselves)."""
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
    """(country on the viewer's basis, counted views, seconds watched) in the period, or of one lecture (any day;
    a country with views none of which counted has a row too)."""
    if lecture_id is None and applies(filters, scope):
        return _summed(filters, scope, base.country_column(ReplayDay.declared_country, ReplayDay.network_country,
                                                           filters))
    if applies(filters, scope):
        country = base.country_column(ReplayLecture.declared_country, ReplayLecture.network_country, filters)
        query = (_lecture_rows(filters, scope, country, sa.func.sum(ReplayLecture.views),
                               sa.func.sum(ReplayLecture.milliseconds), in_period=False)
                 .where(ReplayLecture.lecture_id == lecture_id).group_by(country)
                 .having(sa.func.sum(ReplayLecture.view_rows) > 0))
        return [(code, int(views), int(milliseconds or 0) / 1000) for code, views, milliseconds in base.execute(query)]
    country = base.country_column(ReplayView.declared_country, ReplayView.network_country, filters)
    return _counted(filters, scope, country, in_period=lecture_id is None, lecture_id=lecture_id)


def _lecture_rows(filters: Filters, scope: Scope, *columns, in_period: bool) -> sa.Select:
    """The lecture replay summary's rows, of lectures the filters and scope count (those starting in the period,
    when ``in_period``)."""
    return (sa.select(*columns).select_from(ReplayLecture).join(Lecture, Lecture.id == ReplayLecture.lecture_id)
            .where(*base.lecture_conditions(filters, scope, in_period=in_period),
                   *base.country_conditions(ReplayLecture.declared_country, ReplayLecture.network_country, filters,
                                            scope)))


def by_lecture(filters: Filters, scope: Scope, lecture_ids: list[int] | None = None
               ) -> dict[int, tuple[int, int, float]]:
    """(counted views on any day, people who watched, the sum of their completion in %) per lecture: the lectures
    starting in the period, or the given ones whenever they started. Lectures nobody watched may be missing."""
    in_period = lecture_ids is None
    chosen = (lambda column: []) if lecture_ids is None else (lambda column: [column.in_(lecture_ids)])
    found: dict[int, list] = {}
    if applies(filters, scope):
        for lecture_id, views, watchers, completion in base.execute(
                _lecture_rows(filters, scope, ReplayLecture.lecture_id, sa.func.sum(ReplayLecture.views),
                              sa.func.sum(ReplayLecture.watchers), sa.func.sum(ReplayLecture.completion),
                              in_period=in_period)
                .where(*chosen(ReplayLecture.lecture_id)).group_by(ReplayLecture.lecture_id)):
            found[lecture_id] = [int(views), int(watchers), float(completion or 0)]
    else:
        for lecture_id, views in base.execute(base.replay_views(
                filters, scope, ReplayView.lecture_id, sa.func.count(), in_period=False)
                .where(ReplayView.counted.is_(True), *base.lecture_conditions(filters, scope, in_period=in_period),
                       *chosen(ReplayView.lecture_id)).group_by(ReplayView.lecture_id)):
            found[lecture_id] = [views, 0, 0.0]
        for lecture_id, watchers, completion in base.execute(
                sa.select(ReplayWatch.lecture_id, sa.func.count(), sa.func.sum(ReplayWatch.completion))
                .select_from(ReplayWatch).join(Lecture, Lecture.id == ReplayWatch.lecture_id)
                .where(*base.lecture_conditions(filters, scope, in_period=in_period),
                       *base.country_conditions(ReplayWatch.declared_country, ReplayWatch.network_country, filters,
                                                scope), *chosen(ReplayWatch.lecture_id))
                .group_by(ReplayWatch.lecture_id)):
            found.setdefault(lecture_id, [0, 0, 0.0])[1:] = [watchers, float(completion or 0)]
    # the completion's sum to a millionth of a percent: added up in another order, floats differ beyond it
    return {lecture_id: (views, watchers, round(completion, 6)) for lecture_id, (views, watchers, completion)
            in found.items()}
