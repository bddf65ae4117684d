"""The Q&A panel and the questions kept after the live, in every language: no English left on the page nor in the
words handed to the script, Arabic right to left; and the settings page's link on the lecture's management page."""

from __future__ import annotations

import json

import pytest

from lecturehall.core.db import db
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.qa import labels
from tests.site.test_no_english_left import LANGUAGES, english_sentences, visible_text


def _english_labels(app) -> dict:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return labels.script_labels()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_panel_and_the_kept_questions_are_translated(app, live_lecture, person, create_programme, language):
    sentences = english_sentences()
    organiser = person("organiser@example.org", language=language)
    # (The factory's programme names contain "Lecture Hall", an English sentence of the catalog.)
    lecture = live_lecture(programme=create_programme("Silk Road E-commerce", organisers=[organiser.user]))
    asker = person(registered_for=[lecture], language=language)
    question_id = asker.ask(lecture, "¿Se reembolsan los aranceles de las devoluciones?").json["id"]
    organiser.moderate(question_id, "answer_written", text="Sí, con la declaración de reexportación.")
    english = _english_labels(app)
    for viewer in (asker, organiser):
        page = viewer.page(lecture)
        assert 'class="qa-config"' in page
        leftover = [s for s in sentences if s in visible_text(page)]
        assert not leftover, f"{language}: English left: {leftover[:3]}"
        config = viewer.config(lecture)
        same = [key for key, text in config["labels"].items() if text == english[key] and " " in text]
        assert not same, f"{language}: labels left in English: {same}"
    assert ('dir="rtl"' in asker.page(lecture)) == (language == "ar")
    settings = organiser.client.get(f"/manage/lectures/{lecture.id}/qa").get_data(as_text=True)
    assert not [s for s in sentences if s in visible_text(settings)]
    lectures.set_status(lecture, LectureStatus.ended, None)
    db.session.commit()
    after = asker.page(lecture)
    assert "Sí, con la declaración de reexportación." in after
    assert not [s for s in sentences if s in visible_text(after)]


def test_the_lecture_management_page_links_to_the_settings(live_lecture, person, create_programme):
    organiser = person("organiser@example.org")
    lecture = live_lecture(programme=create_programme(organisers=[organiser.user]))
    page = organiser.client.get(f"/manage/lectures/{lecture.id}").get_data(as_text=True)
    assert f'href="/manage/lectures/{lecture.id}/qa"' in page


def test_the_askers_data_download_holds_their_questions(live_lecture, person):
    lecture = live_lecture()
    asker = person(registered_for=[lecture])
    asker.ask(lecture, "Is a return within 30 days free of duties?", anonymous=True)
    data = json.loads(asker.client.get("/profile/data.json").get_data(as_text=True))
    assert [(item["lecture_id"], item["text"], item["anonymous"], item["state"]) for item in data["questions"]] == [
        (lecture.id, "Is a return within 30 days free of duties?", True, "pending")]
