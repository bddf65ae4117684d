"""The heartbeat endpoint: a beat is acknowledged once stored, stored once however often it is sent, and every bad
beat gets a clear status and is never stored. The endpoint reads nothing from the database."""

import json
import time

import pytest
import sqlalchemy as sa
import time_machine

from lecturehall.app import create_app
from lecturehall.core.db import db
from lecturehall.modules.lectures.models import Visibility
from lecturehall.modules.presence.controllers_beats import BROWSER_COOKIE
from lecturehall.modules.presence.models import Beat
from tests.presence.helpers import T0, live_beat, now_ms, raw_beat, replay_beat, send, store, token


def stored():
    return db.session.execute(sa.select(Beat).order_by(Beat.session_id, Beat.seq)).scalars().all()


@pytest.fixture
def lecture(create_lecture):
    return create_lecture("Live-stream selling", visibility=Visibility.public)


def test_a_replay_beat_is_acknowledged_once_stored_and_stored_once(client, lecture, create_user, login):
    viewer = create_user()
    login(viewer)
    viewing = token(lecture, user=viewer, duration=600)
    beats = [replay_beat(1, 0, 0, ev="play"), replay_beat(2, 0, 14.5)]
    response = send(client, lecture.id, viewing, beats)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"stored": [1, 2]}
    again = send(client, lecture.id, viewing, beats)  # a retry whose answer was lost
    assert again.status_code == 200 and again.get_json() == {"stored": [1, 2]}
    rows = stored()
    assert [(row.seq, row.pos_from, row.pos_to, row.user_id, row.live, row.device) for row in rows] == [
        (1, 0.0, 0.0, viewer.id, False, "desktop"), (2, 0.0, 14.5, viewer.id, False, "desktop")]


def test_a_live_beat_keeps_quality_audio_only_and_language(client, lecture, create_user):
    viewer = create_user()
    viewing = token(lecture, user=viewer, live=True)
    response = send(client, lecture.id, viewing, [live_beat(1, 0, ev="play", q="audio", lang="es")],
                    headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36"})
    assert response.status_code == 200
    row = stored()[0]
    assert (row.live, row.quality, row.audio_only, row.language, row.device) == (True, "audio", True, "es", "mobile")


def test_reordered_beats_are_all_stored(client, lecture):
    viewing = token(lecture)
    assert send(client, lecture.id, viewing, [replay_beat(3, 20, 30)]).status_code == 200
    assert send(client, lecture.id, viewing, [replay_beat(1, 0, 10), replay_beat(2, 10, 20)]).status_code == 200
    assert [row.seq for row in stored()] == [1, 2, 3]


def test_the_endpoint_reads_nothing_from_the_database(client, lecture, create_user, login):
    viewer = create_user()
    login(viewer)
    viewing = token(lecture, user=viewer)
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement.strip().split()[0].upper())

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert send(client, lecture.id, viewing, [replay_beat(1, 0, 5)]).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert "INSERT" in statements
    reads = [s for s in statements if s == "SELECT"]
    expected_reads = 1 if db.engine.dialect.name == "postgresql" else 0  # pg_advisory_xact_lock
    assert len(reads) == expected_reads, statements


CASES = [
    # (what, body change (made when the test runs: beats carry the time), status, error code)
    ("not JSON", lambda: {"raw": b"{nope"}, 400, "malformed"),
    ("not an object", lambda: {"raw": b"[1, 2]"}, 400, "malformed"),
    ("no beats", lambda: {"beats": []}, 400, "malformed"),
    ("seq not a number", lambda: {"beats": [{**replay_beat(1, 0, 1), "seq": "1"}]}, 400, "malformed"),
    ("seq zero", lambda: {"beats": [replay_beat(0, 0, 1)]}, 400, "malformed"),
    ("seq twice", lambda: {"beats": [replay_beat(1, 0, 1), replay_beat(1, 1, 2)]}, 400, "malformed"),
    ("unknown event", lambda: {"beats": [replay_beat(1, 0, 1, ev="dance")]}, 400, "malformed"),
    ("no range", lambda: {"beats": [{"seq": 1, "t": None, "ev": "beat"}]}, 400, "malformed"),
    ("garbage token", lambda: {"token": "not-a-token"}, 401, "token_invalid"),
    ("no token", lambda: {"token": None}, 401, "token_invalid"),
    ("sequence from the future", lambda: {"beats": [replay_beat(10_000, 0, 1)]}, 409, "seq_future"),
    ("range past the end", lambda: {"beats": [replay_beat(1, 590, 640)]}, 422, "range"),
    ("range backwards", lambda: {"beats": [replay_beat(1, 20, 10)]}, 422, "range"),
    ("negative position", lambda: {"beats": [replay_beat(1, -5, 3)]}, 422, "range"),
    ("longer than the session could play", lambda: {"fresh": True, "beats": [replay_beat(1, 0, 300)]}, 422, "range"),
    ("absurd speed", lambda: {"beats": [replay_beat(1, 0, 1, speed=16)]}, 422, "range"),
    ("absurd browser clock", lambda: {"sent": 1000.0}, 422, "clock"),
    ("beat taken before the page", lambda: {"beats": [replay_beat(1, 0, 1, t=1000.0)]}, 422, "clock"),
    ("beat from the future", lambda: {"beats": [replay_beat(1, 0, 1, t=now_ms() + 3_600_000)]}, 422, "clock"),
    ("too many beats", lambda: {"beats": [replay_beat(n, 0, 1) for n in range(1, 60)]}, 413, "too_many"),
    ("oversized body", lambda: {"raw": b"{" + b" " * 20_000 + b"}"}, 413, "too_large"),
]


