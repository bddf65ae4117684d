"""The feed's address carries a token derived from the lecture and the secret key: everyone who was served the
lecture's page gets the same address (so a shared cache can answer them all), and nobody else can guess it. The
feed itself then needs no session, no user and no check of the lecture's audience."""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app


def feed_token(lecture_id: int) -> str:
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"qa-feed:{lecture_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def valid(lecture_id: int, token: str) -> bool:
    return hmac.compare_digest(feed_token(lecture_id), token or "")
