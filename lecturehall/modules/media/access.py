"""Replay URLs that cannot be guessed or passed on: every file of a replay is served under a signed token that
names the lecture, the replay version and the viewer, and expires. A token minted for a signed-in viewer works only
in that viewer's session."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_AGE = 12 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lecturehall.replay")


def make_token(lecture_id: int, version: int, user_id: int | None) -> str:
    return _serializer().dumps([lecture_id, version, user_id or 0])


def read_token(token: str, lecture_id: int, version: int, user_id: int | None) -> bool:
    try:
        lecture, token_version, token_user = _serializer().loads(token, max_age=TOKEN_AGE)
    except (BadSignature, ValueError, TypeError):
        return False
    if lecture != lecture_id or token_version != version:
        return False
    return token_user == 0 or token_user == (user_id or 0)
