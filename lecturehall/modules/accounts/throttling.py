"""Throttling password guesses without handing anyone a way to lock the owner out.

Three limits guard the login form (their values are settings):

* LOGIN_RATE_LIMIT_IP: every attempt from one client address, whichever account it names. It is counted before the
  password is checked, so parallel requests cannot slip past it, and it bounds the two below from one address.
* LOGIN_RATE_LIMIT_ACCOUNT_ADDRESS: failed attempts for one account from one address (Flask-Limiter's
  ``deduct_when``: checked before, counted only when the password was wrong). A guesser is stopped; the owner, at
  their own address, is not held up by what someone else did elsewhere.
* LOGIN_RATE_LIMIT_ACCOUNT: attempts for one account from all addresses together, the cap a guesser spreading over
  many addresses reaches. A browser that has logged in to the account before carries a signed "known device" cookie
  for it and is not held to that cap, so the owner's usual browsers still get in while it is reached.

The password checks on the profile (changing the password, deleting the account) count their failures per account and
address as well. The client's address is ``request.remote_addr``: ProxyFix (TRUSTED_PROXIES) makes it the client's
behind our own proxies.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from lecturehall.core.security import limiter

KNOWN_DEVICE_COOKIE = "lh_known_device"
KNOWN_DEVICE_DAYS = 365
KNOWN_ACCOUNTS_PER_DEVICE = 5  # a shared computer keeps the last few accounts that logged in on it


def _account() -> str:
    """The account an attempt is about: the signed-in user's, else the address typed into the login form."""
    if current_user.is_authenticated:
        return current_user.email or ""
    return (request.form.get("email") or "").strip().lower()


def account_key() -> str:
    return f"account:{_account()}"


def account_address_key() -> str:
    return f"account:{_account()}|ip:{get_remote_address()}"


def count_failure() -> None:
    """Marks this request's password check as failed (the failure limits count it when the response goes out)."""
    g.password_check_failed = True


def failed(_response: Response) -> bool:
    return g.get("password_check_failed", False)


def _limit(name: str):
    return lambda: current_app.config[name]


# -- the browsers an account has logged in on --------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lecturehall.known-device")


def _fingerprint(email: str) -> str:
    # The cookie's content can be read (only not forged): it names accounts by a digest, not by their address.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


def _known_accounts() -> list[str]:
    cookie = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not cookie:
        return []
    try:
        accounts = _serializer().loads(cookie, max_age=KNOWN_DEVICE_DAYS * 86400)
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def known_device() -> bool:
    """Whether this browser logged in to the account the login form names before."""
    email = request.form.get("email") or ""
    return bool(email) and _fingerprint(email) in _known_accounts()


def remember_device(response: Response, email: str) -> None:
    """After a successful login: this browser is known for this account from now on."""
    accounts = [_fingerprint(email)] + [a for a in _known_accounts() if a != _fingerprint(email)]
    response.set_cookie(KNOWN_DEVICE_COOKIE, _serializer().dumps(accounts[:KNOWN_ACCOUNTS_PER_DEVICE]),
                        max_age=KNOWN_DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])


# -- the limits ---------------------------------------------------------------------------------------------------

def login_limits(view):
    """The three limits of the login form (see the module's docstring)."""
    view = limiter.limit(_limit("LOGIN_RATE_LIMIT_ACCOUNT"), methods=["POST"], key_func=account_key,
                         exempt_when=known_device)(view)
    view = limiter.limit(_limit("LOGIN_RATE_LIMIT_ACCOUNT_ADDRESS"), methods=["POST"],
                         key_func=account_address_key, deduct_when=failed)(view)
    return limiter.limit(_limit("LOGIN_RATE_LIMIT_IP"), methods=["POST"])(view)


def password_check_limit(view):
    """Failed password checks for the signed-in account from one address (profile forms that ask for it)."""
    return limiter.limit(_limit("LOGIN_RATE_LIMIT_ACCOUNT_ADDRESS"), methods=["POST"],
                         key_func=account_address_key, deduct_when=failed)(view)
