"""Mail to participants about lectures. Single mails go out after the request commits; mail to every participant
of a lecture (reminders, change notices) is sent by jobs, one claimed delivery at a time."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.notifications.mails import send_lecture_mail
from lecturehall.modules.notifications.models import Delivery, MailKind, Notice


def lecture_rescheduled(lecture, previous_starts_at: datetime) -> Notice:
    """Queues the notice; reminders still ahead of the new time will be sent again for it."""
    notice = Notice(lecture_id=lecture.id, kind=MailKind.rescheduled, previous_starts_at=previous_starts_at)
    db.session.add(notice)
    now = utcnow()
    for kind in (MailKind.reminder_24h, MailKind.reminder_15m):
        if lecture.starts_at - kind.before_start > now:
            db.session.execute(sa.delete(Delivery).where(
                Delivery.lecture_id == lecture.id, Delivery.kind == kind))
    db.session.flush()
    return notice


def lecture_cancelled(lecture) -> Notice:
    notice = Notice(lecture_id=lecture.id, kind=MailKind.cancelled, previous_starts_at=lecture.starts_at)
    db.session.add(notice)
    db.session.flush()
    return notice


def send_single_on_commit(template: str, user, lecture, **context) -> None:
    """A mail to one person after the current transaction commits (registration confirmation, moved up)."""
    app = current_app._get_current_object()
    user_id, lecture_id = user.id, lecture.id

    def send() -> None:
        with app.app_context():
            send_lecture_mail(template, db.session.get(User, user_id), db.session.get(Lecture, lecture_id), **context)

    on_commit(send)
