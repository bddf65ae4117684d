"""Template globals and filters: localised country names, dates in the viewer's timezone."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import format_datetime

from lecturehall.core.i18n import country_name


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(country_name=country_name)
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""

    @app.context_processor
    def request_context() -> dict:
        return {"current_path": request.full_path.rstrip("?") if request else "/"}
