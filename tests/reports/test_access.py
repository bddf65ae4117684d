"""A coordinator never reaches another country's people, and an organiser never another programme's, through any
report route or export: every route of the module is walked with the other side's ids and filters."""

import io
import re

import pytest
from openpyxl import load_workbook

from lecturehall.modules.accounts.models import Role
from tests.reports.dataset import build

MAY = {"date_from": "2030-05-01", "date_to": "2030-05-31"}


def texts_of(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(response.data), read_only=True)
        text = "\n".join(str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None)
        workbook.close()
        return text
    body = response.get_data(as_text=True)
    # The country picker and the map's shapes name every country; what counts is what the tables and titles say.
    body = re.sub(r"<select[^>]*>.*?</select>", " ", body, flags=re.S)
    return re.sub(r'data-country="[A-Z]{2}"', " ", body)


def walk(app, client, values: dict, filters: list[dict], with_ids_only: bool = False):
    """Every GET route of the reports, with these ids, under each set of filters: (url, response)."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("reports.") or "GET" not in rule.methods:
            continue
        if with_ids_only and not set(rule.arguments) & {"lecture_id", "user_id"}:
            continue
        formats = ["csv", "xlsx"] if "fmt" in rule.arguments else [None]
        for fmt in formats:
            for extra in filters:
                url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(fmt if m.group(1) == "fmt"
                                                                      else values[m.group(1)]), rule.rule)
                response = client.get(url, query_string={**MAY, **extra})
                assert response.status_code < 500, url
                yield url, extra, response


def test_a_coordinator_gets_nothing_of_another_country(app, create_user, create_lecture, create_programme, login,
                                                       client):
    data = build(create_user, create_lecture, create_programme)
    login(create_user("coordinator-cl@example.org", role=Role.coordinator, country="CL"))
    foreign = ["Bruno Quispe", "Diego Mamani", "Félix Ortega", "u2@example.org", "u4@example.org", "u6@example.org",
               "Peru", "Mexico", "Argentina", "United States", "Brazil", "HYPERLINK"]
    seen_chile = False
    for index, (lecture, user) in enumerate(((data.l1, "u2"), (data.l2, "u4"))):
        values = {"lecture_id": lecture.id, "user_id": data.users[user].id}
        filters = [{}, {"country": "PE"}, {"basis": "network"}, {"basis": "network", "country": "AR"},
                   {"q": "quispe"}]
        for url, extra, response in walk(app, client, values, filters, with_ids_only=index > 0):
            if "/participants/" in url:
                assert response.status_code in (400, 404), url  # another country's person is not there for them
            if extra.get("country") and not url.endswith("/subscription"):
                assert response.status_code in (400, 404), (url, extra)  # not a country they may choose
            text = texts_of(response)
            leaked = [word for word in foreign if word in text]
            assert not leaked, (url, extra, leaked)
            seen_chile = seen_chile or "Ana Rojas" in text
    assert seen_chile  # the walk did see their own country's people


def test_an_organiser_gets_nothing_of_another_programme(app, create_user, create_lecture, create_programme, login,
                                                        client):
    organiser = create_user("organiser-a@example.org", country="CN")
    data = build(create_user, create_lecture, create_programme, organiser=organiser)
    login(organiser)
    # Programme B (lecture L2) is someone else's; u2 took part in both; u3 only in programme A.
    values = {"lecture_id": data.l2.id, "user_id": data.users["u3"].id}
    for url, _extra, response in walk(app, client, values, [{}, {"programme": str(data.programme_b.id)}]):
        if "/subscription" in url:
            assert response.status_code == 403
            continue
        if f"/lectures/{data.l2.id}" in url:
            assert response.status_code in (400, 404), url  # 400: programme B is not one they may choose
        text = texts_of(response)
        assert "Lecture L2" not in text and "E-commerce for small producers" not in text, url
    html = client.get("/reports/lectures", query_string=MAY).get_data(as_text=True)
    assert "Lecture L1" in html and "Lecture L2" not in html
    figures = client.get(f"/reports/participants/{data.users['u2'].id}", query_string=MAY).get_data(as_text=True)
    assert "Lecture L1" in figures and "Lecture L2" not in figures
