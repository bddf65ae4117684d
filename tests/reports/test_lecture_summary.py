"""The lecture replay summary (reports/models/replay_lecture.py) that a lecture's page and the lectures table add
up its replay views, time watched, watchers and completion from: the same figures as counting the replay views and
watches themselves, for every filter and scope, worked out by hand for the dataset's L1, and kept right as the
replay views change (a late beat, a new viewer whose watching is not yet a view, a refold of the lecture, a deleted
account) — what the worker keeps is what a rebuild makes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import sqlalchemy as sa

from lecturehall.cli import cli
from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.presence import compaction
from lecturehall.modules.presence import tasks as presence_tasks
from lecturehall.modules.reports import lecture_summary, queries_countries, queries_lectures, replays
from lecturehall.modules.reports.models import ReplayLecture
from lecturehall.modules.reports.scope import Scope
from tests.presence.helpers import raw_beat, store
from tests.reports.dataset import MAY, build
from tests.reports.test_reach_summary import filter_sets

NETWORK = replace(MAY, basis="network")


def summary_rows() -> list[tuple]:
    columns = [column for column in ReplayLecture.__table__.columns if column.name != "id"]
    return sorted((tuple(row) for row in db.session.execute(sa.select(*columns))), key=repr)


def lecture_figures(data, filters, scope) -> tuple:
    """Each lecture's row alone, the lectures of the period, and each lecture's countries."""
    lectures = (data.l0, data.l1, data.l2)
    return ([queries_lectures.by_lecture(filters, scope, [lecture.id]) for lecture in lectures],
            queries_lectures.by_lecture(filters, scope),
            [queries_countries.by_country(filters, scope, lecture_id=lecture.id) for lecture in lectures])


def counted_both_ways(monkeypatch, data, filters, scope) -> tuple:
    assert replays.applies(filters, scope)
    summarised = lecture_figures(data, filters, scope)
    with monkeypatch.context() as patch:
        patch.setattr(replays, "applies", lambda *_args: False)
        counted = lecture_figures(data, filters, scope)
    return summarised, counted


def assert_same_both_ways(monkeypatch, data, periods=("days", "months", "april")) -> None:
    for filters, scope in filter_sets(data, periods):
        summarised, counted = counted_both_ways(monkeypatch, data, filters, scope)
        assert summarised == counted, (filters, scope)


def assert_rebuild_makes_the_same() -> None:
    kept = summary_rows()
    assert lecture_summary.rebuild() == len(kept)
    db.session.commit()
    assert summary_rows() == kept


def replay_by_country(data, filters, scope=Scope()) -> dict:
    return {row.country: (row.replay_views, row.replay_seconds)
            for row in queries_countries.by_country(filters, scope, lecture_id=data.l1.id).rows
            if row.replay_views or row.replay_seconds}


def l1_replay(data, filters=MAY, scope=Scope()) -> tuple:
    (row,) = queries_lectures.by_lecture(filters, scope, [data.l1.id])
    return row.replay_views, row.replay_watchers, round(row.completion, 4)


def test_the_summary_counts_what_the_views_and_watches_count(app, create_user, create_lecture, create_programme,
                                                           monkeypatch):
    data = build(create_user, create_lecture, create_programme)
    assert_same_both_ways(monkeypatch, data)
    # L1's replay (600 s): u2 0-60 s (a view, 10 %), u6 0-20 s then 20-50 s (one view of two days, 8.33 %), the
    # anonymous browser 0-40 s (a view, 6.67 %): three views, three watchers, 25 % / 3 on average
    assert l1_replay(data) == (3, 3, round(25 / 3, 4))
    # the lectures table takes lectures by their start, and a lecture's replay on any day: April's has L0 alone
    april = replace(MAY, date_from=date(2030, 4, 1), date_to=date(2030, 4, 30))
    assert [(row.lecture_id, row.replay_views) for row in queries_lectures.by_lecture(april, Scope())] == \
        [(data.l0.id, 0)]
    assert {row.lecture_id: row.replay_views for row in queries_lectures.by_lecture(MAY, Scope())} == \
        {data.l1.id: 3, data.l2.id: 0}
    assert replay_by_country(data, MAY) == {"PE": (1, 60.0), "MX": (1, 50.0), None: (1, 40.0)}
    assert replay_by_country(data, NETWORK) == {"AR": (1, 60.0), "US": (1, 50.0), "BR": (1, 40.0)}
    # a coordinator of Mexico: u6 alone (the anonymous browser has no declared country)
    assert l1_replay(data, MAY, Scope(country="MX")) == (1, 1, 8.33)  # each watch's completion is kept to 0.01 %
    assert replay_by_country(data, NETWORK, Scope(country="MX")) == {"US": (1, 50.0)}
    # L0 and L2 have no replay watched: no rows, and zeros on their pages
    assert {row[0] for row in summary_rows()} == {data.l1.id}
    assert [(row.replay_views, row.replay_watchers, row.completion) for lecture in (data.l0, data.l2)
            for row in queries_lectures.by_lecture(MAY, Scope(), [lecture.id])] == [(0, 0, None), (0, 0, None)]


def test_compaction_keeps_it_as_a_rebuild_makes_it(app, create_user, create_lecture, create_programme, monkeypatch):
    data = build(create_user, create_lecture, create_programme)
    assert_rebuild_makes_the_same()
    # a late beat: u6 also watched 12.345 s on 7 May (200-212.345 s), which makes that day a view; and a new
    # anonymous viewer in Germany watches 10 s (not a view: the country still shows, with its time)
    store([raw_beat(data.l1, 2, datetime(2030, 5, 7, 18, 0, tzinfo=timezone.utc), session="u6-late",
                    user=data.users["u6"], live=False, pos=(200.0, 212.345), country="US"),
           raw_beat(data.l1, 1, datetime(2030, 6, 2, 9, 0, tzinfo=timezone.utc), session="de-r",
                    browser="anon-replay-de", live=False, pos=(0.0, 10.0), country="DE")])
    presence_tasks.compact_beats()
    db.session.commit()
    completions = [round(seconds / 600 * 100, 2) for seconds in (60, 62.345, 40, 10)]
    assert l1_replay(data) == (4, 4, round(sum(completions) / 4, 4))
    assert replay_by_country(data, NETWORK) == {"AR": (1, 60.0), "US": (2, 62.345), "BR": (1, 40.0),
                                                "DE": (0, 10.0)}
    assert_same_both_ways(monkeypatch, data, ("days",))
    assert_rebuild_makes_the_same()

    # the lecture refolded from its beats (a check or a repair): the same rows
    kept = summary_rows()
    compaction.rebuild_lecture(data.l1.id)
    db.session.commit()
    assert summary_rows() == kept

    # u2 deletes the account: the view still counts, by country
    accounts.delete_account(data.users["u2"])
    db.session.commit()
    assert replay_by_country(data, MAY)["PE"] == (1, 60.0) and summary_rows() == kept
    assert_rebuild_makes_the_same()

    # rows lost (by hand): the lecture's refresh writes them again
    db.session.execute(sa.delete(ReplayLecture).where(ReplayLecture.lecture_id == data.l1.id))
    lecture_summary.refresh([data.l1.id])
    db.session.commit()
    assert summary_rows() == kept


def test_the_rebuild_command_repairs_it(app, create_user, create_lecture, create_programme):
    data = build(create_user, create_lecture, create_programme)
    kept = summary_rows()
    db.session.execute(sa.delete(ReplayLecture).where(ReplayLecture.network_country == "BR"))  # damaged by hand
    db.session.commit()
    assert l1_replay(data)[:2] == (2, 2)
    result = app.test_cli_runner().invoke(cli, ["reports", "rebuild-summaries"])
    assert result.exit_code == 0, result.output
    assert f"Lecture replay summary rebuilt: {len(kept):,} rows" in result.output
    db.session.expire_all()
    assert summary_rows() == kept and l1_replay(data)[:2] == (3, 3)


def test_a_deleted_lecture_takes_its_rows(app, create_user, create_lecture, create_programme):
    data = build(create_user, create_lecture, create_programme)
    assert summary_rows() != []
    db.session.delete(data.l1)
    db.session.commit()
    assert summary_rows() == []
