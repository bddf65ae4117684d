"""Writes to speakers and topics. Each operation flushes; the caller (request, CLI command, job) commits.

A photo file is written at once and removed again if the transaction rolls back;
the file it replaces is deleted only once the new path is committed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import safe_join

from lecturehall.core.db import db, on_commit
from lecturehall.modules.speakers.models import Speaker, SpeakerTranslation, Tag
from lecturehall.modules.speakers import queries

PHOTO_FOLDER = "speakers"
_WRITTEN_KEY = "speaker_photos_written"


class TagError(Exception):
    """A change the data forbids; ``reason`` names it ("slug-taken")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SpeakerData:
    name: str
    affiliation: str = ""
    bio: str = ""
    original_language: str = "en"  # of the affiliation and biography


def create_speaker(data: SpeakerData, photo_jpeg: bytes | None = None) -> Speaker:
    speaker = Speaker()
    _fill(speaker, data)
    db.session.add(speaker)
    db.session.flush()  # the photo's file name starts with the speaker's id
    if photo_jpeg is not None:
        set_photo(speaker, photo_jpeg)
    return speaker


def update_speaker(speaker: Speaker, data: SpeakerData) -> None:
    _fill(speaker, data)
    db.session.flush()


def _fill(speaker: Speaker, data: SpeakerData) -> None:
    speaker.name = data.name.strip()
    speaker.affiliation = (data.affiliation or "").strip()
    speaker.bio = (data.bio or "").strip()
    speaker.original_language = data.original_language
    # A translation into what is now the original's language would never be shown.
    speaker.translations = [t for t in speaker.translations if t.language != data.original_language]


def save_translation(speaker: Speaker, language: str, affiliation: str, bio: str) -> SpeakerTranslation:
    """The speaker's affiliation and biography in ``language`` (added or replaced)."""
    translation = speaker.translation(language)
    if translation is None:
        translation = SpeakerTranslation(language=language)
        speaker.translations.append(translation)
    translation.affiliation, translation.bio = (affiliation or "").strip(), (bio or "").strip()
    db.session.flush()
    return translation


def delete_translation(speaker: Speaker, language: str) -> None:
    translation = speaker.translation(language)
    if translation is not None:
        speaker.translations.remove(translation)
        db.session.flush()


def set_photo(speaker: Speaker, photo_jpeg: bytes) -> None:
    """Stores already checked JPEG bytes (see photos.prepare_photo) as the speaker's photo."""
    media = Path(current_app.config["MEDIA_DIR"])
    (media / PHOTO_FOLDER).mkdir(parents=True, exist_ok=True)
    relative = f"{PHOTO_FOLDER}/{speaker.id}-{secrets.token_hex(8)}.jpg"
    path = media / relative
    with open(path, "xb") as file:
        file.write(photo_jpeg)
    db.session.info.setdefault(_WRITTEN_KEY, []).append(path)
    _replace_path(speaker, relative, media)


def remove_photo(speaker: Speaker) -> None:
    _replace_path(speaker, None, Path(current_app.config["MEDIA_DIR"]))


def _replace_path(speaker: Speaker, relative: str | None, media: Path) -> None:
    old = speaker.photo_path
    speaker.photo_path = relative
    db.session.flush()
    if old:
        old_path = safe_join(str(media), old)
        if old_path is not None:
            on_commit(lambda: Path(old_path).unlink(missing_ok=True))


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _keep_written_photos(session: sa.orm.Session) -> None:
    session.info.pop(_WRITTEN_KEY, None)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _remove_written_photos(session: sa.orm.Session) -> None:
    for path in session.info.pop(_WRITTEN_KEY, []):
        path.unlink(missing_ok=True)


def create_tag(slug: str, names: dict[str, str]) -> Tag:
    if queries.slug_taken(slug):
        raise TagError("slug-taken")
    tag = Tag(slug=slug, names=_clean_names(names))
    db.session.add(tag)
    db.session.flush()
    return tag


def update_tag(tag: Tag, slug: str, names: dict[str, str]) -> None:
    if queries.slug_taken(slug, except_tag_id=tag.id):
        raise TagError("slug-taken")
    tag.slug = slug
    tag.names = _clean_names(names)  # a new dict: changes made inside a JSON value are not tracked
    db.session.flush()


def _clean_names(names: dict[str, str]) -> dict[str, str]:
    return {language: name.strip() for language, name in names.items() if name and name.strip()}
