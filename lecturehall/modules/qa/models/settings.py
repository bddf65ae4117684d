"""A lecture's Q&A: its mode and version counter, the moderators organisers named, bans, and the moderation log."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class QaMode(enum.Enum):
    premoderated = "premoderated"  # a question is shown to others once a moderator approves it
    open = "open"  # shown at once; moderators may still hide it


class QaLecture(db.Model):
    """One row per lecture whose Q&A was used or configured. ``version`` goes up by one on every change to the
    lecture's questions, votes, bans or settings (in the same transaction, under this row's lock), so a page asks
    "anything newer than N?" and a cache keys on it."""

    __tablename__ = "qa_lectures"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    mode: so.Mapped[QaMode] = so.mapped_column(enum_column(QaMode, "qa_mode"), default=QaMode.premoderated)
    version: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)


class QaModerator(db.Model):
    """Someone an organiser named to moderate this lecture's Q&A (organisers and admins moderate anyway)."""

    __tablename__ = "qa_moderators"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)

    user = so.relationship("User")


class QaBan(db.Model):
    """A participant who may no longer ask or vote in this lecture."""

    __tablename__ = "qa_bans"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    user = so.relationship("User", foreign_keys=[user_id])


class ModerationAction(enum.Enum):
    approve = "approve"
    hide = "hide"
    pin = "pin"
    unpin = "unpin"
    merge = "merge"
    answer_live = "answer_live"
    answer_written = "answer_written"
    unanswer = "unanswer"
    ban = "ban"
    unban = "unban"
    mode = "mode"
    moderators = "moderators"


class ModerationEntry(db.Model):
    """The moderation log: who did what to which question or participant, and when."""

    __tablename__ = "qa_moderation_log"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: so.Mapped[ModerationAction] = so.mapped_column(enum_column(ModerationAction, "qa_moderation_action"))
    question_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("qa_questions.id", ondelete="SET NULL"))
    subject_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    detail: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    actor = so.relationship("User", foreign_keys=[actor_id])
