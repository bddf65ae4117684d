"""Factories for programmes and lectures."""

from datetime import datetime, timedelta

import pytest

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import Visibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.programmes.models import Programme


@pytest.fixture
def create_programme(app):
    counter = iter(range(1, 1000))

    def create(name: str | None = None, organisers=()) -> Programme:
        programme = Programme(name=name or f"Cloud Lecture Hall {next(counter)}", description="")
        programme.organisers = list(organisers)
        db.session.add(programme)
        db.session.commit()
        return programme

    return create


@pytest.fixture
def create_lecture(app, create_programme, create_user):
    state = {}

    def create(title: str = "Cross-border e-commerce policy", *, starts_at: datetime | None = None,
               local_start: datetime | None = None, timezone: str = "Asia/Shanghai", duration: int = 60,
               capacity: int | None = None, visibility: Visibility = Visibility.public, countries=(),
               publish: bool = True, programme=None, original_language: str = "en", summary: str = "",
               by=None, **extra):
        if programme is None:
            programme = state.get("programme") or create_programme()
            state["programme"] = programme
        if by is None:
            by = state.get("admin")
            if by is None:
                from lecturehall.modules.accounts.models import Role

                by = state["admin"] = create_user("organiser-admin@example.org", role=Role.admin, country="CN")
        if local_start is None:
            local_start = to_local(starts_at or utcnow() + timedelta(days=7), timezone)
        data = operations.LectureData(
            programme_id=programme.id, title=title, summary=summary, description="",
            original_language=original_language, lecture_language=original_language,
            local_start=local_start.replace(second=0, microsecond=0), timezone=timezone,
            duration_minutes=duration, capacity=capacity, visibility=visibility, countries=list(countries), **extra)
        lecture = operations.create_lecture(data, by, publish=publish)
        db.session.commit()
        return lecture

    return create
