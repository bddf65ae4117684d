"""A speaker's affiliation and biography per language: organisers add and remove translations; the lecture page
shows them in the viewer's language, else the original, marked with its language (lang, dir) so an Arabic page
lays out an English biography as English."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.speakers import operations
from lecturehall.modules.speakers.models import Speaker, SpeakerTranslation
from lecturehall.modules.speakers.presentation import localized_speaker

BIO_EN = "Works on cross-border e-commerce policy (WTO, UNCTAD)."
BIO_FR = "Travaille sur la politique du commerce électronique transfrontalier (OMC, CNUCED)."


@pytest.fixture
def admin(create_user, login):
    user = create_user(role=Role.admin)
    login(user)
    return user


@pytest.fixture
def speaker(app) -> Speaker:
    speaker = operations.create_speaker(operations.SpeakerData(
        name="Amina Diallo", affiliation="University of Dakar", bio=BIO_EN, original_language="en"))
    db.session.commit()
    return speaker


def _translations() -> list[tuple[str, str, str]]:
    db.session.expire_all()
    return [(t.language, t.affiliation, t.bio) for t in db.session.execute(
        sa.select(SpeakerTranslation).order_by(SpeakerTranslation.language)).scalars()]


def test_an_organiser_translates_and_removes_a_biography(client, forms, admin, speaker):
    edit_page = client.get(f"/manage/speakers/{speaker.id}").get_data(as_text=True)
    assert f'href="/manage/speakers/{speaker.id}/translations/fr"' in edit_page
    assert f'href="/manage/speakers/{speaker.id}/translations/en"' not in edit_page  # the original's own language
    url = f"/manage/speakers/{speaker.id}/translations/fr"
    response = forms.post(url, {"affiliation": "Université de Dakar", "bio": BIO_FR})
    assert response.status_code == 302 and response.location == f"/manage/speakers/{speaker.id}"
    assert _translations() == [("fr", "Université de Dakar", BIO_FR)]
    assert "Université de Dakar" in client.get(url).get_data(as_text=True)  # the form shows what is saved

    response = forms.post(url, {"delete": "1"})
    assert response.status_code == 302
    assert _translations() == []


def test_an_empty_translation_is_refused_in_words(client, forms, admin, speaker):
    response = forms.post(f"/manage/speakers/{speaker.id}/translations/ar", {"affiliation": " ", "bio": ""})
    assert response.status_code == 422
    assert "Give the affiliation or the biography in this language." in response.get_data(as_text=True)
    assert _translations() == []


def test_languages_outside_the_list_or_the_original_are_not_pages(client, admin, speaker):
    assert client.get(f"/manage/speakers/{speaker.id}/translations/en").status_code == 404
    assert client.get(f"/manage/speakers/{speaker.id}/translations/xx").status_code == 404
    assert client.get("/manage/speakers/999999/translations/fr").status_code == 404


def test_participants_cannot_translate(client, forms, create_user, login, speaker):
    login(create_user())
    assert client.get(f"/manage/speakers/{speaker.id}/translations/fr").status_code == 403
    response = forms.post(f"/manage/speakers/{speaker.id}/translations/fr", {"bio": BIO_FR}, page="/")
    assert response.status_code == 403
    assert _translations() == []


def test_the_form_needs_its_token(client, admin, speaker):
    response = client.post(f"/manage/speakers/{speaker.id}/translations/fr", data={"bio": BIO_FR})
    assert response.status_code == 400
    assert _translations() == []


def test_the_speakers_language_is_kept_and_a_translation_into_it_goes(client, forms, admin, speaker):
    operations.save_translation(speaker, "fr", "", BIO_FR)
    db.session.commit()
    response = forms.post(f"/manage/speakers/{speaker.id}", {
        "name": "Amina Diallo", "original_language": "fr", "affiliation": "Université de Dakar", "bio": BIO_FR})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Speaker, speaker.id).original_language == "fr"
    assert _translations() == []


def test_each_part_falls_back_on_its_own(app, speaker):
    operations.save_translation(speaker, "ar", "جامعة داكار", "")
    db.session.commit()
    shown = localized_speaker(speaker, "ar")
    assert (shown.affiliation, shown.affiliation_language) == ("جامعة داكار", "ar")
    assert (shown.bio, shown.bio_language) == (BIO_EN, "en")


def test_the_lecture_page_shows_the_biography_in_the_viewers_language_or_marks_the_original(
        app, client, speaker, create_lecture):
    operations.save_translation(speaker, "fr", "Université de Dakar", BIO_FR)
    db.session.commit()
    lecture = create_lecture(speaker_ids=[speaker.id])
    french = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert f'<p lang="fr" dir="ltr">{BIO_FR}</p>' in french
    arabic = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert f'<p lang="en" dir="ltr">{BIO_EN}</p>' in arabic
    assert '<span lang="en" dir="ltr">University of Dakar</span>' in arabic
