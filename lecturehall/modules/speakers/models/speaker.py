"""A speaker, reused across lectures, with their affiliation and biography in one language and any number of
translations (the name stays as the speaker writes it)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class SpeakerTranslation(db.Model):
    __tablename__ = "speaker_translations"
    __table_args__ = (sa.UniqueConstraint("speaker_id", "language", name="uq_speaker_translations_speaker_language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    speaker_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("speakers.id", ondelete="CASCADE"))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    affiliation: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    bio: so.Mapped[str] = so.mapped_column(sa.Text, default="")


class Speaker(db.Model):
    __tablename__ = "speakers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    # The language the affiliation and biography below are written in; translations live in speaker_translations.
    original_language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en", server_default="en")
    affiliation: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    bio: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Path of the photo inside the media folder (speakers/<id>-<hash>.jpg), or None.
    photo_path: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    translations: so.Mapped[list[SpeakerTranslation]] = so.relationship(
        cascade="all, delete-orphan", order_by=SpeakerTranslation.language, passive_deletes=True)

    def translation(self, language: str) -> SpeakerTranslation | None:
        return next((t for t in self.translations if t.language == language), None)
