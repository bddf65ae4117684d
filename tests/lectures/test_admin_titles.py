"""Organisers' pages name a lecture in the organiser's language, with the original as fallback: the manage list,
the edit page, its history, its registrations, its media page and its programme's page."""

from __future__ import annotations

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations

ORIGINAL, FRENCH = "Live-stream selling for beginners", "La vente en direct pour débutants"


@pytest.fixture
def lecture(create_lecture):
    lecture = create_lecture(ORIGINAL)
    operations.save_translation(lecture, "fr", FRENCH, "", "", None)
    db.session.commit()
    return lecture


def pages(lecture) -> list[str]:
    return ["/manage/lectures", f"/manage/lectures/{lecture.id}", f"/manage/lectures/{lecture.id}/history",
            f"/manage/lectures/{lecture.id}/registrations", f"/manage/lectures/{lecture.id}/media",
            f"/manage/programmes/{lecture.programme_id}"]


def test_a_french_admin_reads_the_french_title_everywhere(app, client, create_user, login, lecture):
    login(create_user(role=Role.admin, language="fr"))
    for url in pages(lecture):
        html = client.get(url).get_data(as_text=True)
        assert f'lang="fr" dir="ltr">{FRENCH}<' in html, url
        assert f">{ORIGINAL}<" not in html, url


def test_without_a_translation_the_original_shows_marked_as_such(app, client, create_user, login, lecture):
    login(create_user(role=Role.admin, language="ar"))
    for url in pages(lecture):
        html = client.get(url).get_data(as_text=True)
        assert f'lang="en" dir="ltr">{ORIGINAL}<' in html, url
