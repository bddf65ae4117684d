"""A lecture's mail jobs in the scheduler: the two reminders, and the sending of pending change notices. Kept in step
with the lecture after every change (see receivers.py)."""

from __future__ import annotations

from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.notifications import queries

SEND_REMINDERS = "notifications.send_reminders"
SEND_NOTICES = "notifications.send_notices"


def job_ids(lecture_id: int) -> dict[str, str]:
    return {
        "reminder_24h": f"lecture:{lecture_id}:reminder_24h",
        "reminder_15m": f"lecture:{lecture_id}:reminder_15m",
        "notices": f"lecture:{lecture_id}:notices",
    }


def sync_mail_jobs(app, lecture_id: int) -> None:
    """Adds, moves or drops the lecture's reminders to match its state, and queues its pending notices."""
    with app.app_context():
        scheduler = get_scheduler(app)
        lecture = db.session.get(Lecture, lecture_id)
        ids = job_ids(lecture_id)
        if lecture is None or lecture.status not in (LectureStatus.scheduled, LectureStatus.live):
            # A deleted lecture loses its notices job too; a cancelled one keeps it (its notice must go out).
            for name in ("reminder_24h", "reminder_15m", *(("notices",) if lecture is None else ())):
                scheduler.remove(ids[name])
        else:
            scheduler.add(ids["reminder_24h"], SEND_REMINDERS, lecture.starts_at - timedelta(hours=24), lecture_id,
                          "reminder_24h")
            scheduler.add(ids["reminder_15m"], SEND_REMINDERS, lecture.starts_at - timedelta(minutes=15), lecture_id,
                          "reminder_15m")
        if lecture is not None and queries.has_pending_notices(lecture_id):
            scheduler.add(ids["notices"], SEND_NOTICES, utcnow(), lecture_id)
