"""How the Q&A takes part in the rest of the app: the lecture page shows the Q&A panel (while questions are open,
to registered participants and moderators) or the questions kept after the live; organisers find the Q&A settings
among the lecture's links; a deleted lecture takes its Q&A along; the data download holds the person's questions."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from lecturehall.core.auth import current_viewer
from lecturehall.core.i18n import current_language
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.accounts import signals as account_signals
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.qa import access, labels, languages, operations, queries
from lecturehall.modules.qa.feed_tokens import feed_token
from lecturehall.modules.qa.models.question import MAX_ANSWER_CHARS, MAX_QUESTION_CHARS


def _panel_config(lecture, moderator: bool, refusal: str | None) -> dict:
    return {
        "lecture": lecture.id,
        "feedUrl": url_for("qa.feed", lecture_id=lecture.id, token=feed_token(lecture.id)),
        "meUrl": url_for("qa.me", lecture_id=lecture.id),
        "askUrl": url_for("qa.ask", lecture_id=lecture.id),
        "voteUrl": url_for("qa.vote", question_id=0).replace("/0/", "/{id}/"),
        "moderateUrl": url_for("qa.moderate", question_id=0).replace("/0/", "/{id}/"),
        "banUrl": url_for("qa.ban", lecture_id=lecture.id),
        "csrf": generate_csrf(),
        "pollSeconds": current_app.config["QA_POLL_SECONDS"],
        "lectureLanguage": lecture.lecture_language,
        "language": current_language(),
        "moderator": moderator,
        "mayAsk": refusal is None,
        "maxChars": MAX_QUESTION_CHARS,
        "maxAnswerChars": MAX_ANSWER_CHARS,
        "labels": labels.script_labels(),
    }


@template_hook_signal.connect_via("lecture-qa")
def _qa_on_lecture_page(_hook, lecture, **_kwargs):
    viewer = current_viewer()
    moderator = access.is_moderator(lecture, viewer)
    ended = lecture.status is LectureStatus.ended
    if access.is_open(lecture) or (moderator and ended):
        registered = access.is_registered(lecture, viewer)
        if not (moderator or registered):
            return None
        refusal = access.refusal_to_ask(lecture, viewer) if registered else "not_registered"
        if refusal is None:
            languages.warm_up()
        return Markup(render_template(
            "qa/_panel.html", lecture=lecture, moderator=moderator, refusal=refusal,
            organiser=access.is_organiser(lecture, viewer), config=_panel_config(lecture, moderator, refusal)))
    if ended:
        questions = queries.kept_questions(lecture.id)
        if questions:
            return Markup(render_template("qa/_after.html", lecture=lecture, questions=questions))
    return None


@template_hook_signal.connect_via("lecture-manage-links")
def _settings_link(_hook, lecture, **_kwargs):
    return Markup(render_template("qa/_manage_links.html", lecture=lecture))


@lecture_signals.lecture_deleting.connect
def _delete_qa(lecture, **_kwargs) -> None:
    operations.delete_lecture_qa(lecture.id)


@account_signals.personal_data_requested.connect
def _personal_data(user, **_kwargs):
    return "questions", queries.personal_data(user.id)
