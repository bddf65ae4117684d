"""Text people wrote (titles, summaries, descriptions) carries its language: an Arabic page showing a lecture that
has no Arabic text marks the English original with lang="en" and its direction, wherever it appears; a translation
without a summary marks the original's summary as the original's. Removing a translation works."""

from __future__ import annotations

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import LectureTranslation
from lecturehall.modules.registrations import operations as registrations

TITLE = "Cross-border e-commerce (2026): policy, payments & logistics"
SUMMARY = "An overview for officials: customs, VAT and cross-border payments."


@pytest.fixture
def lecture(create_lecture):
    return create_lecture(TITLE, summary=SUMMARY)


def test_the_lecture_page_in_arabic_marks_the_english_original(app, client, lecture):
    html = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<h1 lang="en" dir="ltr">{TITLE.replace("&", "&amp;")}</h1>' in html
    assert f'<p class="lead" lang="en" dir="ltr">{SUMMARY}</p>' in html


def test_an_arabic_translation_is_marked_arabic_and_right_to_left(app, client, lecture):
    operations.save_translation(lecture, "ar", "سياسة التجارة الإلكترونية العابرة للحدود", "", "", None)
    db.session.commit()
    html = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<h1 lang="ar" dir="rtl">سياسة التجارة الإلكترونية العابرة للحدود</h1>' in html
    # The translation has no summary: the English one stands in, marked as English.
    assert f'<p class="lead" lang="en" dir="ltr">{SUMMARY}</p>' in html


def test_cards_and_lists_mark_the_original(app, client, create_user, login, lecture):
    catalogue = client.get("/lectures", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert re.search(rf'<a href="/lectures/{lecture.id}" lang="en" dir="ltr">', catalogue)
    assert f'<p lang="en" dir="ltr">{SUMMARY}</p>' in catalogue

    participant = create_user(language="ar")
    registrations.register(lecture.id, participant)
    db.session.commit()
    login(participant)
    mine = client.get("/my/lectures").get_data(as_text=True)
    assert re.search(rf'<a href="/lectures/{lecture.id}" lang="en" dir="ltr">', mine)


def test_manage_lists_mark_the_original(app, client, create_user, login, lecture):
    login(create_user(role=Role.admin, language="ar"))
    listing = client.get("/manage/lectures").get_data(as_text=True)
    assert re.search(rf'<a href="/manage/lectures/{lecture.id}" lang="en" dir="ltr">', listing)


def test_removing_a_translation(app, client, forms, create_user, login, lecture):
    operations.save_translation(lecture, "fr", "Politique du commerce électronique", "", "", None)
    db.session.commit()
    login(create_user(role=Role.admin))
    url = f"/manage/lectures/{lecture.id}/translations/fr"
    assert "Remove this translation" in client.get(url).get_data(as_text=True)
    response = forms.post(url, {"delete": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(LectureTranslation)).first() is None
    assert client.post(url, data={"delete": "1"}).status_code == 400  # without the form's token
