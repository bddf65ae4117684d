"""Shared fixtures: an app on the test database (SQLite by default, PostgreSQL with LECTUREHALL_TEST_DATABASE_URL),
factories for users, a login helper, mail capture from the outbox, and a real SMTP server on loopback."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask.testing import FlaskClient

from lecturehall.app import create_app
from lecturehall.cli import cli
from lecturehall.core.db import db
from lecturehall.core.security import limiter
from lecturehall.modules.accounts import operations, passwords
from lecturehall.modules.accounts.models import Role, Sector, User

STRONG_PASSWORD = "correct horse battery staple 42"

pytest_plugins = ["tests.factories"]


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """The suite makes thousands of accounts and few tests are about passwords: Argon2id with its lightest cost
    (still real hashing and checking; a hash records its own cost, so any hash made otherwise still verifies) keeps
    it from spending minutes hashing."""
    real = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = real


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("LECTUREHALL_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


def drop_everything(engine: sa.Engine) -> None:
    """An empty database, whatever an earlier run or a migration test left in it."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)


@pytest.fixture(scope="session")
def _schema(database_url, instance_dir):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "INSTANCE_DIR": str(instance_dir)})
    with app.app_context():
        drop_everything(db.engine)
        db.create_all()
        db.engine.dispose()
    yield database_url


