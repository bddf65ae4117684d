"""URLs: absolute links for mail and calendars, and the numbers a URL may carry.

Ids are INTEGER columns (32 bits on PostgreSQL; BigInteger is used for sizes only), so an id in a path or a number in
a query string larger than that never reaches the database driver, which would refuse it with an error (a 500):
the ``int`` converter of every route stops at MAX_ID (a larger id matches no route: 404), and ``int_arg`` answers a
bad or too large number in a query string with a 400.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, request
from werkzeug.routing import IntegerConverter, Map

from lecturehall.core.db import MAX_INTEGER

MAX_ID = MAX_INTEGER


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>``, bounded by the database's integer range unless a rule asks for other bounds."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def int_arg(name: str, default: int | None = None) -> int | None:
    """The query-string argument ``name`` as a whole number from 1 to MAX_ID; ``default`` when it is absent; a 400
    for anything else (letters, zero, a sign, an empty value, a number too large for the database)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    # Digits only, and few enough of them, before int(): int() accepts "+1", " 1" and "1_0" and is slow on huge input.
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)) or not 1 <= int(raw) <= MAX_ID:
        abort(400)
    return int(raw)


def external_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
