"""Factories for lectures (with their programme) and a reader that parses calendar responses back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import Lecture, Visibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.programmes.models import Programme


def lecture_data(lecture: Lecture, **changes) -> operations.LectureData:
    """The lecture as it stands, as the edit form would send it, with ``changes`` applied."""
    data = operations.LectureData(
        programme_id=lecture.programme_id, title=lecture.title, summary=lecture.summary,
        description=lecture.description, original_language=lecture.original_language,
        lecture_language=lecture.lecture_language, local_start=to_local(lecture.starts_at, lecture.timezone),
        timezone=lecture.timezone, duration_minutes=lecture.duration_minutes, capacity=lecture.capacity,
        visibility=lecture.visibility, countries=lecture.country_codes,
        replay_visibility=lecture.replay_visibility,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def organiser(create_user):
    return create_user("organiser@example.org", role=Role.admin, country="CN")


@pytest.fixture
def create_lecture(app, organiser):
    """Makes a published lecture a week ahead (commits, as a request would)."""
    programme = Programme(name="Digital Trade Lecture Series")
    db.session.add(programme)
    db.session.commit()
    counter = iter(range(1, 1000))

    def create(title: str | None = None, *, local_start: datetime | None = None, timezone: str = "Asia/Shanghai",
               duration: int = 90, capacity: int | None = None, visibility: Visibility = Visibility.public,
               countries=(), publish: bool = True, summary: str = "What changes for small exporters.") -> Lecture:
        if local_start is None:
            local_start = to_local(utcnow() + timedelta(days=7), timezone).replace(second=0, microsecond=0)
        data = operations.LectureData(
            programme_id=programme.id, title=title or f"Cross-border e-commerce policy {next(counter)}",
            summary=summary, description="", original_language="en", lecture_language="en",
            local_start=local_start, timezone=timezone, duration_minutes=duration, capacity=capacity,
            visibility=visibility, countries=list(countries),
        )
        lecture = operations.create_lecture(data, organiser, publish=publish)
        db.session.commit()
        return lecture

    return create


def parse_calendar(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