@pytest.fixture
def make_app(_schema, instance_dir, tmp_path):
    """Builds an app on the test database; keyword arguments override configuration."""
    apps = []

    def build(**overrides):
        config = {
            "DATABASE_URL": _schema,
            "INSTANCE_DIR": str(instance_dir),
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "MEDIA_DIR": str(tmp_path / "media"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
        config.update(overrides)
        app = create_app(config)
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        end_app(app)


def end_app(app) -> None:
    """How a test's app ends: its scheduler first, then its data, in a context of its own."""
    app.extensions["lecturehall.scheduler"].shutdown()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()
    limiter.reset()


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, as a server does: no ``g`` (current user, locale) or database
    session leaks from the test, or from one request into the next. Responses are read whole and closed."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


class CommandRunner:
    """Runs ``lecturehall`` commands against the test's app, as the console script would."""

    def __init__(self, app):
        self.runner = app.test_cli_runner()

    def invoke(self, args=None, **kwargs):
        return self.runner.invoke(cli, args, **kwargs)


@pytest.fixture
def runner(app):
    return CommandRunner(app)


@pytest.fixture
def create_user(app):
    """Makes a confirmed, active user (commits, as a request would)."""
    counter = iter(range(1, 10_000))

    def create(email: str | None = None, *, role: Role = Role.participant, country: str = "CL",
               password: str = STRONG_PASSWORD, language: str = "en", timezone: str = "America/Santiago",
               full_name: str | None = None, coordinator_country: str | None = None, confirmed: bool = True,
               sector: Sector = Sector.government, organisation: str = "Ministry of Trade") -> User:
        n = next(counter)
        data = operations.ProfileData(
            full_name=full_name or f"Test Person {n}", email=email or f"person{n}@example.org", country=country,
            organisation=organisation, sector=sector, language=language, timezone=timezone,
        )
        if role is Role.coordinator:
            coordinator_country = coordinator_country or country
        user = operations.create_user_by_admin(data, role, coordinator_country, password=password, invite=False)
        if not confirmed:
            user.email_confirmed_at = None
            user.created_by_admin = False
        db.session.commit()
        return user

    return create


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "the page has no CSRF token"
    return match.group(1)


class Forms:
    """Submits forms the way a browser does: load the page, take its CSRF token, post."""

    def __init__(self, client):
        self.client = client

    def token(self, page: str = "/") -> str:
        return csrf_token_from(self.client.get(page).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, page: str | None = None, **kwargs):
        payload = {"csrf_token": self.token(page or url), **(data or {})}
        return self.client.post(url, data=payload, **kwargs)


@pytest.fixture
def forms(client) -> Forms:
    return Forms(client)


@pytest.fixture
def login(forms):
    def do_login(user_or_email, password: str = STRONG_PASSWORD):
        address = user_or_email if isinstance(user_or_email, str) else user_or_email.email
        response = forms.post("/login", {"email": address, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


class Outbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        if not self.folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def last(self) -> email.message.EmailMessage:
        messages = self.messages()
        assert messages, "no mail was sent"
        return messages[-1]


def message_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def first_link(message) -> str:
    match = re.search(r"https?://\S+", message_text(message))
    assert match, "the mail holds no link"
    return match.group(0)


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.config["OUTBOX_DIR"]))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Envelope:
    """What an SMTP client said outside the message: who sends it, and the addresses it is delivered to."""

    mail_from: str
    rcpt_tos: tuple[str, ...]


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback that keeps what it receives: the messages (``received``) and, in the same
    order, their envelopes (``envelopes``)."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.received: list[email.message.EmailMessage] = []
            self.envelopes: list[Envelope] = []

        async def handle_DATA(self, server, session, envelope) -> str:
            self.envelopes.append(Envelope(envelope.mail_from, tuple(envelope.rcpt_tos)))
            self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 Message accepted"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


# -- The browser: one Chromium per test session (Playwright's sync API allows one), shared by every folder. -----

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def stop_worker(process, log_path: Path, timeout: float = 30) -> None:
    """SIGTERM a ``lecturehall worker`` and wait for it. One that does not stop in time is a failure: its log, with
    where each of its threads was (the worker prints that on SIGUSR1), goes into the message, and it is killed."""
    import signal
    import subprocess
    import time

    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
        return
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)
        time.sleep(1)
        process.kill()
        process.wait(10)
    pytest.fail(f"the worker did not stop within {timeout} s of SIGTERM; its log:\n{log_path.read_text()[-20000:]}")


@contextmanager
def served(wsgi_app, port: int, threads: int = 4):
    """``wsgi_app`` served by waitress in a thread on 127.0.0.1:``port`` for the ``with`` block.

    On the way out the request threads first finish what they are doing, then the server's own thread closes every
    socket and its loop ends. Closing them from this thread instead (``server.close()``) raced with both: a request
    thread still answering (a browser's last beat, a poll) wrote to the closed wake-up pipe, or the loop polled a
    closed socket, errors in threads that pytest reports against whichever test runs then."""
    from waitress.server import create_server

    server = create_server(wsgi_app, host="127.0.0.1", port=port, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.task_dispatcher.shutdown(timeout=30)
        server.trigger.pull_trigger(lambda: _close_all(server._map))  # runs in the server's thread
        thread.join(timeout=10)
        assert not thread.is_alive(), "waitress did not stop"


def _close_all(socket_map: dict) -> None:
    """Closes the server, its wake-up pipe and every connection as the connection itself does when its client goes
    (handle_close, which also closes what it was still sending: a file answered with wsgi.file_wrapper stays open
    after a plain close())."""
    from waitress.channel import HTTPChannel

    for dispatcher in list(socket_map.values()):
        if isinstance(dispatcher, HTTPChannel):
            dispatcher.handle_close()
        else:
            dispatcher.close()
    socket_map.clear()


@pytest.fixture
def live_server(make_app):
    """The app served by waitress in a thread, at ``app.live_url``."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = make_app(BASE_URL=base_url)
    app.live_url = base_url
    with served(app, port):
        yield app


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/setup.sh --tests (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Runs in every page before the page's own scripts (init scripts are not subject to the page's CSP). Violations
# are kept in the page (window.__cspViolations, for a test to look at) and handed to Python as they happen, so
# that none is lost when the page navigates away.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const violation = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber};
  window.__cspViolations.push(violation);
  if (window.__lhReportCspViolation) { window.__lhReportCspViolation(violation); }
});
"""


class BrowserProblems:
    """What the pages of a test's browser contexts logged as errors: console errors, uncaught exceptions and
    Content-Security-Policy violations. A test that causes some on purpose names them with
    ``@pytest.mark.expected_browser_errors("regex", ...)``; anything else fails the test at teardown."""

    def __init__(self, expected: tuple[str, ...] = ()):
        self.expected = [re.compile(pattern) for pattern in expected]
        self.seen: list[str] = []

    def watch(self, context) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda error: self._add(f"uncaught: {error.error}"))
        context.expose_binding("__lhReportCspViolation", lambda source, violation: self._add(
            f"CSP violation: {violation['directive']} blocked {violation['blocked'] or 'inline'} "
            f"in {violation['source'] or source['frame'].url}:{violation['line']}"))
        context.add_init_script(CSP_RECORDER)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        self._add(f"console error: {message.text} ({message.location.get('url', '')})")

    def _add(self, text: str) -> None:
        self.seen.append(text)

    def unexpected(self) -> list[str]:
        return [text for text in self.seen if not any(pattern.search(text) for pattern in self.expected)]


@pytest.fixture
def browser_problems(request) -> BrowserProblems:
    marker = request.node.get_closest_marker("expected_browser_errors")
    problems = BrowserProblems(marker.args if marker else ())
    yield problems
    unexpected = problems.unexpected()
    if unexpected:
        pytest.fail("the browser logged errors or CSP violations:\n  " + "\n  ".join(unexpected), pytrace=False)


@pytest.fixture
def new_context(chromium, browser_problems):
    """Opens browser contexts (keyword arguments as for ``browser.new_context``) whose pages are watched for
    console errors, uncaught exceptions and CSP violations; closes them at the end of the test."""
    contexts = []

    def open_context(**options):
        context = chromium.new_context(**options)
        browser_problems.watch(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context(locale="en-GB", timezone_id="America/Santiago").new_page()
