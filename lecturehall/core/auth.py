"""Logins and access rules.

Every view declares who may see it (``public``, ``login_required`` or ``roles_required``); a hook checks that rule
before the view runs, and a view without a rule is refused, so a new route cannot be left open by mistake.
Ownership (this lecture, this country) is checked by the view itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from lecturehall.core.db import db

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class AccessRule:
    kind: str  # "public", "login" or "roles"
    roles: frozenset[str] = frozenset()

    def describe(self) -> str:
        return self.kind if self.kind != "roles" else "roles:" + ",".join(sorted(self.roles))


def _with_rule(rule: AccessRule) -> Callable[[F], F]:
    def mark(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    return _with_rule(AccessRule("public"))(view)


def login_required(view: F) -> F:
    return _with_rule(AccessRule("login"))(view)


def roles_required(*roles: str) -> Callable[[F], F]:
    return _with_rule(AccessRule("roles", frozenset(roles)))


def access_rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def enforce_access_rule():
    if request.endpoint is None:
        return None  # no route matched: the 404 handler answers
    rule = access_rule_for(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refusing", request.endpoint)
        abort(403)
    if rule.kind == "public":
        return None
    if not current_user.is_authenticated:
        abort(401)  # the 401 handler sends a person to the login page, and answers a script in JSON
    if rule.kind == "roles" and current_user.role.value not in rule.roles:
        abort(403)
    return None


def current_viewer():
    """The signed-in user, or None for an anonymous visitor (queries take None for "nobody")."""
    return current_user._get_current_object() if current_user.is_authenticated else None


M = TypeVar("M")


def managed_or_403(model: type[M], ident, may_manage: Callable[[M, object], bool]) -> M:
    """The ``model`` row with this id if the current user may manage it (``may_manage(row, user)``): 404 when
    there is no such row, 403 when it is someone else's. Every "manage this ..." page starts with it."""
    row = db.get_or_404(model, ident)
    if not may_manage(row, current_viewer()):
        abort(403)
    return row


def is_safe_redirect(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(ch) < 32 for ch in target)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    # Static files are served to everyone; Flask registers this endpoint itself.
    if "static" in app.view_functions:
        public(app.view_functions["static"])
    app.before_request(enforce_access_rule)
