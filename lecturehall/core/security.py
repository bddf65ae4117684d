"""CSRF protection, rate limits, cookie flags and security headers."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)

# No inline script or style anywhere: every script and stylesheet is a file served by the app itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def user_or_address() -> str:
    """Throttles what a signed-in person does, from wherever; anyone else by their address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# Pages carry personal data and CSRF tokens: never cache them in a shared cache.
_NO_STORE = ("Cache-Control", "no-store")


def security_headers(*, secure: bool) -> list[tuple[str, str]]:
    """The headers every answer of the app's own (not a static file) carries: also for the heartbeat endpoint's
    lean WSGI path (presence.fastpath), which answers without a Flask response."""
    return [*_HEADERS, *((_HSTS,) if secure else ()), _NO_STORE]


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in _HEADERS:
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault(*_HSTS)
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers[_NO_STORE[0]] = _NO_STORE[1]
    return response


def init_app(app: Flask) -> None:
    secure = app.config["SECURE_COOKIES"]
    if secure is None:
        secure = app.config["BASE_URL"].startswith("https://")
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        RATELIMIT_STORAGE_URI=app.config["RATELIMIT_STORAGE_URI"],
        RATELIMIT_ENABLED=app.config["RATELIMIT_ENABLED"],
        WTF_CSRF_TIME_LIMIT=None,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    app.after_request(set_security_headers)
