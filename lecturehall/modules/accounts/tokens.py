"""Signed links for email confirmation and password reset.

A link expires after TOKEN_MAX_AGE and works once: it carries a fingerprint of the state it changes (the
confirmation date, the password hash), so after use the fingerprint no longer matches.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"


class TokenError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired", "invalid" or "used"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"lecturehall.{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    if purpose == CONFIRM_EMAIL:
        state = f"{user.email}|{user.email_confirmed_at is not None}"
    else:
        state = f"{user.email}|{user.password_hash or ''}|{user.active}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"user": user.id, "state": _fingerprint(user, purpose)})


def read_token(token: str, purpose: str) -> User:
    try:
        payload = _serializer(purpose).loads(token, max_age=current_app.config["TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise TokenError("expired") from exc
    except BadSignature as exc:
        raise TokenError("invalid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise TokenError("invalid")
    user = db.session.get(User, payload["user"])
    if user is None or not user.is_active:
        raise TokenError("invalid")
    if payload.get("state") != _fingerprint(user, purpose):
        raise TokenError("used")
    return user
