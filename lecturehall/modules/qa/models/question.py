"""A participant's question to a lecture, and the upvotes on it (one per person)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow

MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 2000


class QuestionState(enum.Enum):
    pending = "pending"  # waiting for a moderator (pre-moderated lectures)
    approved = "approved"  # visible to every participant
    hidden = "hidden"  # taken down by a moderator, or merged into another question


class AnswerKind(enum.Enum):
    live = "live"  # the speaker answered it during the lecture
    written = "written"  # answered in writing (answer_text)


class Question(db.Model):
    __tablename__ = "qa_questions"
    __table_args__ = (
        sa.CheckConstraint(f"length(text) > 0 AND length(text) <= {MAX_QUESTION_CHARS}", name="text_length"),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
        sa.CheckConstraint("vote_count >= 0", name="votes_not_negative"),
        # The feed asks "what changed in this lecture since version N".
        sa.Index("ix_qa_questions_lecture_version", "lecture_id", "version"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    # SET NULL: a deleted account's questions stay with the lecture, without a name.
    author_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    # BCP 47 primary subtag ("en", "zh"); detected from the text, or the author's language when detection is unsure.
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    language_detected: so.Mapped[bool] = so.mapped_column(default=False)
    # Other participants do not see who asked; moderators do.
    anonymous: so.Mapped[bool] = so.mapped_column(default=False)
    state: so.Mapped[QuestionState] = so.mapped_column(enum_column(QuestionState, "qa_question_state"),
                                                       default=QuestionState.pending)
    pinned: so.Mapped[bool] = so.mapped_column(default=False)
    merged_into_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("qa_questions.id", ondelete="SET NULL"))
    vote_count: so.Mapped[int] = so.mapped_column(default=0)
    answer_kind: so.Mapped[AnswerKind | None] = so.mapped_column(enum_column(AnswerKind, "qa_answer_kind"))
    answer_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    answered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # The lecture's Q&A version at this question's last change (see QaLecture.version).
    version: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    asked_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    author = so.relationship("User")

    @property
    def is_answered(self) -> bool:
        return self.answer_kind is not None


class QuestionVote(db.Model):
    __tablename__ = "qa_votes"
    __table_args__ = (sa.UniqueConstraint("question_id", "user_id", name="uq_qa_votes_question_user"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("qa_questions.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
