"""Every report figure against the hand-computed dataset (tests/reports/dataset.py says how each is made)."""

from dataclasses import replace
from datetime import date

import pytest

from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.reports import queries, queries_countries, queries_lectures, queries_participants
from lecturehall.modules.reports.scope import Scope
from tests.reports.dataset import MAY

ALL = Scope()


@pytest.fixture
def app(shared_app):
    """The module's app and dataset (tests/reports/conftest.py): these tests only read it."""
    return shared_app


@pytest.fixture
def data(app):
    return app.shared_data


def test_dashboard_figures(data):
    figures = queries.figures(MAY, ALL)
    assert (figures.registered, figures.registrations, figures.attended_registrations) == (5, 7, 4)
    assert figures.attendance_rate == pytest.approx(4 / 7)
    assert figures.live_participants == 5  # four people and one anonymous browser
    assert figures.live_seconds == 1800 + 1785 + 2100 + 2400 + 600 + 1200 + 1185
    assert (figures.audio_only, figures.interpretation) == (1, 1)
    assert figures.audio_only_share == pytest.approx(1 / 5)
    assert figures.replay_views == 3  # u6's 20 s day is no view
    assert figures.replay_seconds == 60 + 20 + 30 + 40
    assert figures.reached == 7 and figures.countries == 3  # CL, PE, MX (anonymous: no declared country)
    assert (figures.new, figures.returning) == (6, 1)  # u1 came in April
    network = queries.figures(replace(MAY, basis="network"), ALL)
    assert network.countries == 4  # CL, AR, BR, US


def test_previous_period_and_trend(data):
    previous = queries.figures(MAY.previous(), ALL)
    assert MAY.previous().date_from == date(2030, 3, 31)
    assert (previous.registered, previous.live_participants, previous.attendance_rate) == (1, 1, 1.0)
    assert (previous.new, previous.returning) == (1, 0)
    trend = queries.trend(MAY, ALL)
    assert trend.granularity == "day" and len(trend.starts) == 31
    assert trend.series["live_participants"][4] == 5 and trend.series["live_participants"][19] == 2
    assert trend.series["registered"][4] == 5 and trend.series["registered"][19] == 2
    assert trend.series["replay_views"][5:9] == [1, 0, 1, 1]
    assert trend.series["new"][4] == 4 and trend.series["new"][7] == 1 and sum(trend.series["new"]) == 6
    assert trend.series["attendance_rate"][19] == pytest.approx(0.5)
    assert trend.series["attendance_rate"][0] is None
    weekly = queries.trend(replace(MAY, date_to=date(2030, 7, 31)), ALL)
    assert weekly.granularity == "week" and sum(weekly.series["replay_views"]) == 3
    yearly = queries.trend(replace(MAY, date_from=date(2030, 1, 1), date_to=date(2030, 12, 31)), ALL)
    assert yearly.granularity == "month" and len(yearly.starts) == 12
    assert yearly.series["live_participants"][3:5] == [1, 5]


@pytest.mark.parametrize("period", [MAY, replace(MAY, date_to=date(2030, 7, 31)),
                                    replace(MAY, date_from=date(2030, 1, 1), date_to=date(2030, 12, 31))],
                         ids=["days", "weeks", "months"])
@pytest.mark.parametrize("scope", [ALL, Scope(country="CL")], ids=["admin", "coordinator"])
def test_the_dashboard_in_one_go_is_figures_previous_and_trend(data, period, scope):
    """The dashboard page's shared queries give what the three separate reads give (the previous period's "new"
    included, which comes from one more bucket of the trend's first-activity query)."""
    for basis in ("declared", "network"):
        filters = replace(period, basis=basis)
        report = queries.dashboard(filters, scope)
        assert report.current == queries.figures(filters, scope)
        assert report.previous == queries.figures(filters.previous(), scope)
        assert report.trend == queries.trend(filters, scope)
    assert report.current.reached > 0 and report.previous.new + report.current.new > 0


def test_by_country_declared_and_network(data):
    report = queries_countries.by_country(MAY, ALL)
    rows = {row.country: row for row in report.rows}
    assert [row.country for row in report.rows] == ["CL", "PE", "MX", None]  # most reached first, unknown last
    cl, pe, mx, unknown = rows["CL"], rows["PE"], rows["MX"], rows[None]
    assert (cl.registered, cl.registrations, cl.attended_registrations, cl.live_attendees, cl.reached) == (3, 4, 4, 3, 3)
    assert cl.share == pytest.approx(3 / 7)  # u5, deleted, still counts for Chile
    assert (pe.registered, pe.attendance_rate, pe.live_attendees, pe.replay_views, pe.replay_seconds) == \
        (2, 0.0, 1, 1, 60)
    assert (mx.registered, mx.replay_views, mx.replay_seconds, mx.reached) == (0, 1, 50, 1)
    assert (unknown.live_attendees, unknown.replay_views, unknown.reached) == (1, 1, 2)
    assert (report.reached, report.known_both, report.differs) == (7, 5, 2)
    assert report.differ_share == pytest.approx(2 / 5)
    network = {row.country: row for row in queries_countries.by_country(replace(MAY, basis="network"), ALL).rows}
    assert set(network) == {"CL", "AR", "BR", "US", None}
    assert (network["AR"].reached, network["AR"].differs, network["AR"].registrations) == (1, 1, 2)
    assert network[None].registrations == 1  # u4 never joined: network country unknown
    assert network["BR"].reached == 2


