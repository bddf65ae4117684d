"""The Q&A's writes, called by the page's script with JSON and the CSRF token in the X-CSRFToken header (Flask-WTF
checks it on every POST). Each answers JSON: ``{"ok": true, "version": n}``, or ``{"error": message, "code": code}``
with the status errors.MESSAGES gives."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request
from limits import parse as parse_limit

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, login_required
from lecturehall.core.db import db
from lecturehall.core.i18n import current_language
from lecturehall.core.security import limiter
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.qa import access, operations, queries
from lecturehall.modules.qa.errors import QaRefused
from lecturehall.modules.qa.models import AnswerKind, Question


def _refused(refusal: QaRefused):
    db.session.rollback()
    response = jsonify(error=refusal.message, code=refusal.code)
    response.status_code = refusal.status
    return response


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QaRefused("bad_request")
    return body


def _within_limit(setting: str, scope: str, user_id: int) -> bool:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return True
    return limiter.limiter.hit(parse_limit(current_app.config[setting]), scope, str(user_id))


def _ok(lecture_id: int, **extra):
    return jsonify(ok=True, version=queries.version_of(lecture_id), **extra)


@json_endpoint
@login_required
def ask(lecture_id: int):
    lecture = db.get_or_404(Lecture, lecture_id)
    viewer = current_viewer()
    try:
        body = _body()
        refusal = access.refusal_to_ask(lecture, viewer)
        if refusal:
            raise QaRefused(refusal)
        text = body.get("text")
        if not isinstance(text, str):
            raise QaRefused("bad_request")
        operations.checked_question_text(text)  # a refused question does not count against the limit
        if not _within_limit("QA_ASK_RATE_LIMIT", "qa-ask", viewer.id):
            raise QaRefused("rate_limited")
        question = operations.ask(lecture, viewer, text, bool(body.get("anonymous")), current_language())
    except QaRefused as refusal:
        return _refused(refusal)
    return _ok(lecture_id, id=question.id, state=question.state.value), 201


@json_endpoint
@login_required
def vote(question_id: int):
    question = db.get_or_404(Question, question_id)
    lecture = db.session.get(Lecture, question.lecture_id)
    viewer = current_viewer()
    try:
        body = _body()
        refusal = access.refusal_to_ask(lecture, viewer)
        if refusal:
            raise QaRefused(refusal)
        if not _within_limit("QA_VOTE_RATE_LIMIT", "qa-vote", viewer.id):
            raise QaRefused("votes_rate_limited")
        changed = operations.vote(question, viewer, up=body.get("up", True) is not False)
    except QaRefused as refusal:
        return _refused(refusal)
    return _ok(lecture.id, changed=changed, votes=question.vote_count)


def _moderated_lecture(lecture_id: int) -> Lecture:
    lecture = db.get_or_404(Lecture, lecture_id)
    if not access.is_moderator(lecture, current_viewer()):
        raise QaRefused("not_moderator")
    return lecture


QUESTION_ACTIONS = ("approve", "hide", "pin", "unpin", "merge", "answer_live", "answer_written", "unanswer")


@json_endpoint
@login_required
def moderate(question_id: int):
    question = db.get_or_404(Question, question_id)
    viewer = current_viewer()
    try:
        _moderated_lecture(question.lecture_id)
        body = _body()
        action = body.get("action")
        if action not in QUESTION_ACTIONS:
            raise QaRefused("bad_request")
        if action == "approve":
            operations.approve(question, viewer)
        elif action == "hide":
            operations.hide(question, viewer)
        elif action in ("pin", "unpin"):
            operations.pin(question, viewer, pinned=action == "pin")
        elif action == "merge":
            into = body.get("into")
            target = db.session.get(Question, into) if isinstance(into, int) and 0 < into < 2 ** 31 else None
            if target is None:
                raise QaRefused("bad_merge")
            operations.merge(question, target, viewer)
        elif action == "answer_live":
            operations.answer(question, viewer, AnswerKind.live)
        elif action == "answer_written":
            text = body.get("text")
            operations.answer(question, viewer, AnswerKind.written, text if isinstance(text, str) else "")
        else:
            operations.answer(question, viewer, None)
    except QaRefused as refusal:
        return _refused(refusal)
    return _ok(question.lecture_id)


@json_endpoint
@login_required
def ban(lecture_id: int):
    viewer = current_viewer()
    try:
        lecture = _moderated_lecture(lecture_id)
        body = _body()
        user_id, banned = body.get("user_id"), body.get("banned", True)
        if not isinstance(user_id, int) or not isinstance(banned, bool) or user_id == viewer.id:
            raise QaRefused("bad_request")
        if banned:
            if not 0 < user_id < 2 ** 31 or db.session.get(User, user_id) is None:
                abort(404)
            operations.ban(lecture.id, user_id, viewer)
        else:
            operations.unban(lecture.id, user_id, viewer)
    except QaRefused as refusal:
        return _refused(refusal)
    return _ok(lecture_id)
