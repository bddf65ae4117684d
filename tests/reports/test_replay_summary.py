"""The replay summary (reports/models/replay_day.py) kept right as the replay views change: a late beat turns a
day's watching into a view, a lecture moved to another programme takes its views along, a cancelled lecture's stop
counting — the same figures as adding up the views themselves, and what a rebuild makes. (A dataset of its own:
these tests write.)"""

from __future__ import annotations

import threading
from operator import itemgetter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from lecturehall.cli import cli
from lecturehall.core.db import db
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.presence import tasks as presence_tasks
from lecturehall.modules.reports import queries, queries_countries, reach_summary, replay_summary
from lecturehall.modules.reports.models import ReachDay, ReplayDay
from lecturehall.modules.reports.scope import Scope
from tests.factories import lecture_data
from tests.presence.helpers import raw_beat, store
from tests.reports.dataset import MAY, build
from tests.reports.test_reach_summary import assert_same_both_ways

# The changes fall in May 2030: compared in May by day and over the year by month (test_reach_summary.py compares
# every period)
UPDATED = ("days", "months")


def summary_rows() -> list[tuple]:
    columns = [column for column in ReplayDay.__table__.columns if column.name != "id"]
    return sorted((tuple(row) for row in db.session.execute(sa.select(*columns))), key=repr)


def reach_rows() -> list[tuple]:
    columns = [column for column in ReachDay.__table__.columns if column.name != "id"]
    return sorted((tuple(row) for row in db.session.execute(sa.select(*columns))), key=repr)


def assert_rebuild_makes_the_same() -> None:
    kept = summary_rows()
    replay_summary.rebuild()
    assert summary_rows() == kept


def replay_figures(filters) -> tuple:
    figures = queries.figures(filters, Scope())
    return figures.replay_views, figures.replay_seconds


def test_late_beats_a_moved_and_a_cancelled_lecture(app, create_user, create_lecture, create_programme,
                                                   monkeypatch):
    data = build(create_user, create_lecture, create_programme)
    in_a, in_b = replace(MAY, programme_id=data.programme_a.id), replace(MAY, programme_id=data.programme_b.id)
    # u2 60 s (6 May), u6 20 s (7 May, not a view) and 30 s (8 May), the anonymous browser 40 s (9 May): all L1's
    assert replay_figures(MAY) == replay_figures(in_a) == (3, 150.0) and replay_figures(in_b) == (0, 0.0)
    # one row a day (each day one viewer): 6-9 May, the 7th with its uncounted view
    days = {row[0]: (row[4], row[5]) for row in summary_rows()}
    assert days == {datetime(2030, 5, day).date(): figures for day, figures in
                    ((6, (1, 60000)), (7, (0, 20000)), (8, (1, 30000)), (9, (1, 40000)))}

    # a beat that arrives late: u6 also watched 12.345 s on 7 May, past the 30 s a view takes
    store([raw_beat(data.l1, 2, datetime(2030, 5, 7, 18, 0, tzinfo=timezone.utc), session="u6-late",
                    user=data.users["u6"], live=False, pos=(200, 212.345), country="US")])
    presence_tasks.compact_beats()
    assert replay_figures(MAY) == (4, 162.345)
    trend = queries.trend(MAY, Scope())
    assert trend.series["replay_views"][6] == 1
    assert round(trend.series["replay_hours"][6] * 3600, 3) == 32.345
    us = next(row for row in queries_countries.by_country(replace(MAY, basis="network"), Scope()).rows
              if row.country == "US")
    assert (us.replay_views, us.replay_seconds) == (2, 62.345)
    assert_same_both_ways(monkeypatch, data, UPDATED)
    assert_rebuild_makes_the_same()

    # L1 moved to programme B: its views go with it
    lectures.update_lecture(data.l1, lecture_data(data.l1, programme_id=data.programme_b.id), None)
    db.session.commit()
    assert replay_figures(in_a) == (0, 0.0) and replay_figures(in_b) == (4, 162.345)
    assert_rebuild_makes_the_same()

    # L1 cancelled: its views no longer count anywhere
    lectures.cancel_lecture(data.l1, None)
    db.session.commit()
    assert replay_figures(MAY) == (0, 0.0) and summary_rows() == []
    assert_rebuild_makes_the_same()


def test_the_rebuild_command_repairs_a_summary_changed_by_hand(app, create_user, create_lecture, create_programme):
    build(create_user, create_lecture, create_programme)
    kept = summary_rows()
    db.session.execute(sa.delete(ReplayDay).where(ReplayDay.network_country == "BR"))  # damaged by hand
    db.session.commit()
    assert replay_figures(MAY) == (2, 110.0)
    result = app.test_cli_runner().invoke(cli, ["reports", "rebuild-summaries"])
    assert result.exit_code == 0, result.output
    assert f"Replay summary rebuilt: {len(kept):,} rows" in result.output
    db.session.expire_all()
    assert summary_rows() == kept and replay_figures(MAY) == (3, 150.0)


def test_only_an_edit_of_the_programme_or_the_start_rewrites_the_summaries(app, create_user, create_lecture,
                                                                             create_programme):
    data = build(create_user, create_lecture, create_programme)
    kept, reach_kept = summary_rows(), reach_rows()
    db.session.execute(sa.delete(ReplayDay))  # damaged by hand: shows whether an edit rewrote it
    db.session.execute(sa.delete(ReachDay))
    db.session.commit()
    # a new title and description: nothing the summaries count by (a rewrite takes seconds for a busy lecture)
    lectures.update_lecture(data.l1, lecture_data(data.l1, title="Cross-border payments, revised",
                                                  description="Updated slides."), None)
    db.session.commit()
    assert summary_rows() == [] and reach_rows() == []
    # a new start (an hour later, the same day): the lecture's rows are rewritten
    edit = lecture_data(data.l1)
    edit.local_start += timedelta(hours=1)
    lectures.update_lecture(data.l1, edit, None)
    db.session.commit()
    assert summary_rows() == kept  # every view is L1's
    people = reach_summary.lecture_people(data.l1.id)
    names = [column.name for column in ReachDay.__table__.columns if column.name != "id"]
    person = itemgetter(names.index("user_id"), names.index("browser_id"))
    assert reach_rows() == [row for row in reach_kept if person(row) in people] != []


def test_two_rewrites_of_the_same_days_wait_for_each_other(app, database_url, create_user, create_lecture,
                                                          create_programme):
    """Compaction rewrites a day while a lecture's change rewrites it too: the second waits for the first's commit
    and then reads its rows, instead of inserting its own beside them."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time; the lock is what PostgreSQL needs")
    data = build(create_user, create_lecture, create_programme)
    kept, lecture_id = summary_rows(), data.l1.id
    replay_summary.refresh({(data.programme_a.id, row[0]) for row in kept})  # compaction's, not committed yet
    errors = []

    def lecture_changed():
        with app.app_context():
            try:
                replay_summary.refresh_lecture(lecture_id)
                db.session.commit()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
                db.session.rollback()

    thread = threading.Thread(target=lecture_changed)
    thread.start()
    thread.join(1.0)
    assert thread.is_alive()  # waiting for the first rewrite
    db.session.commit()
    thread.join(30)
    assert not thread.is_alive() and not errors
    db.session.expire_all()
    assert summary_rows() == kept
