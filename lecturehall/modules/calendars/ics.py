"""iCalendar output built with the icalendar library: stable UIDs, SEQUENCE raised on each change, cancelled
lectures marked CANCELLED, an alarm 15 minutes before."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event, vDuration, vText

from lecturehall.core.db import utcnow
from lecturehall.core.urls import external_url
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.lectures.presentation import localized_text

PRODID = "-//Lecture Hall//Lecture Hall//EN"
ALARM_BEFORE = timedelta(minutes=15)
# How often a subscribed calendar app should fetch the feed again (RFC 7986, and Outlook's older property).
FEED_REFRESH = timedelta(hours=1)


def lecture_uid(lecture: Lecture) -> str:
    # A fixed domain, not the site's host: moving the site must not duplicate events in subscribed calendars.
    return f"lecture-{lecture.uid}@lecturehall"


def lecture_event(lecture: Lecture, language: str, waitlisted: bool = False) -> Event:
    """The lecture as a VEVENT in ``language``. A waiting-list spot is not a place: the event is TENTATIVE, its
    title says so, and it carries no alarm."""
    text = localized_text(lecture, language)
    link = external_url("lectures.lecture_page", lecture_id=lecture.id)
    summary = text.title
    if waitlisted:
        with force_locale(language):
            summary = _("%(title)s (waiting list)", title=text.title)
    event = Event()
    event.add("uid", lecture_uid(lecture))
    event.add("sequence", lecture.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", lecture.starts_at)
    event.add("dtend", lecture.ends_at)
    event.add("summary", summary)
    description = "\n\n".join(part for part in (text.summary, link) if part)
    event.add("description", description)
    event.add("url", link)
    event.add("location", vText(link))
    event.add("last-modified", lecture.updated_at)
    if lecture.status is LectureStatus.cancelled:
        event.add("status", "CANCELLED")
    elif lecture.status is LectureStatus.draft or waitlisted:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    if lecture.status is not LectureStatus.cancelled and not waitlisted:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text.title)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


def _calendar(name: str | None, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def calendar_for(lectures: list[Lecture], language: str, name: str | None = None, method: str | None = None) -> bytes:
    calendar = _calendar(name, method)
    for lecture in lectures:
        calendar.add_component(lecture_event(lecture, language))
    return calendar.to_ical()


def feed_calendar(entries: list[tuple[Lecture, bool]], language: str, name: str) -> bytes:
    """A subscribed feed: (lecture, waitlisted) pairs, named, with a hint how often to fetch it again."""
    calendar = _calendar(name, None)
    calendar.add("name", name)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for lecture, waitlisted in entries:
        calendar.add_component(lecture_event(lecture, language, waitlisted=waitlisted))
    return calendar.to_ical()
