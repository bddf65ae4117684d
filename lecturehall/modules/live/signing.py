"""Signed, expiring, viewer-bound URL prefixes for live and replay files, checkable by Python (the embedded default,
where the app serves the files) and by nginx's secure_link module (production, where no Python runs per segment).

A playlist names its segments relatively, so the signature covers a *prefix*, not a file::

    /live/<expires>/<hash>/<lecture>/<any file under the lecture's live folder>
    /replay/<expires>/<hash>/<lecture>/<replay folder>/<any file of that replay>

``hash`` is nginx's secure_link_md5 format: MD5 (base64url, no padding) of
``<kind>|<expires>|<scope>|<viewer cookie>|<link secret>``, where the viewer cookie is a random value the app sets
once per browser (HttpOnly, ``lh_viewer``): a URL copied into another browser lacks the cookie and is refused, an
expired one is refused with 410 so the player's page can fetch a fresh one. MD5 is what secure_link offers; the
secret comes last (no length extension) and the link secret is derived from the app's secret key, so the
configuration nginx reads never holds the key that signs sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from enum import Enum

from lecturehall.core import browser

COOKIE_NAME = browser.COOKIE_NAME
KINDS = ("live", "replay")
_SCOPES = {"live": re.compile(r"^[0-9A-Za-z_]+$"), "replay": re.compile(r"^[0-9A-Za-z_]+/[A-Za-z0-9_.-]+$")}


class Verdict(Enum):
    OK = 200
    FORBIDDEN = 403  # wrong hash: tampered, another viewer's, or another lecture's
    EXPIRED = 410


def link_secret(app_secret: str | bytes) -> str:
    """The secret nginx and the app share for links (hex, safe inside nginx's quoted string)."""
    key = app_secret.encode() if isinstance(app_secret, str) else app_secret
    return hmac.new(key, b"lecturehall.live.link", hashlib.sha256).hexdigest()


def new_viewer_cookie() -> str:
    """A fresh value for the viewer cookie (core.browser sets it, HttpOnly, SameSite=Lax, Path=/)."""
    return browser.new_browser_id()


def is_viewer_cookie(value: str | None) -> bool:
    """Whether a cookie value is one new_viewer_cookie could have made (else the app makes a new one)."""
    return browser.is_browser_id(value)


def _digest(kind: str, expires: int, scope: str, viewer: str, secret: str) -> str:
    raw = hashlib.md5(f"{kind}|{expires}|{scope}|{viewer}|{secret}".encode(), usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _check(kind: str, scope: str, viewer: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if not _SCOPES[kind].fullmatch(scope):
        raise ValueError(f"not a {kind} scope: {scope!r}")
    if not browser.is_browser_id(viewer):
        raise ValueError("the viewer cookie is missing or malformed")


def mint(kind: str, scope: str, viewer: str, secret: str, *, ttl: int = 6 * 3600, now: float | None = None) -> str:
    """The signed prefix (``/live/1767225600/<hash>/42/``) for ``scope`` (a lecture id, or ``<lecture>/<replay
    folder>``), valid for ``ttl`` seconds, for the browser holding cookie value ``viewer``. Append the file name."""
    _check(kind, scope, viewer)
    expires = int((time.time() if now is None else now) + ttl)
    return f"/{kind}/{expires}/{_digest(kind, expires, scope, viewer, secret)}/{scope}/"


def verify(kind: str, expires: str | int, digest: str, scope: str, viewer: str | None, secret: str, *,
           now: float | None = None) -> Verdict:
    """What nginx's secure_link would decide for these URL parts and cookie: OK, FORBIDDEN or EXPIRED (as nginx,
    the hash is checked first, so a forged URL never learns whether it had expired)."""
    try:
        _check(kind, scope, viewer or "")
        expires = int(expires)
    except (ValueError, TypeError):
        return Verdict.FORBIDDEN
    if not hmac.compare_digest(str(digest), _digest(kind, expires, scope, viewer, secret)):
        return Verdict.FORBIDDEN
    # nginx: valid while expires >= now, in whole seconds
    return Verdict.OK if expires >= int(time.time() if now is None else now) else Verdict.EXPIRED


def split_path(path: str) -> tuple[str, str, str, str, str] | None:
    """(kind, expires, hash, scope, file) from a request path, or None when it is not a signed path."""
    match = re.fullmatch(r"/?(live|replay)/([0-9]+)/([A-Za-z0-9_-]{22})/(.+)", path)
    if not match:
        return None
    kind, expires, digest, rest = match.groups()
    parts = rest.split("/")
    depth = 1 if kind == "live" else 2
    if len(parts) <= depth or not all(parts):
        return None
    file = "/".join(parts[depth:])
    if ".." in parts[depth:] or file.startswith("."):
        return None
    return kind, expires, digest, "/".join(parts[:depth]), file


def nginx_md5_expression(kind: str, secret: str) -> str:
    """secure_link_md5's expression for ``kind``, over the variables the rendered location captures; must build
    exactly the string _digest hashes."""
    return f"{kind}|$lh_expires|$lh_scope|$cookie_{COOKIE_NAME}|{secret}"
