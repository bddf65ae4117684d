"""The browser cookie (``lh_viewer``): one random id per browser, HttpOnly, set the first time a page needs it.

Two parts of the app stand on it: the signed live and replay URLs are bound to it (live.signing; nginx's
secure_link reads the same cookie), and an anonymous viewer of a public lecture is counted by it (presence: the
viewing token's browser id). They must read one value: a first visit used to get two different cookies of this
name on one response, the browser kept the last, and the signed URL minted with the other was refused (403) —
anonymous viewers of a public live could not play it until they reloaded, and were counted as a new browser then.
"""

from __future__ import annotations

import re
import secrets

from flask import after_this_request, current_app, g, request

COOKIE_NAME = "lh_viewer"
# 16 to 32 URL-safe characters: what ``new_browser_id`` makes (24), within what presence stores (32)
_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def new_browser_id() -> str:
    return secrets.token_urlsafe(18)


def is_browser_id(value: str | None) -> bool:
    """Whether a cookie value is one this app could have made (else it makes a new one)."""
    return bool(_PATTERN.fullmatch(value or ""))


def browser_id() -> str:
    """This browser's id: its cookie's, or a new one set on this response — the same one for every caller during
    the request, so a response never carries two."""
    current = request.cookies.get(COOKIE_NAME, "")
    if is_browser_id(current):
        return current
    new = g.get("lh_new_browser_id")
    if new is not None:
        return new
    new = g.lh_new_browser_id = new_browser_id()

    @after_this_request
    def remember(response):
        response.set_cookie(COOKIE_NAME, new, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response

    return new
