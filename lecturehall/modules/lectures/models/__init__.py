from lecturehall.modules.lectures.models.change import LectureChange
from lecturehall.modules.lectures.models.lecture import (
    MAX_DURATION_MINUTES,
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
    "MAX_DURATION_MINUTES", "STATUS_CHANGES", "LanguageKind", "Lecture", "LectureChange", "LectureCountry",
    "LectureLanguage", "LectureStatus", "LectureTranslation", "ReplayVisibility", "Visibility", "lecture_speakers",
    "lecture_tags",
]
