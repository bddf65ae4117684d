"""Replay URLs that cannot be guessed or passed on: every file of a replay is served under a signed token that
names the lecture, the replay version and the viewer, and expires. A token minted for a signed-in viewer works only
in that viewer's session."""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

TOKEN_AGE = 12 * 3600
# Tokens made within the same hour are the same for the same viewer and replay version, so the replay's URLs are too:
# a returning viewer's browser takes the poster and the segments (cached privately for a day) from its cache rather
# than fetching them again under new URLs. A token then stays valid for 11 to 12 hours.
TOKEN_WINDOW = 3600


class _WindowSigner(TimestampSigner):
    """Reads the clock in whole windows, when signing and when checking the age alike."""

    def get_timestamp(self) -> int:
        now = int(time.time())
        return now - now % TOKEN_WINDOW


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lecturehall.replay", signer=_WindowSigner)


def make_token(lecture_id: int, version: int, user_id: int | None) -> str:
    return _serializer().dumps([lecture_id, version, user_id or 0])


def read_token(token: str, lecture_id: int, version: int, user_id: int | None) -> bool:
    try:
        # Both ends of the age are floored to the window: this is a lifetime of TOKEN_AGE from the window's start.
        lecture, token_version, token_user = _serializer().loads(token, max_age=TOKEN_AGE - TOKEN_WINDOW)
    except (BadSignature, ValueError, TypeError):
        return False
    if lecture != lecture_id or token_version != version:
        return False
    return token_user == 0 or token_user == (user_id or 0)
