"""The lean WSGI path for ``POST /presence/lectures/<id>/beats``: thousands of beats a second go through it, so it
answers them before Flask's request machinery (URL matching, the request and session objects, the before- and
after-request hooks: access rules, CSRF, the app-wide rate limits, the request transaction — none of which applies
to this endpoint: it is public, exempt from CSRF and the app-wide limits, and reads no database).

It runs the same check as the Flask route (controllers_beats.answer, in an app context) and answers with the same
status, JSON body and headers (the security headers of core.security, ``Vary: Cookie``);
tests/presence/test_fastpath.py compares both for every case. Anything else — another method, another URL, an id
outside the database's range — goes on to Flask unchanged. It sits inside ProxyFix (the factory installs it
first), so the client address is the one the trusted proxies let through.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus

from flask import Flask
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie
from werkzeug.wsgi import get_content_length

from lecturehall.core.db import MAX_INTEGER
from lecturehall.core.security import security_headers
from lecturehall.modules.accounts.sessions import parse_session_id
from lecturehall.modules.presence.controllers_beats import BROWSER_COOKIE, answer
from lecturehall.modules.presence.tokens import KeyedLoads

_PATH = re.compile(r"/presence/lectures/([1-9][0-9]{0,9})/beats\Z")
_STATUS = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


class BeatsFastPath:
    def __init__(self, app: Flask, application):
        self.app = app
        self.application = application  # Flask's own wsgi_app: everything else, and the route itself in tests
        self._sessions = None
        self.enabled = True  # tests turn it off to compare with the Flask route

    def __call__(self, environ, start_response):
        if not self.enabled or environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        match = _PATH.match(environ.get("PATH_INFO", ""))
        if match is None or int(match.group(1)) > MAX_INTEGER:
            return self.application(environ, start_response)
        with self.app.app_context():
            return self._beats(int(match.group(1)), environ, start_response)

    def _beats(self, lecture_id: int, environ, start_response):
        app = self.app
        cookies = parse_cookie(environ)

        def session_user_id() -> int | None:
            return self._session_user_id(cookies.get(app.config["SESSION_COOKIE_NAME"]))

        status, payload, headers = answer(self._body(environ), lecture_id, session_user_id=session_user_id,
                                          browser_cookie=cookies.get(BROWSER_COOKIE),
                                          user_agent=environ.get("HTTP_USER_AGENT"),
                                          remote_addr=environ.get("REMOTE_ADDR"))
        body = self._json(payload)
        # Vary: Cookie as Flask's session machinery adds it (Flask-Login looks at the session after every request).
        items = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers.items(),
                 ("Vary", "Cookie")]
        items.extend(security_headers(secure=environ.get("wsgi.url_scheme") == "https"))
        start_response(_STATUS[status], items)
        return [body]

    def _json(self, payload: dict) -> bytes:
        """The bytes jsonify would send: Flask's JSON provider's settings, compact unless debugging, a newline."""
        provider = self.app.json
        compact = provider.compact if provider.compact is not None else not self.app.debug
        return (json.dumps(payload, ensure_ascii=provider.ensure_ascii, sort_keys=provider.sort_keys,
                           separators=(",", ":") if compact else None, indent=None if compact else 2)
                + "\n").encode()

    def _body(self, environ) -> bytes | None:
        """As the route's: None when larger than PRESENCE_MAX_BODY_BYTES; no length and no end of input: empty."""
        limit = self.app.config["PRESENCE_MAX_BODY_BYTES"]
        length = get_content_length(environ)  # werkzeug's reading: None when chunked or absent, 0 when garbled
        stream = environ["wsgi.input"]
        if length is not None:
            if length > limit:
                return None
            return stream.read(length) if length else b""
        if not environ.get("wsgi.input_terminated"):
            return b""  # werkzeug's safe fallback: no length, and the server does not end the stream
        data = stream.read(limit + 1)
        return None if len(data) > limit else data

    def _session_user_id(self, cookie: str | None) -> int | None:
        """Flask's session cookie read as Flask reads it (signed, expiring), without building a session."""
        if not cookie:
            return None
        if self._sessions is None:
            interface = self.app.session_interface
            self._sessions = (KeyedLoads(interface.get_signing_serializer(self.app)),
                              int(self.app.permanent_session_lifetime.total_seconds()))
        loads, max_age = self._sessions
        try:
            data, _issued = loads(cookie, max_age=max_age)
        except BadSignature:  # as Flask's session interface: a bad or expired cookie is no session
            return None
        parsed = parse_session_id(data.get("_user_id")) if isinstance(data, dict) else None
        return parsed[0] if parsed is not None else None


def init_app(app: Flask) -> None:
    """Called by the factory before any other WSGI middleware is added (ProxyFix, static files)."""
    app.wsgi_app = app.extensions["lecturehall.presence.fastpath"] = BeatsFastPath(app, app.wsgi_app)
