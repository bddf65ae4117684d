"""The reach summary kept right as the figures change: a beat that arrives late moves a person's first day, a
lecture cancelled afterwards stops counting — the same figures as counting from the presence tables, and what a
rebuild makes. (A dataset of its own: these tests write.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import sqlalchemy as sa

from lecturehall.cli import cli
from lecturehall.core.db import db
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.presence import tasks as presence_tasks
from lecturehall.modules.reports import queries, reach_summary
from lecturehall.modules.reports.models import ReachDay
from lecturehall.modules.reports.scope import Scope
from tests.presence.helpers import raw_beat, store
from tests.reports.dataset import MAY, build
from tests.reports.test_reach_summary import assert_same_both_ways, rows

# The changes fall in May 2030: compared in May by day and over the year by month (test_reach_summary.py compares
# every period)
UPDATED = ("days", "months")


def test_a_late_beat_moves_a_first_day_and_a_cancelled_lecture_stops_counting(
        app, create_user, create_lecture, create_programme, monkeypatch):
    data = build(create_user, create_lecture, create_programme)
    trend = queries.trend(MAY, Scope())
    assert trend.series["new"][7] == 1 and trend.series["new"][1] == 0  # u6: first counted view on 8 May

    # a beat that arrives late: u6 had also watched 40 s on 2 May
    store([raw_beat(data.l1, 1, datetime(2030, 5, 2, 9, 0, tzinfo=timezone.utc), session="u6-late",
                    user=data.users["u6"], live=False, pos=(100, 140), country="US")])
    presence_tasks.compact_beats()
    trend = queries.trend(MAY, Scope())
    assert trend.series["new"][1] == 1 and trend.series["new"][7] == 0 and trend.series["reached"][7] == 1
    assert queries.figures(MAY, Scope()).reached == 7
    assert_same_both_ways(monkeypatch, data, UPDATED)

    # L2 (20 May) cancelled afterwards: its live attendance no longer counts anywhere
    assert queries.trend(MAY, Scope()).series["reached"][19] == 2
    lectures.cancel_lecture(data.l2, None)
    db.session.commit()
    assert queries.trend(MAY, Scope()).series["reached"][19] == 0
    assert queries.figures(replace(MAY, programme_id=data.programme_b.id), Scope()).reached == 0
    assert_same_both_ways(monkeypatch, data, UPDATED)
    incremental = rows()
    reach_summary.rebuild()
    assert rows() == incremental


def test_the_rebuild_command_repairs_a_summary_changed_by_hand(app, create_user, create_lecture, create_programme):
    build(create_user, create_lecture, create_programme)
    kept = rows()
    db.session.execute(sa.delete(ReachDay).where(ReachDay.user_id.is_not(None)))  # damaged by hand
    db.session.commit()
    assert queries.figures(MAY, Scope()).reached == 2  # only the two anonymous browsers are left
    result = app.test_cli_runner().invoke(cli, ["reports", "rebuild-summaries"])
    assert result.exit_code == 0, result.output
    assert f"Reach summary rebuilt: {len(kept):,} rows" in result.output
    db.session.expire_all()
    assert rows() == kept and queries.figures(MAY, Scope()).reached == 7
