"""How a lecture reads in a viewer's language: the translation when there is one, else the original, and which
language each part is in (a translation without a summary shows the original's, which a page marks as such)."""

from __future__ import annotations

from dataclasses import dataclass

from lecturehall.modules.lectures.models import Lecture


@dataclass(frozen=True)
class LocalizedText:
    title: str
    summary: str
    description: str
    language: str  # of the title
    is_original: bool
    is_fallback: bool  # the viewer's language was wanted but the original is shown
    summary_language: str = ""
    description_language: str = ""

    def __post_init__(self) -> None:
        # Unless told otherwise, every part is in the title's language.
        for name in ("summary_language", "description_language"):
            if not getattr(self, name):
                object.__setattr__(self, name, self.language)


def localized_text(lecture: Lecture, language: str) -> LocalizedText:
    if language == lecture.original_language:
        return LocalizedText(lecture.title, lecture.summary, lecture.description, language, True, False)
    translation = lecture.translation(language)
    if translation is not None:
        original = lecture.original_language
        return LocalizedText(
            translation.title, translation.summary or lecture.summary, translation.description or lecture.description,
            language, False, False,
            summary_language=language if translation.summary else original,
            description_language=language if translation.description else original)
    return LocalizedText(lecture.title, lecture.summary, lecture.description, lecture.original_language, True, True)
