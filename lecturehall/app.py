"""The application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from lecturehall import config as config_module
from lecturehall.core import auth, i18n, scheduler, security, storage
from lecturehall.core.db import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _blueprints():
    from lecturehall.modules.accounts.blueprint import bp as accounts
    from lecturehall.modules.calendars.blueprint import bp as calendars
    from lecturehall.modules.imports.blueprint import bp as imports
    from lecturehall.modules.jobs.blueprint import bp as jobs
    from lecturehall.modules.lectures.blueprint import bp as lectures
    from lecturehall.modules.media.blueprint import bp as media
    from lecturehall.modules.notifications.blueprint import bp as notifications
    from lecturehall.modules.programmes.blueprint import bp as programmes
    from lecturehall.modules.registrations.blueprint import bp as registrations
    from lecturehall.modules.site.blueprint import bp as site
    from lecturehall.modules.speakers.blueprint import bp as speakers
    from lecturehall.modules.users.blueprint import bp as users

    return [site, accounts, users, imports, lectures, notifications, registrations, jobs, calendars, programmes,
            speakers, media]


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    instance_path = os.environ.get("LECTUREHALL_INSTANCE_DIR") or str(PROJECT_ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.update(config_module.defaults(instance_path))
    app.config.update(
        TRANSLATIONS_DIR=str(PROJECT_ROOT / "translations"),
        LOGIN_RATE_LIMIT_IP="30 per minute",
        LOGIN_RATE_LIMIT_ACCOUNT="5 per minute",
        SIGNUP_RATE_LIMIT="10 per hour",
        RESET_RATE_LIMIT="5 per 15 minutes",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        # A mail whose sender died is sent again once its claim is this old (and only if never marked sent).
        MAIL_CLAIM_LEASE_SECONDS=300,
        # `lecturehall serve` runs the scheduler in its own process (the embedded default).
        EMBEDDED_SCHEDULER=True,
    )
    app.config.update(config_module.from_environment())
    app.config.update(config_override or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.load_or_create_secret_key(instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    app.config["PREFERRED_URL_SCHEME"] = "https" if app.config["BASE_URL"].startswith("https://") else "http"

    Path(instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.config["MEDIA_DIR"]).mkdir(parents=True, exist_ok=True)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s [%(name)s] %(message)s")
        logging.getLogger("alembic.runtime.migration").setLevel(logging.INFO)

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    scheduler.init_app(app)
    storage.init_app(app)
    _register_user_loader()

    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    _register_error_pages(app)
    _register_request_transaction(app)
    _register_template_helpers(app)
    from lecturehall.cli import register_commands

    register_commands(app)
    return app


def _register_user_loader() -> None:
    from lecturehall.modules.accounts.models import User

    @auth.login_manager.user_loader
    def load_user(user_id: str):
        try:
            user = db.session.get(User, int(user_id))
        except ValueError:
            return None
        return user if user is not None and user.is_active else None


def _register_error_pages(app: Flask) -> None:
    from lecturehall.modules.site.controllers import error_page

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, error_page)

    @app.errorhandler(401)
    def sign_in_first(error):
        return auth.login_manager.unauthorized()

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return error_page(error)
        app.logger.exception("unhandled error")
        return error_page(error)


def _register_request_transaction(app: Flask) -> None:
    """One place commits: at the end of a request that succeeded; anything else rolls back."""

    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response


def _register_template_helpers(app: Flask) -> None:
    from lecturehall.core import templating

    templating.init_app(app)
