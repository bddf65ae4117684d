"""The heartbeat endpoint's lean WSGI path answers exactly as the Flask route does — status, JSON body and headers —
for every bad-beat case, for good beats, for the session and browser checks and the per-session rate limit; requests
it does not serve (another method, an id out of range) reach Flask unchanged."""

import json

import pytest
import sqlalchemy as sa

from lecturehall.app import create_app
from lecturehall.core.db import MAX_INTEGER, db
from lecturehall.modules.lectures.models import Visibility
from lecturehall.modules.presence.controllers_beats import BROWSER_COOKIE
from lecturehall.modules.presence.models import Beat
from tests.presence.helpers import now_ms, replay_beat, send, token
from tests.presence.test_beats_endpoint import CASES


@pytest.fixture
def lecture(create_lecture):
    return create_lecture("Cross-border e-commerce", visibility=Visibility.public)


def fastpath(app):
    return app.extensions["lecturehall.presence.fastpath"]


def both(app, request):
    """``request()`` answered by the lean path, then by the Flask route: (lean, flask) as comparable triples."""
    answers = []
    for enabled in (True, False):
        fastpath(app).enabled = enabled
        try:
            response = request()
        finally:
            fastpath(app).enabled = True
        answers.append((response.status_code, response.get_json(silent=True),
                        sorted((name, value) for name, value in response.headers.items())))
    return answers


def stored_count():
    return db.session.execute(sa.select(sa.func.count()).select_from(Beat)).scalar()


def test_the_lean_path_serves_the_beats_without_the_flask_route(app, client, lecture, monkeypatch):
    def never(**_kwargs):
        raise AssertionError("the Flask route was called")

    monkeypatch.setitem(app.view_functions, "presence.beats", never)
    response = send(client, lecture.id, token(lecture), [replay_beat(1, 0, 5)])
    assert response.status_code == 200 and response.get_json() == {"stored": [1]}
    assert stored_count() == 1


@pytest.mark.parametrize("what, change, status, code", CASES, ids=[case[0] for case in CASES])
def test_every_bad_beat_gets_the_same_answer_on_both_paths(app, client, lecture, what, change, status, code):
    change = change()
    body = {"token": token(lecture, duration=600, issued_ago=5 if change.pop("fresh", False) else 600),
            "sent": now_ms(), "beats": [replay_beat(1, 0, 1)]}
    raw = change.pop("raw", None)
    body.update(change)
    raw = raw if raw is not None else json.dumps(body).encode()
    lean, route = both(app, lambda: send(client, lecture.id, body["token"], body["beats"], raw=raw))
    assert lean == route
    assert lean[0] == status and lean[1]["error"] == code
    assert dict(lean[2])["Cache-Control"] == "no-store" and "Content-Security-Policy" in dict(lean[2])
    assert stored_count() == 0


def test_good_beats_get_the_same_answer_and_are_stored_once(app, client, lecture, create_user, login):
    viewer = create_user()
    login(viewer)
    viewing = token(lecture, user=viewer)
    beats = [replay_beat(1, 0, 0, ev="play"), replay_beat(2, 0, 14)]
    lean, route = both(app, lambda: send(client, lecture.id, viewing, beats))
    assert lean == route and lean[0] == 200 and lean[1] == {"stored": [1, 2]}
    assert "Set-Cookie" not in dict(lean[2])
    assert stored_count() == 2


@pytest.mark.parametrize("setup, status", [
    ("another signed-in user", 403),
    ("another browser", 403),
    ("a garbled session cookie", 200),
    ("no body", 400),
    ("an expired token", 401),
], ids=lambda value: str(value))
def test_viewer_checks_give_the_same_answer_on_both_paths(app, client, lecture, create_user, login, setup, status):
    owner = create_user()
    viewing = token(lecture, user=owner)
    body = None
    if setup == "another signed-in user":
        login(create_user())
    elif setup == "another browser":
        client.set_cookie(BROWSER_COOKIE, "c" * 22)
        viewing = token(lecture, browser="d" * 22)
    elif setup == "a garbled session cookie":
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], "eyJfdXNlcl9pZCI6IjE6eCJ9.garbled.signature")
    elif setup == "no body":
        body = b""
    elif setup == "an expired token":
        viewing = token(lecture, user=owner, issued_ago=app.config["PRESENCE_TOKEN_MAX_AGE"] + 60)
    lean, route = both(app, lambda: send(client, lecture.id, viewing, [replay_beat(1, 0, 1)], raw=body))
    assert lean == route and lean[0] == status, lean


def test_the_rate_limit_is_one_count_for_both_paths(make_app, create_lecture):
    app = make_app(PRESENCE_RATE_LIMIT="3 per minute")
    with app.app_context():
        lecture = create_lecture()
        viewing = token(lecture, session_id="r" * 22)
        client = app.test_client()
        answers = both(app, lambda: send(client, lecture.id, viewing, [replay_beat(1, 0, 1)]))
        answers += both(app, lambda: send(client, lecture.id, viewing, [replay_beat(2, 0, 1)]))
        assert [status for status, _json, _headers in answers] == [200, 200, 200, 429]
        assert answers[3][1]["error"] == "rate_limited"


def test_a_beat_that_cannot_be_stored_gets_the_same_503(app, lecture, tmp_path):
    broken = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", "TESTING": True,
                         "SECRET_KEY": app.config["SECRET_KEY"], "INSTANCE_DIR": str(tmp_path / "instance"),
                         "MEDIA_DIR": str(tmp_path / "media")})
    viewing = token(lecture)
    with broken.app_context():
        client = broken.test_client()
        lean, route = both(broken, lambda: send(client, lecture.id, viewing, [replay_beat(1, 0, 1)]))
    assert lean == route and lean[0] == 503 and ("Retry-After", "5") in lean[2]


@pytest.mark.parametrize("method, path", [
    ("GET", "/presence/lectures/{id}/beats"),
    ("POST", f"/presence/lectures/{MAX_INTEGER + 1}/beats"),
    ("POST", "/presence/lectures/0/beats"),
    ("POST", "/presence/lectures/{id}/beats/"),
])
def test_what_the_lean_path_does_not_serve_reaches_flask(app, client, lecture, method, path):
    url = path.format(id=lecture.id)
    lean, route = both(app, lambda: client.open(url, method=method, data=b"{}", content_type="application/json"))
    # Flask's error pages (their headers and length vary with the page's session), so status and kind of answer
    assert (lean[0], dict(lean[2]).get("Allow")) == (route[0], dict(route[2]).get("Allow"))
    assert lean[0] in (401, 404, 405, 308)  # id 0: the Flask route itself refuses the body (no token)
