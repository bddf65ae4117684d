"""A programme's name and description per language: its organisers translate them; lecture pages, the catalogue's
filter and the organisers' lists show the name in the viewer's language, else the original marked as such."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.programmes import operations
from lecturehall.modules.programmes.models import Programme, ProgrammeTranslation
from lecturehall.modules.programmes.presentation import localized_programme
from tests.factories import make_programme

NAME_EN, NAME_ZH = "Silk Road E-commerce Cloud Lecture Hall", "丝路电商云上大讲堂"


def _translations() -> list[tuple[str, str, str]]:
    db.session.expire_all()
    return [(t.language, t.name, t.description) for t in db.session.execute(
        sa.select(ProgrammeTranslation).order_by(ProgrammeTranslation.language)).scalars()]


@pytest.fixture
def organiser(create_user, login):
    user = create_user("organiser@example.org")
    login(user)
    return user


def test_its_organiser_translates_the_programme_and_removes_it_again(client, forms, organiser):
    programme = make_programme(NAME_EN, organisers=[organiser], description="Live lectures on digital trade.")
    page = client.get(f"/manage/programmes/{programme.id}").get_data(as_text=True)
    assert f'href="/manage/programmes/{programme.id}/translations/zh"' in page
    url = f"/manage/programmes/{programme.id}/translations/zh"
    response = forms.post(url, {"name": f" {NAME_ZH} ", "description": "面向伙伴国的数字贸易直播讲座。"})
    assert response.status_code == 302 and response.location == f"/manage/programmes/{programme.id}"
    assert _translations() == [("zh", NAME_ZH, "面向伙伴国的数字贸易直播讲座。")]
    response = forms.post(url, {"delete": "1"})
    assert response.status_code == 302 and _translations() == []


def test_a_translation_needs_a_name(client, forms, organiser):
    programme = make_programme(NAME_EN, organisers=[organiser])
    response = forms.post(f"/manage/programmes/{programme.id}/translations/fr", {"name": "  ", "description": "x"})
    assert response.status_code == 422 and "This field is required." in response.get_data(as_text=True)
    assert _translations() == []


def test_only_the_programmes_organisers_translate_it(client, forms, create_user, organiser):
    other = make_programme("Another programme", organisers=[create_user()])
    assert client.get(f"/manage/programmes/{other.id}/translations/fr").status_code == 403
    response = forms.post(f"/manage/programmes/{other.id}/translations/fr", {"name": "Autre"}, page="/")
    assert response.status_code == 403 and _translations() == []
    mine = make_programme(NAME_EN, organisers=[organiser])
    assert client.get(f"/manage/programmes/{mine.id}/translations/en").status_code == 404  # the original
    assert client.post(f"/manage/programmes/{mine.id}/translations/fr", data={"name": "Sans jeton"}).status_code == 400


def test_the_name_falls_back_with_its_language(app):
    programme = make_programme(NAME_EN, description="Live lectures on digital trade.")
    operations.save_translation(programme, "zh", NAME_ZH, "")
    db.session.commit()
    assert localized_programme(programme, "zh") == localized_programme(programme, "zh").__class__(
        NAME_ZH, "zh", "Live lectures on digital trade.", "en")
    assert localized_programme(programme, "ar").name_language == "en"


def test_pages_show_the_name_in_the_viewers_language_or_mark_the_original(app, client, create_user, login,
                                                                          create_lecture):
    programme = make_programme(NAME_EN)
    operations.save_translation(programme, "zh", NAME_ZH, "")
    db.session.commit()
    lecture = create_lecture(programme=programme)

    chinese = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f'<span lang="zh-Hans" dir="ltr">{NAME_ZH}</span>' in chinese
    arabic = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert f'<span lang="en" dir="ltr">{NAME_EN}</span>' in arabic

    catalogue = client.get("/lectures", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert re.search(rf'<option dir="ltr" lang="zh-Hans" value="{programme.id}">{NAME_ZH}</option>', catalogue)

    login(create_user(role=Role.admin, language="zh"))
    listing = client.get("/manage/lectures").get_data(as_text=True)
    assert f'<td lang="zh-Hans" dir="ltr">{NAME_ZH}</td>' in listing
    assert NAME_ZH in client.get("/manage/programmes/").get_data(as_text=True)
    new_lecture = client.get("/manage/lectures/new").get_data(as_text=True)
    assert f'lang="zh-Hans" value="{programme.id}">{NAME_ZH}</option>' in new_lecture


def test_changing_the_original_language_drops_a_translation_into_it(client, forms, create_user, login):
    login(create_user(role=Role.admin))
    programme = make_programme(NAME_EN)
    operations.save_translation(programme, "zh", NAME_ZH, "")
    db.session.commit()
    response = forms.post(f"/manage/programmes/{programme.id}", {"name": NAME_ZH, "original_language": "zh",
                                                                  "description": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).original_language == "zh" and _translations() == []
