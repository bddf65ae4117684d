"""One app and one hand-computed dataset per test module that only reads it (test_queries, test_pages), instead of
one per test: the dataset is built through real compaction, which takes a few seconds."""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest

from lecturehall.app import create_app
from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Visibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.programmes.models import Programme
from tests.conftest import STRONG_PASSWORD, IsolatedClient, end_app
from tests.reports.dataset import build


class Makers:
    """Module-scoped stand-ins for the create_user / create_lecture / create_programme factories."""

    def __init__(self):
        self.count = 0
        self.admin = None

    def user(self, email=None, *, role=Role.participant, country="CL", language="en", full_name=None,
             sector=Sector.government, organisation="Ministry of Trade", coordinator_country=None):
        self.count += 1
        data = accounts.ProfileData(full_name=full_name or f"Shared Person {self.count}",
                                    email=email or f"shared{self.count}@example.org", country=country,
                                    organisation=organisation, sector=sector, language=language, timezone="UTC")
        user = accounts.create_user_by_admin(data, role, coordinator_country or (country if role is Role.coordinator
                                                                                 else None),
                                             password=STRONG_PASSWORD, invite=False)
        db.session.commit()
        return user

    def programme(self, name=None, organisers=()):
        programme = Programme(name=name, description="")
        programme.organisers = list(organisers)
        db.session.add(programme)
        db.session.commit()
        return programme

    def lecture(self, title, *, starts_at, timezone, duration, programme):
        if self.admin is None:
            self.admin = self.user("shared-organiser-admin@example.org", role=Role.admin, country="CN")
        data = lectures.LectureData(
            programme_id=programme.id, title=title, summary="", description="", original_language="en",
            lecture_language="en", local_start=to_local(starts_at or utcnow() + timedelta(days=7), timezone),
            timezone=timezone, duration_minutes=duration, capacity=None, visibility=Visibility.public, countries=[])
        lecture = lectures.create_lecture(data, self.admin, publish=True)
        db.session.commit()
        return lecture


@pytest.fixture(scope="module")
def shared_app(_schema, instance_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports-shared")
    app = create_app({"DATABASE_URL": _schema, "INSTANCE_DIR": str(instance_dir), "TESTING": True,
                      "SECRET_KEY": "test-secret-key-not-for-production", "MEDIA_DIR": str(folder / "media"),
                      "OUTBOX_DIR": str(folder / "outbox"), "BASE_URL": "http://localhost", "SERVER_NAME": None})
    app.test_client_class = IsolatedClient
    with app.app_context():
        makers = Makers()
        app.shared_data = build(makers.user, makers.lecture, makers.programme)
        app.makers = makers
        yield app
    end_app(app)  # as make_app ends its apps
    gc.collect()  # any connection left open shows here, in this module's teardown, not in a later test
