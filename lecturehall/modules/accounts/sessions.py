"""Who a request's session belongs to: Flask-Login loads the user through ``load_user`` (registered by the factory)."""

from __future__ import annotations

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User


def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except ValueError:
        return None
    return user if user is not None and user.is_active else None
