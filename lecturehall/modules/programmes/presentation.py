"""How a programme reads in a viewer's language: its name and description from the translation when there is one,
else the original, each with the language it is in (pages mark text in another language with lang and dir)."""

from __future__ import annotations

from dataclasses import dataclass

from lecturehall.modules.programmes.models import Programme


@dataclass(frozen=True)
class LocalizedProgramme:
    name: str
    name_language: str
    description: str
    description_language: str


def localized_programme(programme: Programme, language: str) -> LocalizedProgramme:
    original = programme.original_language
    translation = programme.translation(language) if language != original else None
    if translation is None:
        return LocalizedProgramme(programme.name, original, programme.description, original)
    if translation.description:
        return LocalizedProgramme(translation.name, language, translation.description, language)
    return LocalizedProgramme(translation.name, language, programme.description, original)
