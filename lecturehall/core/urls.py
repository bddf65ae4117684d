"""Absolute links for mail and calendars, built from BASE_URL so they are right outside a request too."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
