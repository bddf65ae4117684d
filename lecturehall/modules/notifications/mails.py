"""Rendering a mail about a lecture for one participant: their language, their timezone, the join link, and the
lecture as a calendar attachment."""

from __future__ import annotations

from datetime import datetime

from lecturehall.core.i18n import format_in_zone
from lecturehall.core.mail import Recipient, build_message, deliver, render_mail
from lecturehall.core.urls import external_url
from lecturehall.modules.calendars.ics import calendar_for
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.lectures.presentation import localized_text

# Which calendar method the attachment carries, per mail.
CALENDAR_METHOD = {
    "registered": "PUBLISH", "promoted": "PUBLISH", "reminder_24h": "PUBLISH", "reminder_15m": None,
    "rescheduled": "PUBLISH", "cancelled": "CANCEL", "waitlisted": None,
}


def send_lecture_mail(template: str, user, lecture, previous_starts_at: datetime | None = None,
                      message_key: str | None = None) -> None:
    """Sends the mail; ``message_key`` names it when it may be sent again (see tasks.claim), so the repeat carries
    the same Message-ID."""
    language = user.language
    text = localized_text(lecture, language)
    recipient = Recipient(email=user.email, name=user.full_name or "", language=language)
    context = {
        "lecture": lecture,
        "title": text.title,
        "title_language": text.language,  # the original's when the reader's language has no translation
        "summary": text.summary,
        "starts_local": format_in_zone(lecture.starts_at, user.timezone, language),
        "user_timezone": user.timezone,
        "starts_organiser": format_in_zone(lecture.starts_at, lecture.timezone, language),
        "organiser_timezone": lecture.timezone,
        "previous_local": format_in_zone(previous_starts_at, user.timezone, language) if previous_starts_at else "",
        "link": external_url("lectures.lecture_page", lecture_id=lecture.id),
        "cancelled": lecture.status is LectureStatus.cancelled,
    }
    method = CALENDAR_METHOD.get(template)
    attachments = []
    if method:
        attachments.append((calendar_for([lecture], language, method=method), "calendar", "lecture.ics",
                            {"method": method}))
    message = build_message(recipient, *render_mail(template, recipient, **context), attachments=attachments,
                            message_key=message_key)
    deliver(message, recipient)
