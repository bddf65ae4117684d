"""A lecture's own one-off jobs in the scheduler: its status moves at the start and at the end. Kept in step with the
lecture after every change (reminders and notices are the notifications module's, kept in step by its receivers)."""

from __future__ import annotations

from lecturehall.core.db import db
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.lectures.models import Lecture, LectureStatus

ADVANCE_STATUS = "lectures.advance_status"


def job_ids(lecture_id: int) -> dict[str, str]:
    return {"start": f"lecture:{lecture_id}:start", "end": f"lecture:{lecture_id}:end"}


def sync_lecture_jobs(app, lecture_id: int) -> None:
    """Adds, moves or drops the lecture's start and end jobs to match its current state."""
    with app.app_context():
        scheduler = get_scheduler(app)
        lecture = db.session.get(Lecture, lecture_id)
        ids = job_ids(lecture_id)
        if lecture is None or lecture.status not in (LectureStatus.scheduled, LectureStatus.live):
            for job_id in ids.values():
                scheduler.remove(job_id)
            return
        scheduler.add(ids["start"], ADVANCE_STATUS, lecture.starts_at, lecture_id)
        scheduler.add(ids["end"], ADVANCE_STATUS, lecture.ends_at, lecture_id)