@pytest.mark.parametrize("what, change, status, code", CASES, ids=[case[0] for case in CASES])
def test_bad_beats_get_a_clear_status_and_are_never_stored(client, lecture, what, change, status, code):
    change = change()
    body = {"token": token(lecture, duration=600, issued_ago=5 if change.pop("fresh", False) else 600),
            "sent": now_ms(), "beats": [replay_beat(1, 0, 1)]}
    raw = change.pop("raw", None)
    body.update(change)
    response = send(client, lecture.id, body["token"], body["beats"], sent=body["sent"],
                    raw=raw if raw is not None else json.dumps(body).encode())
    assert response.status_code == status, (what, response.get_json())
    assert response.get_json()["error"] == code
    assert stored() == []


def test_live_presence_longer_than_a_throttled_tab_can_report_is_refused(client, lecture):
    response = send(client, lecture.id, token(lecture, live=True), [live_beat(1, 600)])
    assert response.status_code == 422 and stored() == []


def test_an_expired_token_is_refused(client, lecture):
    viewing = token(lecture)
    with time_machine.travel(time.time() + 13 * 3600):
        response = send(client, lecture.id, viewing, [replay_beat(1, 0, 1)])
    assert response.status_code == 401 and response.get_json()["error"] == "token_expired"
    assert stored() == []


def test_a_token_works_for_its_own_lecture_only(client, lecture, create_lecture):
    other = create_lecture("Logistics and payments")
    response = send(client, other.id, token(lecture), [replay_beat(1, 0, 1)])
    assert response.status_code == 403 and response.get_json()["error"] == "other_lecture"
    assert stored() == []


def test_a_token_cannot_be_used_by_another_signed_in_user(client, lecture, create_user, login):
    owner, other = create_user(), create_user()
    login(other)
    response = send(client, lecture.id, token(lecture, user=owner), [replay_beat(1, 0, 1)])
    assert response.status_code == 403 and response.get_json()["error"] == "other_viewer"
    assert stored() == []


def test_a_token_of_an_anonymous_browser_cannot_be_used_by_another_browser(client, lecture):
    client.set_cookie(BROWSER_COOKIE, "c" * 22)
    response = send(client, lecture.id, token(lecture, browser="d" * 22), [replay_beat(1, 0, 1)])
    assert response.status_code == 403
    client.set_cookie(BROWSER_COOKIE, "d" * 22)
    assert send(client, lecture.id, token(lecture, browser="d" * 22), [replay_beat(1, 0, 1)]).status_code == 200


def test_a_tampered_token_is_refused(client, lecture, create_user):
    viewing = token(lecture, user=create_user())
    tampered = viewing[:-3] + ("AAA" if not viewing.endswith("AAA") else "BBB")
    assert send(client, lecture.id, tampered, [replay_beat(1, 0, 1)]).status_code == 401


def test_the_endpoint_is_rate_limited_per_session(make_app, create_lecture):
    app = make_app(PRESENCE_RATE_LIMIT="3 per minute")
    with app.app_context():
        lecture = create_lecture()
        first, second = token(lecture, session_id="a" * 22), token(lecture, session_id="b" * 22)
    client = app.test_client()
    with app.app_context():
        statuses = [send(client, lecture.id, first, [replay_beat(n, 0, 1)]).status_code for n in range(1, 6)]
        other = send(client, lecture.id, second, [replay_beat(1, 0, 1)]).status_code
    assert statuses == [200, 200, 200, 429, 429]
    assert other == 200  # another session is not held back


def test_beats_that_cannot_be_stored_get_503_for_the_client_to_retry(app, lecture, tmp_path):
    """The database cannot be reached (here: a file that cannot be opened): nothing is acknowledged."""
    broken = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", "TESTING": True,
                         "SECRET_KEY": app.config["SECRET_KEY"], "INSTANCE_DIR": str(tmp_path / "instance"),
                         "MEDIA_DIR": str(tmp_path / "media")})
    viewing = token(lecture)
    with broken.app_context():
        response = send(broken.test_client(), lecture.id, viewing, [replay_beat(1, 0, 1)])
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"] == "not_stored"


def test_the_same_beat_twice_in_one_group_commit_is_stored_once(app, lecture):
    """Two requests carrying the same beat (a retry racing its original) can land in one batch."""
    row = raw_beat(lecture, 1, T0, session="racing")
    store([row, dict(row), raw_beat(lecture, 2, T0, session="racing")])
    assert [(beat.session_id, beat.seq) for beat in stored()] == [("racing", 1), ("racing", 2)]
