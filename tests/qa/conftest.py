"""Q&A fixtures: a live lecture, people signed in each with their own browser (test client), and JSON calls as the
page's script makes them (CSRF token in the X-CSRFToken header)."""

from __future__ import annotations

import json
import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.registrations import operations as registrations
from tests.conftest import STRONG_PASSWORD, csrf_token_from


class Person:
    """A signed-in person with their own cookies, calling the Q&A endpoints as the page's script does."""

    def __init__(self, app, user):
        self.app, self.user, self.id = app, user, user.id
        self.client = app.test_client()
        if user is not None:
            token = csrf_token_from(self.client.get("/login").get_data(as_text=True))
            response = self.client.post("/login", data={"csrf_token": token, "email": user.email,
                                                        "password": STRONG_PASSWORD})
            assert response.status_code == 302, response.get_data(as_text=True)
        self.csrf = csrf_token_from(self.client.get("/").get_data(as_text=True))

    def post(self, url: str, body=None, *, csrf: bool = True):
        headers = {"Accept": "application/json"}
        if csrf:
            headers["X-CSRFToken"] = self.csrf
        return self.client.post(url, data=json.dumps(body if body is not None else {}),
                                content_type="application/json", headers=headers)

    def get(self, url: str, **headers):
        return self.client.get(url, headers={"Accept": "application/json", **headers})

    def ask(self, lecture, text="How are returns of goods bought online handled at customs?", anonymous=False):
        return self.post(f"/qa/lectures/{lecture.id}/questions", {"text": text, "anonymous": anonymous})

    def vote(self, question_id: int, up: bool = True):
        return self.post(f"/qa/questions/{question_id}/vote", {"up": up})

    def moderate(self, question_id: int, action: str, **extra):
        return self.post(f"/qa/questions/{question_id}/moderate", {"action": action, **extra})

    def me(self, lecture, **headers):
        return self.get(f"/qa/lectures/{lecture.id}/me", **headers)

    def page(self, lecture) -> str:
        return self.client.get(f"/lectures/{lecture.id}").get_data(as_text=True)

    def config(self, lecture) -> dict:
        match = re.search(r'<script type="application/json" class="qa-config">(.*?)</script>', self.page(lecture),
                          re.S)
        assert match, "no Q&A panel on the page"
        return json.loads(match.group(1))


@pytest.fixture
def live_lecture(create_lecture):
    """A lecture that is live now (an organiser took it live), in English."""

    def make(title="Cross-border e-commerce: customs and returns", **extra):
        lecture = create_lecture(title, **extra)
        assert lectures.set_status(lecture, LectureStatus.live, None)
        db.session.commit()
        return lecture

    return make


@pytest.fixture
def person(app, create_user):
    """A signed-in person; ``registered_for`` lectures get a place first."""

    def make(email=None, *, registered_for=(), role=Role.participant, **extra) -> Person:
        user = create_user(email, role=role, **extra)
        for lecture in registered_for:
            registrations.register(lecture.id, user)
        db.session.commit()
        return Person(app, user)

    return make


def feed_url(person: Person, lecture) -> str:
    return person.config(lecture)["feedUrl"]
