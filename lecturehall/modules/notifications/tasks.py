"""Jobs that mail every participant of a lecture: reminders and change notices.

Each mail is a claimed delivery (see ``claim``): sent at most once while its sender lives, and taken over by
another sender only when the claim's lease has expired without the mail being marked sent. SMTP leaves one window
open: a sender killed after the server accepted a mail and before it marked the mail sent cannot know, so that one
mail goes out a second time, with the same Message-ID (``delivery-<id>``), which mail clients show as one message.
These functions own their commits (they run as jobs).

The sweep's catch-up and a lecture's own job may reach the same mailing at the same time in the worker; the second
one leaves it to the first (``_alone``), so one sender at a time goes through a lecture's list and a killed worker
has at most one mail in flight, not one per thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import task
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.lectures.presentation import lecture_label
from lecturehall.modules.notifications import queries
from lecturehall.modules.notifications.jobs import SEND_NOTICES, SEND_REMINDERS
from lecturehall.modules.notifications.mails import send_lecture_mail
from lecturehall.modules.notifications.models import REMINDERS, Delivery, MailKind, Notice
from lecturehall.modules.registrations.models import RegistrationStatus


_mailings_running: set[tuple] = set()
_mailings_lock = threading.Lock()


@contextmanager
def _alone(*mailing) -> Iterator[bool]:
    """True if no other thread of this process is sending this mailing (then it is ours until the block ends),
    False if one is: it sends every mail this one would."""
    with _mailings_lock:
        if mailing in _mailings_running:
            yield False
            return
        _mailings_running.add(mailing)
    try:
        yield True
    finally:
        with _mailings_lock:
            _mailings_running.discard(mailing)


def claim(lecture_id: int, user_id: int, kind: MailKind, key: str = "", now: datetime | None = None) -> Delivery | None:
    """Takes the right to send this mail: a new claim, or one whose sender died (lease expired). Commits, so
    the claim is visible to every other sender before the mail goes out."""
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    existing = db.session.execute(sa.select(Delivery).where(
        Delivery.lecture_id == lecture_id, Delivery.user_id == user_id, Delivery.kind == kind,
        Delivery.key == key)).scalar_one_or_none()
    if existing is None:
        delivery = Delivery(lecture_id=lecture_id, user_id=user_id, kind=kind, key=key, claimed_at=now)
        db.session.add(delivery)
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()  # another sender claimed it a moment ago
            return None
        return delivery
    if existing.sent_at is not None or existing.claimed_at > now - lease:
        return None
    # Compare-and-set, so two senders cannot both take over an expired claim.
    taken = db.session.execute(
        sa.update(Delivery)
        .where(Delivery.id == existing.id, Delivery.sent_at.is_(None), Delivery.claimed_at == existing.claimed_at)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if taken != 1:
        return None
    db.session.refresh(existing)
    return existing


def mark_sent(delivery: Delivery) -> None:
    delivery.sent_at = utcnow()
    db.session.commit()


def reminder_window(lecture: Lecture, kind: MailKind) -> tuple[datetime, datetime]:
    """From when to when a reminder makes sense: from its due time until the next reminder (or the start)."""
    due = lecture.starts_at - kind.before_start
    until = lecture.starts_at - MailKind.reminder_15m.before_start if kind is MailKind.reminder_24h else lecture.starts_at
    return due, until


def _describe_reminders(lecture_id: int, kind_value: str) -> str | None:
    if kind_value == MailKind.reminder_24h.value:
        return _("Reminder 24 hours before — %(lecture)s", lecture=lecture_label(lecture_id))
    if kind_value == MailKind.reminder_15m.value:
        return _("Reminder 15 minutes before — %(lecture)s", lecture=lecture_label(lecture_id))
    return None  # not a reminder this version knows


def _describe_notices(lecture_id: int) -> str:
    return _("Mail to participants about a new time or a cancellation — %(lecture)s",
             lecture=lecture_label(lecture_id))


@task(SEND_REMINDERS, describe=_describe_reminders)
def send_reminders(lecture_id: int, kind_value: str) -> int:
    """Reminds every participant registered by the reminder's due time; returns how many mails went out."""
    kind = MailKind(kind_value)
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is None or lecture.status not in (LectureStatus.scheduled, LectureStatus.live):
        return 0
    now = utcnow()
    due, until = reminder_window(lecture, kind)
    if not due <= now < until:
        return 0
    with _alone("reminders", lecture_id, kind) as alone:
        if not alone:
            return 0
        sent = 0
        for user in queries.participants(lecture_id, registered_before=due):
            delivery = claim(lecture_id, user.id, kind, now=utcnow())
            if delivery is None:
                continue
            lecture = db.session.get(Lecture, lecture_id)
            send_lecture_mail(kind.value, user, lecture, message_key=f"delivery-{delivery.id}")
            mark_sent(delivery)
            sent += 1
        return sent


@task(SEND_NOTICES, describe=_describe_notices)
def send_notices(lecture_id: int) -> int:
    """Sends every pending change notice of the lecture to its participants (registered and waiting)."""
    sent = 0
    for notice in queries.pending_notices(lecture_id):
        sent += _send_notice(notice.id)
    return sent


def _send_notice(notice_id: int) -> int:
    with _alone("notice", notice_id) as alone:
        return _send_notice_alone(notice_id) if alone else 0


def _send_notice_alone(notice_id: int) -> int:
    notice = db.session.get(Notice, notice_id)
    lecture_id, kind, previous = notice.lecture_id, notice.kind, notice.previous_starts_at
    sent = 0
    statuses = (RegistrationStatus.registered, RegistrationStatus.waitlisted)
    for user in queries.participants(lecture_id, statuses=statuses):
        delivery = claim(lecture_id, user.id, kind, key=str(notice_id))
        if delivery is None:
            continue
        send_lecture_mail(kind.value, user, db.session.get(Lecture, lecture_id), previous_starts_at=previous,
                          message_key=f"delivery-{delivery.id}")
        mark_sent(delivery)
        sent += 1
    notice = db.session.get(Notice, notice_id)
    unsent = db.session.execute(sa.select(sa.func.count(Delivery.id)).where(
        Delivery.lecture_id == lecture_id, Delivery.key == str(notice_id), Delivery.sent_at.is_(None))).scalar_one()
    if unsent == 0:
        notice.completed_at = utcnow()
        db.session.commit()
    return sent


def send_due_mail() -> None:
    """Catch-up for the sweep: reminders whose window is open, and notices not yet completed."""
    now = utcnow()
    horizon = now + timedelta(hours=24)
    lectures = db.session.execute(sa.select(Lecture.id).where(
        Lecture.status.in_([LectureStatus.scheduled, LectureStatus.live]),
        Lecture.starts_at > now, Lecture.starts_at <= horizon)).scalars().all()
    for lecture_id in lectures:
        for kind in REMINDERS:
            send_reminders(lecture_id, kind.value)
    for notice in queries.pending_notices():
        _send_notice(notice.id)
