"""The report pages show the queries' figures in the viewer's language and number format, with charts, the map and
their numbers in tables; exports equal the pages; bad filters are refused with a clear message."""

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from tests.reports.pages import csv_rows, tables, xlsx_rows

MAY = "date_from=2030-05-01&date_to=2030-05-31"


@pytest.fixture
def app(shared_app):
    """The module's app and dataset (tests/reports/conftest.py): these tests only read it."""
    return shared_app


@pytest.fixture
def data(app):
    return app.shared_data


@pytest.fixture(scope="module")
def admin_account(shared_app):
    return shared_app.makers.user("reports-admin@example.org", role=Role.admin, country="CN")


@pytest.fixture
def admin(admin_account, login):
    login(admin_account)
    yield admin_account
    admin_account.language = "en"  # a test that changed it puts it back for the next one
    db.session.commit()


def card(html: str, figure: str) -> str:
    match = re.search(rf'data-figure="{figure}">.*?<p class="report-value">([^<]*)</p>', html, re.S)
    return match.group(1)


def test_dashboard_cards_trends_and_their_numbers(data, admin, client):
    response = client.get(f"/reports/?{MAY}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert card(html, "reached") == "7" and card(html, "registered") == "5" and card(html, "countries") == "3"
    assert card(html, "attendance_rate") == "57.1\u00a0%" and card(html, "live_hours") == "3.1"
    assert card(html, "new") == "6" and card(html, "returning") == "1"
    assert html.count('class="chart line-chart"') == 12 and "<script" not in html.split("<main")[1]
    numbers = tables(html)["Figures by period"]
    assert numbers[0][0] == "Period starting" and len(numbers) == 32
    assert numbers[5][1:3] == ["5", "5"]  # 5 May: five registered, five live


def test_countries_page_map_switch_and_french_numbers(data, admin, client):
    html = client.get(f"/reports/countries?{MAY}").get_data(as_text=True)
    rows = tables(html)["Participation by country"]
    assert [row[0] for row in rows[1:]] == ["Chile", "Peru", "Mexico", "Unknown"]
    assert rows[1] == ["Chile", "3", "3", "100.0\u00a0%", "0", "0.0", "3", "42.9\u00a0%", "0"]
    assert re.search(r'class="map-country shade-5"[^>]*data-country="CL"><title>Chile: 3</title>', html)
    assert 'data-country="FR"' in html and "40.0\u00a0%" in html  # two of the five known people differ
    network = tables(client.get(f"/reports/countries?{MAY}&basis=network").get_data(as_text=True))
    assert {row[0] for row in network["Participation by country"][1:]} == {"Chile", "Argentina", "Brazil",
                                                                          "United States", "Unknown"}
    searched = tables(client.get(f"/reports/countries?{MAY}&q=per").get_data(as_text=True))
    assert [row[0] for row in searched["Participation by country"][1:]] == ["Peru"]
    by_name = tables(client.get(f"/reports/countries?{MAY}&sort=country&order=asc").get_data(as_text=True))
    assert [row[0] for row in by_name["Participation by country"][1:]] == ["Chile", "Mexico", "Peru", "Unknown"]
    admin.language = "fr"
    db.session.commit()
    french = client.get(f"/reports/countries?{MAY}").get_data(as_text=True)
    assert "Pérou" in french and "42,9\u00a0%" in french and "Inconnu" in french


def test_lecture_and_participant_pages(data, admin, client):
    html = client.get(f"/reports/lectures/{data.l1.id}?{MAY}").get_data(as_text=True)
    found = tables(html)
    assert found["The lecture's figures"][1][2:] == ["5", "3", "2", "0", "5", "29.0", "3", "8.3\u00a0%"]
    attendees = found["Everyone who joined live, longest present first"]
    assert [row[0] for row in attendees[1:]] == ["Deleted account", "Carla Soto", "Ana Rojas", "Bruno Quispe",
                                                 "Anonymous viewer"]
    assert attendees[2][5:] == ["Yes", "desktop", "Yes", "French"]
    assert len(found["Viewers present, minute by minute"]) == 41
    compare = tables(client.get(f"/reports/lectures/compare?{MAY}&a={data.l1.id}&b={data.l2.id}")
                     .get_data(as_text=True))["The two lectures side by side"]
    assert compare[1] == ["Registered", "5", "2"] and compare[4] == ["Waiting list", "0", "1"]
    lectures = client.get(f"/reports/lectures?{MAY}").get_data(as_text=True)
    assert f'href="/reports/lectures/{data.l1.id}"' in lectures
    people = tables(client.get(f"/reports/participants?{MAY}&q=rojas").get_data(as_text=True))
    assert people["Everyone registered or reached in the period"][1][:3] == ["Ana Rojas", "u1@example.org", "Chile"]
    assert people["Participants by sector"][1] == ["Government", "2", "2", "2"]
    mine = tables(client.get(f"/reports/participants/{data.users['u1'].id}?{MAY}").get_data(as_text=True))
    assert [row[4] for row in mine["The participant's lectures"][1:]] == ["20", "30", "45"]
    periods = tables(client.get(f"/reports/periods?{MAY}&compare_from=2030-04-01&compare_to=2030-04-30")
                     .get_data(as_text=True))["The two periods side by side"]
    assert periods[1][:3] == ["Registered participants", "5", "1"]


def test_bad_filters_are_refused_with_a_clear_message(data, admin, client):
    response = client.get("/reports/countries?date_from=2030-05-31&date_to=2030-05-01")
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.get_data(as_text=True)
    response = client.get("/reports/?date_from=yesterday")
    assert response.status_code == 400 and "Give a date as year-month-day" in response.get_data(as_text=True)
    assert client.get("/reports/?programme=999999").status_code == 400
    assert client.get(f"/reports/countries.xlsx?date_from=2030-05-31&date_to=2030-05-01").status_code == 400
    assert client.get(f"/reports/countries.pdf?{MAY}").status_code == 404
    assert client.get("/reports/lectures/999999").status_code == 404


def test_a_participant_who_organises_nothing_sees_no_report(data, app, login, client):
    login(app.makers.user("just-a-participant@example.org"))
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/countries.csv?{MAY}").status_code == 403


@pytest.mark.parametrize("page, caption, export", [
    ("/reports/countries", "Participation by country", "/reports/countries"),
    ("/reports/lectures", "Lectures that started in the period", "/reports/lectures"),
    ("/reports/participants", "Everyone registered or reached in the period", "/reports/participants"),
    ("/reports/participants", "Participants by sector", "/reports/sectors"),
])
def test_exports_equal_the_pages(data, admin, client, page, caption, export):
    shown = tables(client.get(f"{page}?{MAY}").get_data(as_text=True))[caption]
    as_csv = csv_rows(client.get(f"{export}.csv?{MAY}").data)
    as_xlsx = xlsx_rows(client.get(f"{export}.xlsx?{MAY}").data)
    assert len(as_csv) == len(shown) == len(as_xlsx)
    assert as_csv[0] == shown[0] == as_xlsx[0]
    for page_row, csv_row, xlsx_row in zip(shown[1:], as_csv[1:], as_xlsx[1:]):
        for text, written, cell in zip(page_row, csv_row, xlsx_row):
            number = text.replace(",", "").replace("\u00a0%", "")
            if re.fullmatch(r"-?[\d.]+", number):
                assert float(number) == float(written) == float(cell), (text, written, cell)
            elif text == "–":
                assert written == "" and cell == ""
            elif written.startswith("'="):
                assert text == written[1:] and cell == written
            else:
                assert written == str(cell) or isinstance(cell, str) is False, (text, written, cell)


def test_exports_neutralise_formulas_and_speak_the_viewers_language(data, admin, client):
    csv_text = client.get(f"/reports/participants.csv?{MAY}").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ',=HYPERLINK' not in csv_text
    sheet = xlsx_rows(client.get(f"/reports/participants.xlsx?{MAY}").data)
    organisations = [row[3] for row in sheet[1:]]
    assert "'=HYPERLINK(\"http://evil.example\")" in organisations
    response = client.get(f"/reports/participants.xlsx?{MAY}")
    assert response.headers["Content-Disposition"] == 'attachment; filename="participants.xlsx"'
    admin.language = "es"
    db.session.commit()
    header = csv_rows(client.get(f"/reports/countries.csv?{MAY}").data)[0]
    assert header[0] == "País"
    attendees = xlsx_rows(client.get(f"/reports/lectures/{data.l1.id}/attendees.xlsx?{MAY}").data)
    assert attendees[0][0] == "Nombre" and attendees[1][0] == "Cuenta eliminada"
