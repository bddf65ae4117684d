"""How a lecture reads in a viewer's language: the translation when there is one, else the original, and a note
saying which it is."""

from __future__ import annotations

from dataclasses import dataclass

from lecturehall.modules.lectures.models import Lecture


@dataclass(frozen=True)
class LocalizedText:
    title: str
    summary: str
    description: str
    language: str
    is_original: bool
    is_fallback: bool  # the viewer's language was wanted but the original is shown


def localized_text(lecture: Lecture, language: str) -> LocalizedText:
    if language == lecture.original_language:
        return LocalizedText(lecture.title, lecture.summary, lecture.description, language, True, False)
    translation = lecture.translation(language)
    if translation is not None:
        return LocalizedText(translation.title, translation.summary or lecture.summary,
                             translation.description or lecture.description, language, False, False)
    return LocalizedText(lecture.title, lecture.summary, lecture.description, lecture.original_language, True, True)
