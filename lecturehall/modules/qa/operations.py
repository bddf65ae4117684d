"""Writes of the Q&A (flush only; the caller commits). Every change bumps the lecture's version (QaLecture.version)
in the same transaction and stamps the questions it touched with it; the row update also serialises writers of one
lecture, so versions become visible in order and "changes since N" never skips one."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lecturehall.core.db import db, utcnow
from lecturehall.modules.qa import languages
from lecturehall.modules.qa.errors import QaRefused
from lecturehall.modules.qa.models import (
    AnswerKind,
    ModerationAction,
    ModerationEntry,
    QaBan,
    QaLecture,
    QaMode,
    QaModerator,
    Question,
    QuestionState,
    QuestionVote,
)
from lecturehall.modules.qa.models.question import MAX_ANSWER_CHARS, MAX_QUESTION_CHARS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Plain text as typed: no control or direction-override characters, at most one blank line in a row."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def qa_lecture(lecture_id: int) -> QaLecture:
    """The lecture's Q&A row, made on first use (two first uses at once: the loser reads the winner's)."""
    row = db.session.get(QaLecture, lecture_id)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = QaLecture(lecture_id=lecture_id, mode=QaMode.premoderated, version=0)
            db.session.add(row)
    except IntegrityError:
        row = db.session.get(QaLecture, lecture_id, populate_existing=True)
    return row


def bump(lecture_id: int) -> int:
    """The lecture's next version (locks its row until the transaction ends)."""
    qa_lecture(lecture_id)
    db.session.flush()
    version = db.session.execute(sa.update(QaLecture).where(QaLecture.lecture_id == lecture_id)
                                 .values(version=QaLecture.version + 1).returning(QaLecture.version)).scalar_one()
    row = db.session.get(QaLecture, lecture_id)
    sa.orm.attributes.set_committed_value(row, "version", version)
    return version


def _log(lecture_id: int, actor, action: ModerationAction, question: Question | None = None,
         subject_user_id: int | None = None, detail: str = "") -> None:
    db.session.add(ModerationEntry(lecture_id=lecture_id, actor_id=actor.id if actor is not None else None,
                                   action=action, question_id=question.id if question is not None else None,
                                   subject_user_id=subject_user_id, detail=detail[:200]))


