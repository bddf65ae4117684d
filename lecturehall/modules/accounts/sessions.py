"""Who a request's session belongs to: Flask-Login loads the user through ``load_user`` (registered by the factory).

A session or remember cookie holds "<user id>:<session generation>" (User.get_id); it is honoured only while the
account is active and still in that generation, so ending the sessions (operations.end_sessions) refuses every
cookie handed out before, wherever it was copied to.
"""

from __future__ import annotations

import hmac

from lecturehall.core.db import MAX_INTEGER, db
from lecturehall.modules.accounts.models import User


def parse_session_id(session_id) -> tuple[int, str] | None:
    """(user id, session generation) from what a session or remember cookie carries, or None; reads no database
    (the heartbeat endpoint uses it to see whose session a request comes with)."""
    if not isinstance(session_id, str):
        return None
    user_id, _, nonce = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 10 and int(user_id) <= MAX_INTEGER) \
            or not nonce:
        return None
    return int(user_id), nonce


def load_user(session_id: str) -> User | None:
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, nonce = parsed
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_nonce is None:
        return None
    return user if hmac.compare_digest(user.session_nonce.encode(), nonce.encode()) else None
