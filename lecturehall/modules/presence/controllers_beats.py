"""The heartbeat endpoint. Lean on purpose: no database read, no user loading (current_user is never touched), the
viewing token checked by its signature; answers JSON with a status that says what was wrong:

400 malformed · 401 bad or expired token · 403 the token of another viewer or lecture · 409 sequence number from the
future · 413 body too large · 422 range or clock out of bounds · 429 too many requests for the session · 503 not
stored (retry) · 200 ``{"stored": [seq, ...]}`` once the beats are committed.

Exempt from CSRF: the token is the proof that the page was served to this viewer, and is bound to the session.

``renew_token`` gives a page left open past its token's life (or beats a closed page left unsent) a token of the
same viewing session, to the token's own viewer only (their session, or their browser's id cookie), while they may
still watch: 401 too old or not ours · 403 another viewer, or no longer allowed · 200 ``{"token": ...}``. It reads
the session like any page, and checks CSRF.

``answer`` holds the whole check, shared by this Flask route and by the lean WSGI path (fastpath.py) that serves
the same URL in production without Flask's request machinery; both answer the same for every beat.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from typing import Callable

from flask import current_app, jsonify, request, session
from limits import parse as parse_limit

from lecturehall.core import browser
from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, public
from lecturehall.core.db import db
from lecturehall.core.security import csrf, limiter, user_or_address
from lecturehall.modules.accounts.sessions import parse_session_id
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence import access, devices, geoip, ingest, tokens
from lecturehall.modules.presence.tokens import TokenInvalid, read_token
from lecturehall.modules.presence.writer import StoreFailed, get_writer

BROWSER_COOKIE = browser.COOKIE_NAME


def _refused(status: int, code: str, message: str) -> tuple[int, dict, dict]:
    return status, {"error": code, "message": message}, {}


def _body() -> bytes | None:
    """The raw body, or None when it is larger than PRESENCE_MAX_BODY_BYTES (read no further than that)."""
    limit = current_app.config["PRESENCE_MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        return None
    data = request.stream.read(limit + 1)
    return None if len(data) > limit else data


def _session_user_id() -> int | None:
    """The user the request's session cookie names (signed cookie, no database read), if any."""
    parsed = parse_session_id(session.get("_user_id"))
    return parsed[0] if parsed is not None else None


