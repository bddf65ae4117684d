"""A lecture: one talk in a programme, in an original language with any number of translations."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime, timedelta
import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.speakers.models import Speaker, Tag


MAX_DURATION_MINUTES = 1440  # a lecture lasts at most a day


class LectureStatus(enum.Enum):
    draft = "draft"
    scheduled = "scheduled"
    live = "live"
    ended = "ended"
    cancelled = "cancelled"


# Where an organiser may move a lecture's status by hand (the clock moves it too: see operations). Cancelling has a
# button of its own, because participants are told; a cancelled lecture stays cancelled.
STATUS_CHANGES: dict[LectureStatus, tuple[LectureStatus, ...]] = {
    LectureStatus.draft: (LectureStatus.scheduled,),
    LectureStatus.scheduled: (LectureStatus.live, LectureStatus.ended, LectureStatus.draft),
    LectureStatus.live: (LectureStatus.ended,),
    LectureStatus.ended: (LectureStatus.live,),
    LectureStatus.cancelled: (),
}


class Visibility(enum.Enum):
    public = "public"
    registered = "registered"  # signed-in users
    countries = "countries"  # only participants from the listed countries


class ReplayVisibility(enum.Enum):
    public = "public"
    registered = "registered"


class LanguageKind(enum.Enum):
    interpretation = "interpretation"
    subtitles = "subtitles"


lecture_speakers = sa.Table(
    "lecture_speakers",
    db.metadata,
    sa.Column("lecture_id", sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("speaker_id", sa.ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
)

lecture_tags = sa.Table(
    "lecture_tags",
    db.metadata,
    sa.Column("lecture_id", sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class LectureTranslation(db.Model):
    __tablename__ = "lecture_translations"
    __table_args__ = (sa.UniqueConstraint("lecture_id", "language", name="uq_lecture_translations_lecture_language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")


class LectureCountry(db.Model):
    __tablename__ = "lecture_countries"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    country: so.Mapped[str] = so.mapped_column(sa.String(2), primary_key=True)


class LectureLanguage(db.Model):
    """A language of interpretation or of subtitles planned for the lecture."""

    __tablename__ = "lecture_languages"

    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), primary_key=True)
    kind: so.Mapped[LanguageKind] = so.mapped_column(enum_column(LanguageKind, "language_kind"), primary_key=True)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True)


class Lecture(db.Model):
    __tablename__ = "lectures"
    __table_args__ = (
        sa.CheckConstraint(f"duration_minutes > 0 AND duration_minutes <= {MAX_DURATION_MINUTES}",
                           name="duration_in_range"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.Index("ix_lectures_status_starts_at", "status", "starts_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    # The original text; translations live in lecture_translations.
    original_language: so.Mapped[str] = so.mapped_column(sa.String(8))
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The language spoken.
    lecture_language: so.Mapped[str] = so.mapped_column(sa.String(8))
    starts_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    # The organiser's IANA timezone: the start was entered in it and is shown beside the viewer's.
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64))
    duration_minutes: so.Mapped[int] = so.mapped_column(default=60)
    capacity: so.Mapped[int | None] = so.mapped_column()
    visibility: so.Mapped[Visibility] = so.mapped_column(enum_column(Visibility, "visibility"), default=Visibility.public)
    replay_visibility: so.Mapped[ReplayVisibility] = so.mapped_column(
        enum_column(ReplayVisibility, "replay_visibility"), default=ReplayVisibility.registered
    )
    status: so.Mapped[LectureStatus] = so.mapped_column(
        enum_column(LectureStatus, "lecture_status"), default=LectureStatus.draft
    )
    # Calendar identity: a UID that never changes and a SEQUENCE raised on every change (RFC 5545).
    uid: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True, default=lambda: uuid.uuid4().hex)
    sequence: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    # The programme's lectures (programme.lectures) are declared from this side: programmes know nothing of
    # lectures, which build on them.
    programme: so.Mapped[Programme] = so.relationship(
        backref=so.backref("lectures", order_by="Lecture.starts_at", passive_deletes=True))
    translations: so.Mapped[list[LectureTranslation]] = so.relationship(
        cascade="all, delete-orphan", order_by=LectureTranslation.language
    )
    countries: so.Mapped[list[LectureCountry]] = so.relationship(cascade="all, delete-orphan")
    languages: so.Mapped[list[LectureLanguage]] = so.relationship(cascade="all, delete-orphan")
    speakers: so.Mapped[list[Speaker]] = so.relationship(secondary=lecture_speakers, order_by="Speaker.name")
    tags: so.Mapped[list[Tag]] = so.relationship(secondary=lecture_tags, order_by="Tag.slug")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def country_codes(self) -> list[str]:
        return sorted(c.country for c in self.countries)

    def planned_languages(self, kind: LanguageKind) -> list[str]:
        return sorted(item.language for item in self.languages if item.kind is kind)

    def translation(self, language: str) -> LectureTranslation | None:
        return next((t for t in self.translations if t.language == language), None)

    @property
    def has_ended(self) -> bool:
        """Over: ended by the clock or an organiser, or its end time has passed (the clock may not have run yet)."""
        return self.status is LectureStatus.ended or self.ends_at <= utcnow()

    @property
    def is_open(self) -> bool:
        """Registration is possible: announced, not over, not cancelled."""
        return self.status in (LectureStatus.scheduled, LectureStatus.live) and self.ends_at > utcnow()
