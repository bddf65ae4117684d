"""How a speaker reads in a viewer's language: each part (affiliation, biography) from the translation when it has
one, else the original, with the language it is in, so that a page can mark text in another language as such."""

from __future__ import annotations

from dataclasses import dataclass

from lecturehall.modules.speakers.models import Speaker


@dataclass(frozen=True)
class LocalizedSpeaker:
    name: str
    affiliation: str
    affiliation_language: str
    bio: str
    bio_language: str


def localized_speaker(speaker: Speaker, language: str) -> LocalizedSpeaker:
    original = speaker.original_language
    translation = speaker.translation(language) if language != original else None

    def part(name: str) -> tuple[str, str]:
        translated = getattr(translation, name, "") if translation is not None else ""
        return (translated, language) if translated else (getattr(speaker, name) or "", original)

    affiliation, affiliation_language = part("affiliation")
    bio, bio_language = part("bio")
    return LocalizedSpeaker(speaker.name, affiliation, affiliation_language, bio, bio_language)