def checked_question_text(text: str) -> str:
    """The question as it will be stored, or QaRefused when it is empty or too long."""
    text = clean_text(text)
    if not text:
        raise QaRefused("empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QaRefused("too_long", num=MAX_QUESTION_CHARS)
    return text


def ask(lecture, author, text: str, anonymous: bool, fallback_language: str) -> Question:
    text = checked_question_text(text)
    language, detected = languages.detect(text, fallback_language)
    mode = qa_lecture(lecture.id).mode
    question = Question(lecture_id=lecture.id, author_id=author.id, text=text, language=language,
                        language_detected=detected, anonymous=bool(anonymous),
                        state=QuestionState.approved if mode is QaMode.open else QuestionState.pending)
    db.session.add(question)
    question.version = bump(lecture.id)
    db.session.flush()
    return question


def _recount(question: Question) -> None:
    question.vote_count = db.session.execute(sa.select(sa.func.count(QuestionVote.id)).where(
        QuestionVote.question_id == question.id)).scalar_one()


def vote(question: Question, user, up: bool = True) -> bool:
    """Adds (or with ``up=False`` withdraws) the user's vote; returns whether anything changed. One vote per person
    and question, held by a unique constraint whatever requests race."""
    if question.state is not QuestionState.approved or question.merged_into_id is not None:
        raise QaRefused("not_visible")
    if question.author_id == user.id:
        raise QaRefused("own_question")
    if up:
        try:
            with db.session.begin_nested():
                db.session.add(QuestionVote(question_id=question.id, user_id=user.id))
        except IntegrityError:
            return False
    else:
        deleted = db.session.execute(sa.delete(QuestionVote).where(
            QuestionVote.question_id == question.id, QuestionVote.user_id == user.id)).rowcount
        if not deleted:
            return False
    question.version = bump(question.lecture_id)
    _recount(question)
    db.session.flush()
    return True


def _touch(question: Question) -> None:
    question.version = bump(question.lecture_id)


def approve(question: Question, actor) -> None:
    question.state = QuestionState.approved
    _touch(question)
    _log(question.lecture_id, actor, ModerationAction.approve, question)
    db.session.flush()


def hide(question: Question, actor) -> None:
    question.state, question.pinned = QuestionState.hidden, False
    _touch(question)
    _log(question.lecture_id, actor, ModerationAction.hide, question)
    db.session.flush()


def pin(question: Question, actor, pinned: bool = True) -> None:
    question.pinned = pinned
    if pinned:
        question.state = QuestionState.approved  # a pinned question is shown
    _touch(question)
    _log(question.lecture_id, actor, ModerationAction.pin if pinned else ModerationAction.unpin, question)
    db.session.flush()


def merge(duplicate: Question, target: Question, actor) -> None:
    """Folds ``duplicate`` into ``target``: its voters (and its author, who asked the same) now vote for the target,
    once each and never for their own question; the duplicate is hidden and points at the target, as do questions
    merged into it before. A visible duplicate makes the target visible."""
    if (target.id == duplicate.id or target.lecture_id != duplicate.lecture_id or target.merged_into_id is not None
            or duplicate.merged_into_id is not None):
        raise QaRefused("bad_merge")
    voters = set(db.session.execute(sa.select(QuestionVote.user_id).where(
        QuestionVote.question_id == duplicate.id)).scalars())
    if duplicate.author_id is not None:
        voters.add(duplicate.author_id)
    already = set(db.session.execute(sa.select(QuestionVote.user_id).where(
        QuestionVote.question_id == target.id)).scalars())
    for user_id in sorted(voters - already - {target.author_id}):
        db.session.add(QuestionVote(question_id=target.id, user_id=user_id))
    db.session.execute(sa.delete(QuestionVote).where(QuestionVote.question_id == duplicate.id))
    version = bump(target.lecture_id)
    for earlier in db.session.execute(sa.select(Question).where(Question.merged_into_id == duplicate.id)).scalars():
        earlier.merged_into_id, earlier.version = target.id, version
    if duplicate.state is QuestionState.approved:
        target.state = QuestionState.approved
    target.pinned = target.pinned or duplicate.pinned
    if target.answer_kind is None and duplicate.answer_kind is not None:
        target.answer_kind, target.answer_text, target.answered_at = (
            duplicate.answer_kind, duplicate.answer_text, duplicate.answered_at)
    duplicate.state, duplicate.pinned, duplicate.merged_into_id = QuestionState.hidden, False, target.id
    duplicate.version = target.version = version
    db.session.flush()
    _recount(target)
    duplicate.vote_count = 0
    _log(target.lecture_id, actor, ModerationAction.merge, duplicate, detail=f"into #{target.id}")
    db.session.flush()


def answer(question: Question, actor, kind: AnswerKind | None, text: str = "") -> None:
    """Marks the question answered live, or in writing with ``text``; ``kind=None`` unmarks it."""
    text = clean_text(text) if kind is AnswerKind.written else ""
    if len(text) > MAX_ANSWER_CHARS:
        raise QaRefused("answer_too_long", num=MAX_ANSWER_CHARS)
    if kind is AnswerKind.written and not text:
        raise QaRefused("empty")
    question.answer_kind, question.answer_text = kind, text
    question.answered_at = utcnow() if kind is not None else None
    if kind is not None and question.state is QuestionState.pending:
        question.state = QuestionState.approved  # an answered question is worth showing
    _touch(question)
    action = {AnswerKind.live: ModerationAction.answer_live, AnswerKind.written: ModerationAction.answer_written,
              None: ModerationAction.unanswer}[kind]
    _log(question.lecture_id, actor, action, question)
    db.session.flush()


def ban(lecture_id: int, user_id: int, actor) -> bool:
    if db.session.get(QaBan, (lecture_id, user_id)) is not None:
        return False
    db.session.add(QaBan(lecture_id=lecture_id, user_id=user_id, by_id=actor.id))
    bump(lecture_id)
    _log(lecture_id, actor, ModerationAction.ban, subject_user_id=user_id)
    db.session.flush()
    return True


def unban(lecture_id: int, user_id: int, actor) -> bool:
    row = db.session.get(QaBan, (lecture_id, user_id))
    if row is None:
        return False
    db.session.delete(row)
    bump(lecture_id)
    _log(lecture_id, actor, ModerationAction.unban, subject_user_id=user_id)
    db.session.flush()
    return True


def save_settings(lecture_id: int, actor, mode: QaMode, moderator_ids: list[int]) -> None:
    """The lecture's mode and named moderators (as a whole list)."""
    row = qa_lecture(lecture_id)
    if row.mode is not mode:
        row.mode = mode
        _log(lecture_id, actor, ModerationAction.mode, detail=mode.value)
    current = set(db.session.execute(sa.select(QaModerator.user_id).where(
        QaModerator.lecture_id == lecture_id)).scalars())
    wanted = set(moderator_ids)
    if current != wanted:
        db.session.execute(sa.delete(QaModerator).where(QaModerator.lecture_id == lecture_id,
                                                        QaModerator.user_id.in_(current - wanted)))
        for user_id in sorted(wanted - current):
            db.session.add(QaModerator(lecture_id=lecture_id, user_id=user_id))
        _log(lecture_id, actor, ModerationAction.moderators, detail=",".join(str(i) for i in sorted(wanted)))
    bump(lecture_id)
    db.session.flush()


def delete_lecture_qa(lecture_id: int) -> None:
    """A lecture nobody took part in is being deleted (foreign keys cascade; stated for SQLite without them)."""
    db.session.execute(sa.delete(ModerationEntry).where(ModerationEntry.lecture_id == lecture_id))
    db.session.execute(sa.delete(QuestionVote).where(QuestionVote.question_id.in_(
        sa.select(Question.id).where(Question.lecture_id == lecture_id))))
    db.session.execute(sa.update(Question).where(Question.lecture_id == lecture_id).values(merged_into_id=None))
    db.session.execute(sa.delete(Question).where(Question.lecture_id == lecture_id))
    for model in (QaBan, QaModerator, QaLecture):
        db.session.execute(sa.delete(model).where(model.lecture_id == lecture_id))
    db.session.flush()