def test_a_coordinator_scope_holds_only_their_country(data):
    chile = Scope(country="CL")
    figures = queries.figures(MAY, chile)
    assert (figures.registered, figures.live_participants, figures.reached, figures.replay_views,
            figures.countries) == (3, 3, 3, 0, 1)
    assert [row.country for row in queries_countries.by_country(MAY, chile).rows] == ["CL"]
    # A filter for another country gives nothing rather than that country.
    assert queries.figures(replace(MAY, country="PE"), chile).reached == 0
    total, rows = queries_participants.participants(MAY, chile)
    assert total == 3 and {row.country for row in rows} == {"CL"}
    assert queries_participants.participant_in_scope(data.users["u2"].id, chile) is None
    _total, attendees = queries_lectures.attendees(data.l1.id, MAY, chile)
    assert {row.declared_country for row in attendees} == {"CL"}


def test_an_organiser_scope_holds_only_their_programmes(data):
    only_b = Scope(programme_ids=frozenset({data.programme_b.id}))
    figures = queries.figures(MAY, only_b)
    assert (figures.registered, figures.live_participants, figures.attended_registrations) == (2, 2, 1)
    assert [row.lecture_id for row in queries_lectures.by_lecture(MAY, only_b)] == [data.l2.id]
    assert queries_lectures.lecture_in_scope(data.l1.id, only_b) is None
    assert queries_participants.participant_in_scope(data.users["u3"].id, only_b) is None
    assert queries_participants.participant_in_scope(data.users["u2"].id, only_b) is not None


def test_by_lecture(data):
    rows = {row.lecture_id: row for row in queries_lectures.by_lecture(MAY, ALL)}
    assert list(rows) == [data.l2.id, data.l1.id]  # newest first; L0 is April's
    l1, l2 = rows[data.l1.id], rows[data.l2.id]
    assert (l1.registered, l1.attended, l1.no_shows, l1.waitlisted, l1.live_attendees) == (5, 3, 2, 0, 5)
    assert l1.average_minutes == pytest.approx((1800 + 1785 + 2100 + 2400 + 600) / 60 / 5)
    assert l1.replay_views == 3 and l1.completion == pytest.approx((10 + 50 / 6 + 40 / 6) / 3, abs=0.01)
    assert (l2.registered, l2.attended, l2.no_shows, l2.waitlisted, l2.completion) == (2, 1, 1, 1, None)
    curve = dict(queries_lectures.concurrency(data.l1, MAY, ALL))
    assert max(curve.values()) == 5 and len(curve) == 40
    chile_curve = dict(queries_lectures.concurrency(data.l1, MAY, Scope(country="CL")))
    assert max(chile_curve.values()) == 3 and len(chile_curve) == 40
    assert list(chile_curve.values())[21] == 2  # u3 left between minute 20 and 25
    total, attendees = queries_lectures.attendees(data.l1.id, MAY, ALL)
    assert total == 5
    assert [(row.name, row.minutes, row.attended) for row in attendees] == [
        (None, 40, True), ("Carla Soto", 35, True), ("Ana Rojas", 30, True), ("Bruno Quispe", 30, False),
        (None, 10, False)]
    carla = attendees[1]
    assert (carla.audio_only, carla.interpretation_language, carla.devices) == (True, "fr", "desktop")
    assert attendees[0].deleted and attendees[0].declared_country == "CL"
    assert attendees[4].user_id is None and attendees[4].network_country == "BR"


def test_by_participant_and_breakdowns(data):
    total, rows = queries_participants.participants(MAY, ALL)
    assert total == 6
    by_name = {row.name: row for row in rows}
    ana = by_name["Ana Rojas"]
    assert (ana.registered, ana.attended, ana.live_minutes, ana.replays) == (2, 2, 50, 0)
    bruno = by_name["Bruno Quispe"]
    assert (bruno.registered, bruno.attended, bruno.replays, bruno.completion) == (2, 0, 1, 10.0)
    felix = by_name["Félix Ortega"]
    assert (felix.registered, felix.replays) == (0, 1) and felix.completion == pytest.approx(50 / 6, abs=0.01)
    assert by_name["Diego Mamani"].registered == 1  # the waiting list is no registration
    assert rows[-1].name is None and rows[-1].country == "CL"  # the deleted account, last and unnamed
    assert queries_participants.participants(MAY, ALL, search="universidad")[0] == 1
    assert queries_participants.participants(MAY, ALL, search="100%")[0] == 0
    assert queries_participants.participants(MAY, ALL, limit=2, offset=2)[1][0].name == "Carla Soto"
    sectors = {row.sector: row for row in queries_participants.by_sector(MAY, ALL)}
    assert (sectors[Sector.government].participants, sectors[Sector.government].attended) == (2, 2)
    assert (sectors[Sector.enterprise].participants, sectors[Sector.enterprise].registered) == (2, 1)
    assert sectors[Sector.international_organisation].participants == 0
    organisations = dict(queries_participants.by_organisation(MAY, ALL))
    assert organisations["Ministry of Trade"] == 1 and organisations[None] == 1  # u5's name is erased
    lectures = queries_participants.participant_lectures(data.users["u1"].id, MAY, ALL)
    assert [(row.lecture_id, row.attended, row.live_minutes) for row in lectures] == [
        (data.l2.id, True, 20), (data.l1.id, True, 30), (data.l0.id, True, 45)]
