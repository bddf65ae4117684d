"""The application factory: settings, extensions, and the explicit list of modules that make up the app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from lecturehall import config as config_module
from lecturehall.core import assets, auth, i18n, scheduler, security, storage, templating
from lecturehall.core.api import answers_json
from lecturehall.core.db import db
from lecturehall.core.urls import DatabaseIdConverter
from lecturehall.modules.accounts import blueprint as accounts, sessions, tasks as accounts_tasks
from lecturehall.modules.calendars import blueprint as calendars
from lecturehall.modules.certificates import blueprint as certificates, receivers as certificates_receivers
from lecturehall.modules.certificates import tasks as certificates_tasks
from lecturehall.modules.imports import blueprint as imports
from lecturehall.modules.jobs import blueprint as jobs
from lecturehall.modules.lectures import blueprint as lectures, receivers as lectures_receivers
from lecturehall.modules.lectures import tasks as lectures_tasks
from lecturehall.modules.live import blueprint as live, receivers as live_receivers, tasks as live_tasks
from lecturehall.modules.media import blueprint as media, receivers as media_receivers, tasks as media_tasks
from lecturehall.modules.notifications import blueprint as notifications, receivers as notifications_receivers
from lecturehall.modules.notifications import tasks as notifications_tasks
from lecturehall.modules.presence import blueprint as presence, receivers as presence_receivers
from lecturehall.modules.presence import fastpath as presence_fastpath, tasks as presence_tasks
from lecturehall.modules.programmes import blueprint as programmes
from lecturehall.modules.qa import blueprint as qa, receivers as qa_receivers
from lecturehall.modules.registrations import blueprint as registrations, receivers as registrations_receivers
from lecturehall.modules.reports import blueprint as reports, receivers as reports_receivers
from lecturehall.modules.reports import tasks as reports_tasks
from lecturehall.modules.site import blueprint as site
from lecturehall.modules.site.controllers import error_page
from lecturehall.modules.speakers import blueprint as speakers
from lecturehall.modules.users import blueprint as users

# What the app is made of is read here, nowhere else: the blueprints (every URL), the modules whose functions the
# scheduler runs, and the modules whose signal receivers react to other modules' events (connected on import).
BLUEPRINTS = (site, accounts, users, imports, programmes, speakers, lectures, registrations, notifications, calendars,
              media, presence, live, qa, certificates, reports, jobs)
TASK_MODULES = (accounts_tasks, lectures_tasks, notifications_tasks, media_tasks, presence_tasks, live_tasks,
                certificates_tasks, reports_tasks)
RECEIVER_MODULES = (lectures_receivers, registrations_receivers, notifications_receivers, media_receivers,
                    presence_receivers, live_receivers, qa_receivers, certificates_receivers, reports_receivers)


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    settings = config_module.load(config_override)
    instance_path = settings["INSTANCE_DIR"]
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    # Before any route is added: every <int:...> is then bounded by the database's integer range (404 beyond it).
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.update(settings)
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
    # The heartbeat endpoint's lean path sits innermost, inside ProxyFix, as Flask's own app would.
    presence_fastpath.init_app(app)
    _trust_proxies(app)

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    scheduler.init_app(app)
    storage.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    auth.login_manager.user_loader(sessions.load_user)
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    for module in TASK_MODULES:
        scheduler.register_tasks(app, module)
    _register_error_pages(app)
    _register_request_transaction(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind nginx, the client's address and scheme come from X-Forwarded-For/-Proto, but only as many hops as
    there are proxies we run: with 0 (the embedded default) a client cannot claim another address."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def _register_error_pages(app: Flask) -> None:
    """Friendly pages for every HTTP error. An unexpected exception becomes the 500 page in production (Flask logs
    it first); under TESTING Flask propagates it instead, so a crash fails its test rather than hiding behind a
    page."""
    @app.errorhandler(401)
    def sign_in_first(error):
        # A person is sent to the login page; a script calling a JSON endpoint gets a 401 it can act on.
        return error_page(error) if answers_json() else auth.login_manager.unauthorized()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_page(error)

    @app.errorhandler(500)
    def server_error(error):
        return error_page(error)


def _register_request_transaction(app: Flask) -> None:
    """One place commits: at the end of a request that succeeded; anything else rolls back."""

    @app.after_request
    def commit_or_roll_back(response):
        if not db.session.registry.has():
            return response  # the request never used the database (the heartbeat endpoint): nothing to end
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