class _SessionWindows:
    """Per-session fixed windows kept in this process, for RATELIMIT_STORAGE_URI ``memory://``. The limits library's
    memory storage is per process too, but starts a timer thread every few hits to expire its counters: at thousands
    of beats a second that thread churn cost a fifth of a worker's time (bench/presence.py). A shared storage
    (redis) goes through Flask-Limiter's limiter, which then counts across processes."""

    def __init__(self, item):
        self.amount, self.seconds = item.amount, item.get_expiry()
        self.lock = threading.Lock()
        self.window, self.counts = 0, {}

    def hit(self, session_id: str) -> bool:
        window = int(time.monotonic() // self.seconds)
        with self.lock:
            if window != self.window:
                self.window, self.counts = window, {}
            count = self.counts.get(session_id, 0) + 1
            self.counts[session_id] = count
        return count <= self.amount


def _rate_limited(session_id: str) -> bool:
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return False
    checker = current_app.extensions.get("lecturehall.presence.rate")
    if checker is None:
        item = parse_limit(config["PRESENCE_RATE_LIMIT"])
        if config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
            checker = _SessionWindows(item).hit
        else:
            checker = functools.partial(limiter.limiter.hit, item, "presence-beats")
        current_app.extensions["lecturehall.presence.rate"] = checker
    return not checker(session_id)


@limiter.request_filter
def _not_for_app_wide_limits() -> bool:
    """The app-wide limits do not apply to heartbeats (the per-session one does, once the token is read); as a
    request filter this also spares every beat Flask-Limiter's evaluation of the app's limits."""
    return request.endpoint == "presence.beats"


def answer(raw: bytes | None, lecture_id: int, *, session_user_id: Callable[[], int | None],
           browser_cookie: str | None, user_agent: str | None, remote_addr: str | None) -> tuple[int, dict, dict]:
    """(status, JSON body, extra headers) for a heartbeat request, in an app context. ``raw`` is the body, or None
    when it was too large; ``session_user_id()`` reads the session cookie, only for a participant's token."""
    if raw is None:
        return _refused(413, "too_large", "the request is too large")
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return _refused(400, "malformed", "the body is not JSON")
    if not isinstance(body, dict):
        return _refused(400, "malformed", "the body must be a JSON object")
    try:
        token = read_token(body.get("token"))
    except TokenInvalid as invalid:
        return _refused(401, "token_expired" if invalid.expired else "token_invalid",
                        "the viewing token has expired; reload the page" if invalid.expired
                        else "the viewing token is not valid")
    if token.lecture_id != lecture_id:
        return _refused(403, "other_lecture", "the viewing token is for another lecture")
    if token.user_id is not None:
        signed_in = session_user_id()
        if signed_in is not None and signed_in != token.user_id:
            return _refused(403, "other_viewer", "the viewing token belongs to another viewer")
    elif browser_cookie is not None and browser_cookie != token.browser_id:
        return _refused(403, "other_viewer", "the viewing token belongs to another browser")
    if _rate_limited(token.session_id):
        return _refused(429, "rate_limited", "too many heartbeats for this session")
    app = current_app._get_current_object()
    config = app.config
    try:
        rows = ingest.parse(body, token, now=time.time(), beat_seconds=config["PRESENCE_BEAT_SECONDS"],
                            skew=config["PRESENCE_CLOCK_SKEW_SECONDS"])
    except ingest.BeatError as error:
        return _refused(error.status, error.code, error.message)
    device = devices.device_of(user_agent)
    country = geoip.country_of(remote_addr)
    for row in rows:
        row["device"] = device
        row["network_country"] = country
    try:
        get_writer(app).store(rows, config["PRESENCE_ACK_TIMEOUT"])
    except StoreFailed:
        status, payload, _headers = _refused(503, "not_stored", "the beats could not be stored; send them again")
        return status, payload, {"Retry-After": "5"}
    return 200, {"stored": [row["seq"] for row in rows]}, {}


@csrf.exempt
@public
def beats(lecture_id: int):
    status, payload, headers = answer(_body(), lecture_id, session_user_id=_session_user_id,
                                      browser_cookie=request.cookies.get(BROWSER_COOKIE),
                                      user_agent=request.headers.get("User-Agent"), remote_addr=request.remote_addr)
    return _json(status, payload, headers)


def _json(status: int, payload: dict, headers: dict | None = None):
    response = jsonify(payload)
    response.status_code = status
    response.headers.update(headers or {})
    return response


@json_endpoint
@public
@limiter.limit(lambda: current_app.config["PRESENCE_RENEW_RATE_LIMIT"], key_func=user_or_address)
def renew_token():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _json(400, {"error": "malformed", "message": "the body must be a JSON object"})
    try:
        old, token = tokens.renew(body.get("token"))
    except TokenInvalid as invalid:
        return _json(401, {"error": "token_too_old" if invalid.expired else "token_invalid",
                           "message": "the viewing token is too old to renew; reload the page" if invalid.expired
                           else "the viewing token is not valid"})
    viewer = current_viewer()
    if old.user_id is not None:
        if viewer is None or viewer.id != old.user_id:
            return _json(403, {"error": "other_viewer", "message": "the viewing token belongs to another viewer"})
    elif request.cookies.get(BROWSER_COOKIE) != old.browser_id:
        return _json(403, {"error": "other_viewer", "message": "the viewing token belongs to another browser"})
    lecture = db.session.get(Lecture, old.lecture_id)
    if lecture is None or not access.may_keep_watching(lecture, viewer, old.live):
        return _json(403, {"error": "not_allowed", "message": "this lecture can no longer be watched"})
    return _json(200, {"token": token})
