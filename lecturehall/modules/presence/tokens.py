"""The viewing token: what the page hands the player when it renders, and the heartbeat endpoint checks without a
database read. It is signed with the app's secret (HMAC, itsdangerous) and says which lecture, live or replay, who
watches (a participant's id, or an anonymous browser's id for a public lecture), the viewing session, and for a
replay the recording's length, so that ranges can be checked without asking the database.

The token is bound to the viewer: the endpoint refuses it when the request's own session cookie names another user,
or, for an anonymous viewer, when the browser's id cookie is another one. Both are read from signed cookies, with no
database read. A token alone (no session cookie: signed out in another tab meanwhile) still counts: it proves that
the page was served to that viewer less than PRESENCE_TOKEN_MAX_AGE ago, and a session id is good for one page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import Flask, current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "lecturehall.presence"


@dataclass(frozen=True)
class ViewingToken:
    lecture_id: int
    live: bool
    user_id: int | None
    browser_id: str | None
    session_id: str
    duration: float  # the recording's length in seconds; 0 for live
    issued_at: float  # epoch seconds


class TokenInvalid(Exception):
    """Not a token of ours (bad signature, garbled), or expired (``expired`` is then True)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(app: Flask | None = None) -> URLSafeTimedSerializer:
    app = app or current_app
    cached = app.extensions.get("lecturehall.presence.serializer")
    if cached is None:
        cached = app.extensions["lecturehall.presence.serializer"] = URLSafeTimedSerializer(
            app.config["SECRET_KEY"], salt=SALT)
    return cached


def new_session_id() -> str:
    return secrets.token_urlsafe(16)  # 22 characters


def make_token(lecture_id: int, *, live: bool, user_id: int | None, browser_id: str | None,
               duration: float = 0.0, session_id: str | None = None) -> str:
    if (user_id is None) == (browser_id is None):
        raise ValueError("a viewing token names a user or an anonymous browser")
    session_id = session_id or new_session_id()
    return _serializer().dumps([lecture_id, 1 if live else 0, user_id or 0, browser_id or "", session_id,
                                round(float(duration), 3)])


def read_token(token: object) -> ViewingToken:
    if not isinstance(token, str) or not token or len(token) > 512:
        raise TokenInvalid()
    try:
        payload, issued = _serializer().loads(token, max_age=current_app.config["PRESENCE_TOKEN_MAX_AGE"],
                                              return_timestamp=True)
    except SignatureExpired as exc:
        raise TokenInvalid(expired=True) from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    try:
        lecture_id, live, user_id, browser_id, session_id, duration = payload
    except (TypeError, ValueError) as exc:
        raise TokenInvalid() from exc
    return ViewingToken(int(lecture_id), bool(live), int(user_id) or None, browser_id or None, str(session_id),
                        float(duration), issued.timestamp())
