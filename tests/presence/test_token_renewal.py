"""Renewing a viewing token (presence.renew_token): a page left open past its token's life, or beats a closed page
left unsent, get a token of the same viewing session from the token's own viewer, while they may still watch; the
session keeps its start, so its sequence numbers and ranges are checked as before. Everyone else is refused."""

import json
import time

import pytest
import sqlalchemy as sa
import time_machine

from lecturehall.core.db import db
from lecturehall.modules.lectures.models import ReplayVisibility, Visibility
from lecturehall.modules.presence.controllers_beats import BROWSER_COOKIE
from lecturehall.modules.presence.models import Beat
from lecturehall.modules.presence.tokens import read_token
from tests.presence.helpers import now_ms, replay_beat, send, token

HOUR = 3600


@pytest.fixture
def lecture(create_lecture):
    return create_lecture("Live-stream selling", visibility=Visibility.public,
                          replay_visibility=ReplayVisibility.public)


def renew(client, forms, viewing: str, *, csrf: bool = True):
    headers = {"X-CSRFToken": forms.token("/")} if csrf else {}
    return client.post("/presence/tokens/renew", data=json.dumps({"token": viewing}),
                       content_type="application/json", headers=headers)


def stored_seqs() -> list[tuple[str, int]]:
    return [tuple(row) for row in db.session.execute(sa.select(Beat.session_id, Beat.seq).order_by(Beat.seq))]


def test_an_expired_token_is_renewed_for_its_viewer_and_the_session_goes_on(client, forms, lecture, create_user,
                                                                          login):
    viewer = create_user()
    login(viewer)
    viewing = token(lecture, user=viewer, session_id="overnight-session", issued_ago=13 * HOUR)
    # what the page did before it sat open overnight, and a beat it queued just before the token ran out
    early = [replay_beat(1, 0, 14, t=now_ms() - 13 * HOUR * 1000 + 60_000),
             replay_beat(2, 14, 29, ev="pause", t=now_ms() - 12 * HOUR * 1000 - 60_000)]
    assert send(client, lecture.id, viewing, early).status_code == 401

    response = renew(client, forms, viewing)
    assert response.status_code == 200, response.get_json()
    renewed = response.get_json()["token"]
    new = read_token(renewed)
    assert (new.lecture_id, new.user_id, new.live, new.duration, new.session_id) == (
        lecture.id, viewer.id, False, 600.0, "overnight-session")
    assert new.issued_at == pytest.approx(time.time(), abs=5)
    assert new.started_at == pytest.approx(time.time() - 13 * HOUR, abs=5)

    # the same session: beats from before the renewal and far-on sequence numbers count from its start
    later = [replay_beat(2000, 29, 44, ev="play")]
    assert send(client, lecture.id, renewed, early).get_json() == {"stored": [1, 2]}
    assert send(client, lecture.id, renewed, later).get_json() == {"stored": [2000]}
    assert stored_seqs() == [("overnight-session", 1), ("overnight-session", 2), ("overnight-session", 2000)]
    # still bounded by the session's age: a sequence number 14 hours of beats ahead is from the future
    assert send(client, lecture.id, renewed, [replay_beat(14 * HOUR, 44, 45)]).status_code == 409


def test_an_anonymous_browser_renews_its_own_token_only(client, forms, lecture):
    viewing = token(lecture, browser="d" * 22, issued_ago=13 * HOUR)
    client.set_cookie(BROWSER_COOKIE, "c" * 22)
    response = renew(client, forms, viewing)
    assert response.status_code == 403 and response.get_json()["error"] == "other_viewer"
    client.set_cookie(BROWSER_COOKIE, "d" * 22)
    response = renew(client, forms, viewing)
    assert response.status_code == 200
    assert send(client, lecture.id, response.get_json()["token"], [replay_beat(1, 0, 10)]).status_code == 200


def test_nobody_else_renews_a_participants_token(client, forms, lecture, create_user, login):
    owner, other = create_user(), create_user()
    viewing = token(lecture, user=owner, issued_ago=13 * HOUR)
    signed_out = renew(client, forms, viewing)
    assert signed_out.status_code == 403 and signed_out.get_json()["error"] == "other_viewer"
    login(other)
    assert renew(client, forms, viewing).status_code == 403


def test_bad_old_and_unwatchable_tokens_are_not_renewed(app, client, forms, lecture, create_user, login,
                                                      create_lecture):
    viewer = create_user()
    login(viewer)
    too_old = token(lecture, user=viewer, issued_ago=8 * 24 * HOUR)
    response = renew(client, forms, too_old)
    assert response.status_code == 401 and response.get_json()["error"] == "token_too_old"
    good = token(lecture, user=viewer, issued_ago=13 * HOUR)
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    response = renew(client, forms, tampered)
    assert response.status_code == 401 and response.get_json()["error"] == "token_invalid"
    assert renew(client, forms, "not a token").status_code == 401
    bad_body = client.post("/presence/tokens/renew", data="[]", content_type="application/json",
                           headers={"X-CSRFToken": forms.token("/")})
    assert bad_body.status_code == 400
    # without the page's CSRF token: refused before anything is read
    assert renew(client, forms, good, csrf=False).status_code == 400

    # an anonymous viewer of a replay now kept for signed-in viewers; a lecture now shown to one country only
    anonymous = token(lecture, browser="e" * 22, issued_ago=13 * HOUR)
    lecture.replay_visibility = ReplayVisibility.registered
    restricted = create_lecture("Cross-border payments", visibility=Visibility.countries, countries=["KE"])
    db.session.commit()
    client.set_cookie(BROWSER_COOKIE, "e" * 22)
    forms.post("/logout", page="/")
    response = renew(client, forms, anonymous)
    assert response.status_code == 403 and response.get_json()["error"] == "not_allowed"
    login(viewer)
    response = renew(client, forms, token(restricted, user=viewer, live=True, issued_ago=13 * HOUR))
    assert response.status_code == 403 and response.get_json()["error"] == "not_allowed"


def test_a_renewed_token_expires_in_its_turn(client, forms, lecture, create_user, login):
    viewer = create_user()
    login(viewer)
    renewed = renew(client, forms, token(lecture, user=viewer, issued_ago=13 * HOUR)).get_json()["token"]
    with time_machine.travel(time.time() + 13 * HOUR):
        response = send(client, lecture.id, renewed, [replay_beat(1, 0, 10)])
    assert response.status_code == 401 and response.get_json()["error"] == "token_expired"
