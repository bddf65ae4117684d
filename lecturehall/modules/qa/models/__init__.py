from lecturehall.modules.qa.models.question import AnswerKind, Question, QuestionState, QuestionVote
from lecturehall.modules.qa.models.settings import (
    ModerationAction, ModerationEntry, QaBan, QaLecture, QaMode, QaModerator)

__all__ = ["AnswerKind", "ModerationAction", "ModerationEntry", "QaBan", "QaLecture", "QaMode", "QaModerator", "Question",
           "QuestionState", "QuestionVote"]
