"""Reads of the Q&A: the public feed (approved questions, the same for every viewer), the personal part (my votes,
my questions not yet shown, the moderators' queue), what stays after the live, and the report's rows."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.qa.languages import primary
from lecturehall.modules.qa.models import (
    ModerationEntry, QaBan, QaLecture, QaMode, QaModerator, Question, QuestionState, QuestionVote)

QUEUE_LIMIT = 1000


def version_of(lecture_id: int) -> int:
    return db.session.execute(sa.select(QaLecture.version).where(
        QaLecture.lecture_id == lecture_id)).scalar_one_or_none() or 0


def mode_of(lecture_id: int) -> QaMode:
    return db.session.execute(sa.select(QaLecture.mode).where(
        QaLecture.lecture_id == lecture_id)).scalar_one_or_none() or QaMode.premoderated


def _visible(question: Question) -> bool:
    return question.state is QuestionState.approved and question.merged_into_id is None


def public_item(question: Question, lecture_language: str) -> dict:
    """A question as every participant sees it: the author's name and country unless they asked anonymously."""
    shown = not question.anonymous and question.author is not None
    return {
        "id": question.id, "text": question.text, "language": question.language,
        "other_language": question.language != primary(lecture_language),
        "author": question.author.display_name if shown else None,
        "country": question.author.country if shown else None,
        "votes": question.vote_count, "pinned": question.pinned,
        "answered": question.answer_kind.value if question.answer_kind else None,
        "answer": question.answer_text, "asked_at": question.asked_at.isoformat(),
    }


@dataclass
class Feed:
    version: int
    full: bool
    items: list[dict]


def feed(lecture, since: int | None) -> Feed:
    """Approved questions: all of them (``since`` None, or from a version this lecture never had), else those changed
    after ``since``, with ``{"id": n, "removed": true}`` for those no longer shown. Versions are read first, so a
    change committed meanwhile comes with the next poll rather than never."""
    version = version_of(lecture.id)
    full = since is None or since > version or since < 0
    query = (sa.select(Question).options(so.joinedload(Question.author))
             .where(Question.lecture_id == lecture.id, Question.version <= version))
    if full:
        query = query.where(Question.state == QuestionState.approved, Question.merged_into_id.is_(None))
    else:
        query = query.where(Question.version > since)
    items = []
    for question in db.session.execute(query.order_by(Question.id)).scalars():
        items.append(public_item(question, lecture.lecture_language) if _visible(question)
                     else {"id": question.id, "removed": True})
    return Feed(version=version, full=full, items=items)


def my_votes(lecture_id: int, user_id: int) -> list[int]:
    return list(db.session.execute(sa.select(QuestionVote.question_id).join(
        Question, Question.id == QuestionVote.question_id).where(
        Question.lecture_id == lecture_id, QuestionVote.user_id == user_id).order_by(QuestionVote.question_id))
        .scalars())


def my_question_ids(lecture_id: int, user_id: int) -> list[int]:
    """The viewer's own questions (their page offers no vote on them)."""
    return list(db.session.execute(sa.select(Question.id).where(
        Question.lecture_id == lecture_id, Question.author_id == user_id).order_by(Question.id)).scalars())


def my_unpublished(lecture, user_id: int) -> list[dict]:
    """The viewer's own questions that others do not see (waiting for a moderator, or hidden)."""
    rows = db.session.execute(sa.select(Question).where(
        Question.lecture_id == lecture.id, Question.author_id == user_id,
        Question.state != QuestionState.approved, Question.merged_into_id.is_(None)).order_by(Question.id)).scalars()
    return [{**public_item(question, lecture.lecture_language), "state": question.state.value} for question in rows]


def queue(lecture) -> list[dict]:
    """Every question of the lecture not merged away, newest first, with who asked (moderators only)."""
    rows = db.session.execute(
        sa.select(Question).options(so.joinedload(Question.author))
        .where(Question.lecture_id == lecture.id, Question.merged_into_id.is_(None))
        .order_by(Question.id.desc()).limit(QUEUE_LIMIT)).scalars()
    banned = banned_ids(lecture.id)
    items = []
    for question in rows:
        author = question.author
        items.append({**public_item(question, lecture.lecture_language),
                      "state": question.state.value, "anonymous": question.anonymous,
                      "author": author.display_name if author is not None else None,
                      "country": author.country if author is not None else None,
                      "author_id": question.author_id, "author_banned": question.author_id in banned})
    return items


def banned_ids(lecture_id: int) -> set[int]:
    return set(db.session.execute(sa.select(QaBan.user_id).where(QaBan.lecture_id == lecture_id)).scalars())


def bans(lecture_id: int) -> list[QaBan]:
    return list(db.session.execute(sa.select(QaBan).options(so.joinedload(QaBan.user)).where(
        QaBan.lecture_id == lecture_id).order_by(QaBan.at)).scalars())


def moderators(lecture_id: int) -> list[User]:
    return list(db.session.execute(sa.select(User).join(QaModerator, QaModerator.user_id == User.id).where(
        QaModerator.lecture_id == lecture_id).order_by(User.email)).scalars())


def moderation_log(lecture_id: int, limit: int = 200) -> list[ModerationEntry]:
    return list(db.session.execute(sa.select(ModerationEntry).options(so.joinedload(ModerationEntry.actor)).where(
        ModerationEntry.lecture_id == lecture_id).order_by(ModerationEntry.id.desc()).limit(limit)).scalars())


def kept_questions(lecture_id: int) -> list[Question]:
    """What stays with the lecture after the live: approved questions, pinned first, then by votes."""
    return list(db.session.execute(
        sa.select(Question).options(so.joinedload(Question.author))
        .where(Question.lecture_id == lecture_id, Question.state == QuestionState.approved,
               Question.merged_into_id.is_(None))
        .order_by(Question.pinned.desc(), Question.vote_count.desc(), Question.id)).scalars())


@dataclass(frozen=True)
class ReportRow:
    question_id: int
    asked_at: object
    text: str
    language: str
    author_name: str | None  # None when asked anonymously (the report is seen by organisers: see ``with_names``)
    country: str | None
    votes: int
    answered: str | None  # "live", "written" or None
    answer: str


def report_rows(lecture_id: int, with_names: bool = False) -> list[ReportRow]:
    """The lecture's approved questions for its report and exports (reports module): pinned first, then by votes.
    Anonymous askers stay anonymous unless ``with_names`` (moderation records, not a shared report)."""
    rows = []
    for question in kept_questions(lecture_id):
        author = question.author
        named = author is not None and (with_names or not question.anonymous)
        rows.append(ReportRow(
            question_id=question.id, asked_at=question.asked_at, text=question.text, language=question.language,
            author_name=author.display_name if named else None, country=author.country if author else None,
            votes=question.vote_count, answered=question.answer_kind.value if question.answer_kind else None,
            answer=question.answer_text))
    return rows


def personal_data(user_id: int) -> list[dict]:
    """The person's own questions, for their data download."""
    rows = db.session.execute(sa.select(Question).where(Question.author_id == user_id).order_by(Question.id))
    return [{"lecture_id": q.lecture_id, "asked_at": q.asked_at.isoformat(), "text": q.text,
             "language": q.language, "anonymous": q.anonymous, "state": q.state.value,
             "votes": q.vote_count, "answer": q.answer_text} for q in rows.scalars()]
