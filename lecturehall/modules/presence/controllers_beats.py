"""The heartbeat endpoint. Lean on purpose: no database read, no user loading (current_user is never touched), the
viewing token checked by its signature; answers JSON with a status that says what was wrong:

400 malformed · 401 bad or expired token · 403 the token of another viewer or lecture · 409 sequence number from the
future · 413 body too large · 422 range or clock out of bounds · 429 too many requests for the session · 503 not
stored (retry) · 200 ``{"stored": [seq, ...]}`` once the beats are committed.

Exempt from CSRF: the token is the proof that the page was served to this viewer, and is bound to the session.
"""

from __future__ import annotations

import functools
import json
import threading
import time

from flask import current_app, jsonify, request, session
from limits import parse as parse_limit

from lecturehall.core.auth import public
from lecturehall.core.security import csrf, limiter
from lecturehall.modules.accounts.sessions import parse_session_id
from lecturehall.modules.presence import devices, geoip, ingest
from lecturehall.modules.presence.tokens import TokenInvalid, read_token
from lecturehall.modules.presence.writer import StoreFailed, get_writer

BROWSER_COOKIE = "lh_viewer"


def _refuse(status: int, code: str, message: str):
    response = jsonify(error=code, message=message)
    response.status_code = status
    return response


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


@csrf.exempt
@public
def beats(lecture_id: int):
    raw = _body()
    if raw is None:
        return _refuse(413, "too_large", "the request is too large")
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return _refuse(400, "malformed", "the body is not JSON")
    if not isinstance(body, dict):
        return _refuse(400, "malformed", "the body must be a JSON object")
    try:
        token = read_token(body.get("token"))
    except TokenInvalid as invalid:
        return _refuse(401, "token_expired" if invalid.expired else "token_invalid",
                       "the viewing token has expired; reload the page" if invalid.expired
                       else "the viewing token is not valid")
    if token.lecture_id != lecture_id:
        return _refuse(403, "other_lecture", "the viewing token is for another lecture")
    if token.user_id is not None:
        signed_in = _session_user_id()
        if signed_in is not None and signed_in != token.user_id:
            return _refuse(403, "other_viewer", "the viewing token belongs to another viewer")
    else:
        cookie = request.cookies.get(BROWSER_COOKIE)
        if cookie is not None and cookie != token.browser_id:
            return _refuse(403, "other_viewer", "the viewing token belongs to another browser")
    if _rate_limited(token.session_id):
        return _refuse(429, "rate_limited", "too many heartbeats for this session")
    config = current_app.config
    try:
        rows = ingest.parse(body, token, now=time.time(), beat_seconds=config["PRESENCE_BEAT_SECONDS"],
                            skew=config["PRESENCE_CLOCK_SKEW_SECONDS"])
    except ingest.BeatError as error:
        return _refuse(error.status, error.code, error.message)
    device = devices.device_of(request.headers.get("User-Agent"))
    country = geoip.country_of(request.remote_addr)
    for row in rows:
        row["device"] = device
        row["network_country"] = country
    try:
        get_writer(current_app._get_current_object()).store(rows, config["PRESENCE_ACK_TIMEOUT"])
    except StoreFailed:
        response = _refuse(503, "not_stored", "the beats could not be stored; send them again")
        response.headers["Retry-After"] = "5"
        return response
    return jsonify(stored=[row["seq"] for row in rows])
