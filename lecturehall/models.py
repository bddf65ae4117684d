"""Imports every model so the metadata is complete (migrations, tests)."""

from lecturehall.core.scheduler import jobs_table  # noqa: F401
from lecturehall.modules.accounts.models import User  # noqa: F401
from lecturehall.core.job_runs import JobRun  # noqa: F401
from lecturehall.modules.lectures.models import Lecture, LectureChange  # noqa: F401
from lecturehall.modules.speakers.models import Speaker, Tag  # noqa: F401
from lecturehall.modules.notifications.models import Delivery, Notice  # noqa: F401
from lecturehall.modules.presence.models import (  # noqa: F401
    Attendance, AttendanceRule, Beat, CompactionCursor, LiveConcurrency, LiveInterval, ReplayView, ReplayWatch)
from lecturehall.modules.programmes.models import Programme  # noqa: F401
from lecturehall.modules.registrations.models import Registration  # noqa: F401
from lecturehall.modules.media.models import Recording, Replay, TranscodeJob, Upload  # noqa: F401
from lecturehall.modules.live.models import InterpreterKey, LiveSession, LiveStream  # noqa: F401
from lecturehall.modules.qa.models import (  # noqa: F401
    ModerationEntry, QaBan, QaLecture, QaModerator, Question, QuestionVote)
from lecturehall.modules.reports.models import ReportSubscription  # noqa: F401
from lecturehall.modules.certificates.models import (  # noqa: F401
    Certificate, CertificateBatch, CertificatePolicy)
