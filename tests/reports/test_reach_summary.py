"""The reach summary (reports/models/reach.py) that the dashboard counts people reached and people new from, and
the replay summary (models/replay_day.py) it adds replay views and watch time from: the same figures as counting
from the presence tables themselves, in every partition the filters and scopes narrow to; kept right by compaction
(a late beat moves a person's first day) and by lecture changes (a cancelled lecture stops counting:
test_reach_updates.py); what the worker keeps incrementally is what a rebuild makes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from lecturehall.core.db import db
from lecturehall.modules.reports import (queries, queries_countries, queries_participants, reach, reach_summary,
                                        replays)
from lecturehall.modules.reports.models import ReachDay
from lecturehall.modules.reports.scope import Scope
from tests.reports.dataset import MAY

PERIODS = {"days": MAY, "weeks": replace(MAY, date_to=date(2030, 7, 31)),
           "months": replace(MAY, date_from=date(2030, 1, 1), date_to=date(2030, 12, 31)),
           "april": replace(MAY, date_from=date(2030, 4, 1), date_to=date(2030, 4, 30))}


def filter_sets(data, periods=tuple(PERIODS)) -> list[tuple]:
    """(filters, scope) pairs covering the eight partitions: programme or not, declared country or not (a
    coordinator, or the declared basis's filter), network country or not; in each of ``periods``."""
    a = data.programme_a.id
    pairs = []
    for period in (PERIODS[name] for name in periods):
        for scope in (Scope(), Scope(country="CL"), Scope(country="PE"), Scope(programme_ids=frozenset({a}))):
            for extra in ({}, {"programme_id": a}, {"country": "CL"}, {"country": "PE"},
                          {"basis": "network"}, {"basis": "network", "country": "AR"},
                          {"basis": "network", "country": "CL", "programme_id": a}):
                pairs.append((replace(period, **extra), scope))
    return pairs


def counted_both_ways(monkeypatch, filters, scope) -> tuple:
    """(from the summary, from the presence tables) for the figures, the trend, the first reached, the
    participants (who was reached), the countries (who was reached under which pair) and the dashboard (whose
    period's people and countries come from the trend's pass over the summary)."""
    def read():
        g.pop("reports_cache", None)  # the participants' breakdowns are kept for the request: read them afresh
        edges = [filters.previous().date_from, filters.date_from, filters.date_to + timedelta(days=1)]
        firsts = queries.first_activity(filters, scope, edges)
        # the buckets the callers read (counted from the presence tables, the ones beyond the edges come too)
        firsts = {index: count for index, count in firsts.items() if 0 <= index < len(edges) - 1}
        return (queries.figures(filters, scope), queries.trend(filters, scope), firsts,
                queries.reached(filters, scope), queries_participants.participants(filters, scope, "", None),
                queries_participants.by_sector(filters, scope), queries_countries.by_country(filters, scope),
                queries.dashboard(filters, scope))

    assert reach.applies(filters, scope) and replays.applies(filters, scope)
    summarised = read()
    with monkeypatch.context() as patch:
        patch.setattr(reach, "applies", lambda *_args: False)
        patch.setattr(replays, "applies", lambda *_args: False)
        counted = read()
    return summarised, counted


def assert_same_both_ways(monkeypatch, data, periods=tuple(PERIODS)) -> None:
    for filters, scope in filter_sets(data, periods):
        summarised, counted = counted_both_ways(monkeypatch, filters, scope)
        assert summarised == counted, (filters, scope)


def rows() -> list[tuple]:
    columns = [column for column in ReachDay.__table__.columns if column.name != "id"]
    return sorted((tuple(row) for row in db.session.execute(sa.select(*columns))), key=repr)


def test_the_summary_counts_what_the_presence_tables_count(shared_app, monkeypatch):
    data = shared_app.shared_data
    assert_same_both_ways(monkeypatch, data)
    figures = queries.figures(MAY, Scope())
    assert (figures.reached, figures.new, figures.countries) == (7, 6, 3)
    # an organiser of both programmes asks for a union no partition holds: counted from the presence tables
    assert not reach.applies(MAY, Scope(programme_ids=frozenset({data.programme_a.id, data.programme_b.id})))


def test_what_compaction_keeps_is_what_a_rebuild_makes(shared_app):
    kept = rows()
    assert len(kept) >= 10 and all(row[2] is not None for row in kept)  # every row has its day
    try:
        assert reach_summary.rebuild() == len(kept)
        assert rows() == kept
    finally:
        db.session.rollback()


@pytest.mark.parametrize("name", sorted(PERIODS))
def test_buckets_start_where_the_period_does(shared_app, name):
    """A person reached on two days of one bucket counts once in it, and once in the period."""
    period = PERIODS[name]
    trend = queries.trend(period, Scope())
    total = queries.figures(period, Scope()).reached
    assert max(trend.series["reached"], default=0) <= total <= sum(trend.series["reached"])
