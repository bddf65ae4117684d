"""Numbers too large for the database's columns never reach its driver: an id in a URL beyond PostgreSQL's INTEGER is
a 404 on every route, and a bad page number or id in a query string is a 400 (on SQLite and PostgreSQL alike).

Under TESTING a crash in a view propagates, so a driver's overflow fails these tests instead of hiding in a 500."""

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures.models import Lecture

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the type of every id column
HUGE = [str(MAX_ID + 1), str(2**63), "99999999999999999999", "9" * 5000]
OTHER_VALUES = {"token": "not-a-token", "path": "master.m3u8", "language": "fr", "fmt": "csv"}
INT_ARGUMENT = re.compile(r"<int:(\w+)>")


def _url(rule, number: str) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>",
                  lambda m: number if m.group(1) == "int" else OTHER_VALUES[m.group(2)], rule.rule)


def _routes_with_ids(app):
    rules = [rule for rule in app.url_map.iter_rules() if INT_ARGUMENT.search(rule.rule)]
    assert len(rules) >= 25, "the walk sees the app's routes"
    return rules


@pytest.mark.parametrize("number", HUGE, ids=["2^31", "2^63", "20-digits", "5000-digits"])
def test_every_route_answers_a_huge_id_with_404(app, client, forms, create_user, login, number):
    login(create_user(role=Role.admin))
    token = forms.token("/")
    for rule in _routes_with_ids(app):
        url = _url(rule, number)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token})
            assert response.status_code == 404, (method, rule.rule, response.status_code)


def test_the_largest_id_still_reaches_the_views(app, client, create_user, login):
    login(create_user(role=Role.admin))
    for url in (f"/lectures/{MAX_ID}", f"/lectures/{MAX_ID}.ics", f"/speakers/{MAX_ID}/photo",
                f"/admin/users/{MAX_ID}", f"/lectures/{MAX_ID}/replay/download"):
        response = client.get(url)
        assert response.status_code == 404, url  # answered by the view: there is no such row
    assert app.url_map.bind("localhost").match(f"/lectures/{MAX_ID}") == ("lectures.lecture_page",
                                                                        {"lecture_id": MAX_ID})


BAD_NUMBERS = ["99999999999999999999", str(MAX_ID + 1), "abc", "0", "-1", "1.5", "", "9" * 5000]


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=lambda v: v[:20] or "empty")
@pytest.mark.parametrize("path", ["/lectures", "/manage/lectures", "/manage/speakers/", "/admin/users/"])
def test_a_bad_page_number_is_a_400(app, client, create_user, create_programme, login, path, value):
    login(create_user(role=Role.admin))
    create_programme()  # the lecture list is for people who organise a programme
    response = client.get(f"{path}?page={value}", headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert 'lang="es"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/lectures", "/manage/lectures", "/manage/speakers/", "/admin/users/"])
def test_good_page_numbers_still_work(app, client, create_user, create_programme, login, path):
    login(create_user(role=Role.admin))
    create_programme()
    assert client.get(path).status_code == 200
    assert client.get(f"{path}?page=1").status_code == 200
    assert client.get(f"{path}?page={MAX_ID}").status_code == 200  # past the end: an empty page


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=lambda v: v[:20] or "empty")
def test_a_bad_programme_in_the_lecture_list_is_a_400(app, client, create_user, create_programme, login, value):
    login(create_user(role=Role.admin))
    programme = create_programme()
    assert client.get(f"/manage/lectures?programme={programme.id}").status_code == 200
    assert client.get(f"/manage/lectures?programme={value}").status_code == 400


def test_huge_catalogue_filters_are_refused_by_the_filter_form(app, client):
    response = client.get("/lectures?programme=99999999999999999999&topic=99999999999999999999")
    assert response.status_code == 200
    assert "Choose one of the options in the list." in response.get_data(as_text=True)


def test_a_huge_capacity_is_refused_by_the_lecture_form(app, forms, create_user, create_programme, login):
    login(create_user(role=Role.admin, language="fr"))
    programme = create_programme()
    lecture = {"programme": str(programme.id), "title": "Payments", "summary": "", "description": "",
               "original_language": "en", "lecture_language": "en", "start": "2030-09-06T10:30", "timezone": "UTC",
               "duration_minutes": "60", "visibility": "public", "replay_visibility": "registered"}
    for capacity in ("99999999999999999999", str(MAX_ID + 1)):
        response = forms.post("/manage/lectures/new", {**lecture, "capacity": capacity})
        assert response.status_code == 422
        assert "un nombre plus petit" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Lecture.id))).scalar_one() == 0
    assert forms.post("/manage/lectures/new", {**lecture, "capacity": str(MAX_ID)}).status_code == 302
