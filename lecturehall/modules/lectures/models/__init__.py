from lecturehall.modules.lectures.models.change import LectureChange
from lecturehall.modules.lectures.models.lecture import (
    LanguageKind,
    Lecture,
    LectureCountry,
    LectureLanguage,
    LectureStatus,
    LectureTranslation,
    ReplayVisibility,
    STATUS_CHANGES,
    Visibility,
    lecture_speakers,
    lecture_tags,
)

__all__ = [
    "LanguageKind", "Lecture", "LectureChange", "LectureCountry", "LectureLanguage", "LectureStatus",
    "LectureTranslation", "ReplayVisibility", "STATUS_CHANGES", "Visibility", "lecture_speakers", "lecture_tags",
]
