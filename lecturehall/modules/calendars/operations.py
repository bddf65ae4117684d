"""Writes for calendars: the secret of a user's personal feed. Flush only; the caller commits."""

from __future__ import annotations

import secrets

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User


def create_or_replace_feed_token(user: User) -> str:
    """A new secret for the feed URL; any earlier URL stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    return user.calendar_token


def revoke_feed_token(user: User) -> None:
    """No feed at all: the URL answers 404 until the user asks for a new one."""
    user.calendar_token = None
    db.session.flush()
