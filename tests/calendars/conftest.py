"""Calendar tests' lectures: made by an admin organiser in one programme, 90 minutes long, numbered titles; and a
reader that parses calendar responses back."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from lecturehall.modules.accounts.models import Role


@pytest.fixture
def organiser(create_user):
    return create_user("organiser@example.org", role=Role.admin, country="CN")


@pytest.fixture
def create_lecture(create_lecture, create_programme, organiser):
    """The shared factory with this folder's defaults."""
    programme = create_programme("Digital Trade Lecture Series")
    counter = iter(range(1, 1000))

    def create(title: str | None = None, *, duration: int = 90, summary: str = "What changes for small exporters.",
               **kwargs):
        return create_lecture(title or f"Cross-border e-commerce policy {next(counter)}", duration=duration,
                              summary=summary, programme=programme, by=organiser, **kwargs)

    return create


def parse_calendar(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
