"""A lecture's one-off jobs in the scheduler: two reminders, the start and the end. Kept in step with the lecture."""

from __future__ import annotations

from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.lectures.models import Lecture, LectureStatus


def job_ids(lecture_id: int) -> dict[str, str]:
    return {
        "reminder_24h": f"lecture:{lecture_id}:reminder_24h",
        "reminder_15m": f"lecture:{lecture_id}:reminder_15m",
        "start": f"lecture:{lecture_id}:start",
        "end": f"lecture:{lecture_id}:end",
        "notices": f"lecture:{lecture_id}:notices",
    }


def sync_lecture_jobs(app, lecture_id: int) -> None:
    """Adds, moves or drops the lecture's jobs to match its current state."""
    with app.app_context():
        scheduler = get_scheduler(app)
        lecture = db.session.get(Lecture, lecture_id)
        ids = job_ids(lecture_id)
        active = lecture is not None and lecture.status in (LectureStatus.scheduled, LectureStatus.live)
        if not active:
            # A deleted lecture loses its notices job too; a cancelled one keeps it (its notice must go out).
            for name in ("reminder_24h", "reminder_15m", "start", "end", *(("notices",) if lecture is None else ())):
                scheduler.remove(ids[name])
        else:
            scheduler.add(ids["reminder_24h"], "notifications.send_reminders", lecture.starts_at - timedelta(hours=24),
                          lecture_id, "reminder_24h")
            scheduler.add(ids["reminder_15m"], "notifications.send_reminders",
                          lecture.starts_at - timedelta(minutes=15), lecture_id, "reminder_15m")
            scheduler.add(ids["start"], "lectures.advance_status", lecture.starts_at, lecture_id)
            scheduler.add(ids["end"], "lectures.advance_status", lecture.ends_at, lecture_id)
        if lecture is not None:
            from lecturehall.modules.notifications.queries import has_pending_notices

            if has_pending_notices(lecture_id):
                scheduler.add(ids["notices"], "notifications.send_notices", utcnow(), lecture_id)
