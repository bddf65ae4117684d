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

import base64
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Flask, current_app
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm

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
    started_at: float  # epoch seconds: when the viewing session began (issued_at unless renewed)


class TokenInvalid(Exception):
    """Not a token of ours (bad signature, garbled), or expired (``expired`` is then True)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


class _KeyedSigner(TimestampSigner):
    """itsdangerous's timestamp signer, deriving each key once instead of on every check (a hash per beat)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._derived: dict = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self._derived.get(secret_key)
        if key is None:
            key = self._derived[secret_key] = super().derive_key(secret_key)
        return key


class KeyedLoads:
    """``serializer.loads(value, max_age=..., return_timestamp=True)`` with one signer whose keys are derived once
    (itsdangerous builds a signer and derives its key on every call), and a short way for a good value signed with
    the current key: one HMAC, two base64 decodes. Anything else (a bad signature, an old key, a bad or expired
    timestamp) goes through itsdangerous itself, so the exceptions are its own. For the viewing token and, in the
    heartbeat endpoint's lean path, Flask's session cookie."""

    def __init__(self, serializer: URLSafeTimedSerializer):
        if serializer.signer is not TimestampSigner or serializer.fallback_signers:
            raise ValueError("KeyedLoads takes a serializer with the default timestamp signer only")
        self.serializer = serializer
        self.signer = _KeyedSigner(serializer.secret_keys, salt=serializer.salt, **serializer.signer_kwargs)
        self.hmac = isinstance(self.signer.algorithm, HMACAlgorithm) and self.signer.sep == b"."

    def __call__(self, value: str, max_age: int):
        current = self._current(value, max_age) if self.hmac else None
        payload, issued = current or self.signer.unsign(value, max_age=max_age, return_timestamp=True)
        return self.serializer.load_payload(payload), issued

    def _current(self, value: str, max_age: int) -> tuple[bytes, datetime] | None:
        """The payload and signing time of a value signed with the current key, if it is good and not expired."""
        data = value.encode()
        signed, dot, signature = data.rpartition(b".")
        if not dot:
            return None
        try:
            mac = base64.urlsafe_b64decode(signature + b"=" * (-len(signature) % 4))
        except ValueError:
            return None
        expected = hmac.new(self.signer.derive_key(), signed, self.signer.algorithm.digest_method).digest()
        if not hmac.compare_digest(mac, expected):
            return None
        payload, dot, stamp = signed.rpartition(b".")
        if not dot:
            return None
        try:
            timestamp = int.from_bytes(base64.urlsafe_b64decode(stamp + b"=" * (-len(stamp) % 4)), "big")
        except ValueError:
            return None
        if not 0 <= int(time.time()) - timestamp <= max_age:
            return None
        return payload, datetime.fromtimestamp(timestamp, timezone.utc)


def _serializer(app: Flask | None = None) -> URLSafeTimedSerializer:
    app = app or current_app
    cached = app.extensions.get("lecturehall.presence.serializer")
    if cached is None:
        cached = app.extensions["lecturehall.presence.serializer"] = URLSafeTimedSerializer(
            app.config["SECRET_KEY"], salt=SALT)
    return cached


def _loads(app: Flask) -> KeyedLoads:
    cached = app.extensions.get("lecturehall.presence.token_loads")
    if cached is None:
        cached = app.extensions["lecturehall.presence.token_loads"] = KeyedLoads(_serializer(app))
    return cached


def new_session_id() -> str:
    return secrets.token_urlsafe(16)  # 22 characters


def make_token(lecture_id: int, *, live: bool, user_id: int | None, browser_id: str | None,
               duration: float = 0.0, session_id: str | None = None, started_at: float | None = None) -> str:
    """A new session's token; with ``session_id`` and ``started_at``, a renewed one of that session (renew)."""
    if (user_id is None) == (browser_id is None):
        raise ValueError("a viewing token names a user or an anonymous browser")
    session_id = session_id or new_session_id()
    payload = [lecture_id, 1 if live else 0, user_id or 0, browser_id or "", session_id, round(float(duration), 3)]
    if started_at is not None:
        payload.append(int(started_at))
    return _serializer().dumps(payload)


def _token(payload, issued: datetime) -> ViewingToken:
    try:
        lecture_id, live, user_id, browser_id, session_id, duration, *started = payload
        started_at = float(started[0]) if started else issued.timestamp()
    except (TypeError, ValueError, IndexError) as exc:
        raise TokenInvalid() from exc
    if len(started) > 1 or not started_at <= issued.timestamp():
        raise TokenInvalid()
    return ViewingToken(int(lecture_id), bool(live), int(user_id) or None, browser_id or None, str(session_id),
                        float(duration), issued.timestamp(), started_at)


def read_token(token: object) -> ViewingToken:
    return _read(token, "PRESENCE_TOKEN_MAX_AGE")


def _read(token: object, max_age_setting: str) -> ViewingToken:
    """The token, if good and signed at most the setting's seconds ago (else TokenInvalid, ``expired`` if older)."""
    if not isinstance(token, str) or not token or len(token) > 512:
        raise TokenInvalid()
    app = current_app._get_current_object()
    try:
        payload, issued = _loads(app)(token, max_age=app.config[max_age_setting])
    except SignatureExpired as exc:
        raise TokenInvalid(expired=True) from exc
    except BadData as exc:  # a bad signature or timestamp; a payload that is not ours
        raise TokenInvalid() from exc
    return _token(payload, issued)


def renew(token: object) -> tuple[ViewingToken, str]:
    """A token of the same viewing session, good for another PRESENCE_TOKEN_MAX_AGE: for a page left open past its
    token's life (or beats a closed page left unsent), whose player asks for one (presence.renew_token checks that
    the viewer asking is the token's). A token is renewed up to PRESENCE_TOKEN_RENEW_AGE after it was issued; the
    session keeps its id and start, so its sequence numbers and ranges go on being checked against that start."""
    old = _read(token, "PRESENCE_TOKEN_RENEW_AGE")
    return old, make_token(old.lecture_id, live=old.live, user_id=old.user_id, browser_id=old.browser_id,
                           duration=old.duration, session_id=old.session_id, started_at=old.started_at)
