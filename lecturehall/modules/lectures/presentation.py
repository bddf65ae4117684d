"""How a lecture reads in a viewer's language: the translation when there is one, else the original, and which
language each part is in (a translation without a summary shows the original's, which a page marks as such)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from lecturehall.core.db import db
from lecturehall.core.i18n import current_language
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


def lecture_label(lecture_id: int) -> str:
    """The lecture as admin pages name it, in the page's language: “Title” (lecture 6); a deleted one by its id."""
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is None:
        return _("lecture %(id)s, since deleted", id=lecture_id)
    return _("“%(title)s” (lecture %(id)s)", title=localized_text(lecture, current_language()).title, id=lecture_id)
