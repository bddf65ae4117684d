"""Template globals and filters: localised country and language names, dates in the viewer's timezone, and template
hooks (a page of one module showing parts that other modules contribute)."""

from __future__ import annotations

from datetime import timedelta

from blinker import Namespace
from flask import Flask, request
from flask_babel import format_timedelta
from markupsafe import Markup, escape

from lecturehall.core.i18n import (
    content_attributes,
    country_name,
    current_language,
    format_date_in_zone,
    format_in_zone,
    language_name,
    viewer_timezone,
)


def paragraphs(text: str) -> Markup:
    """Plain text with blank lines between paragraphs, as safe HTML."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    return Markup("".join(f"<p>{escape(block)}</p>".replace("\n", "<br>") for block in blocks))


_signals = Namespace()
template_hook_signal = _signals.signal("template-hook", doc="""Sent by ``{{ template_hook(name, **kwargs) }}`` in a
template, with the hook's name as sender and the template's keyword arguments. A receiver connected with
``connect_via(name)`` returns HTML to show there (Markup), a ``(position, Markup)`` pair to order it among the others
(default 50, lower first), or None for nothing. This is how a lower module's page shows what higher modules add
(the lecture page shows the registration box and the player) without importing them, as in Indico.""")


def template_hook(name: str, **kwargs) -> Markup:
    parts = []
    for index, (_receiver, value) in enumerate(template_hook_signal.send(name, **kwargs)):
        if value is None:
            continue
        position, html = value if isinstance(value, tuple) else (50, value)
        parts.append((position, index, Markup(html)))
    return Markup("\n").join(html for _position, _index, html in sorted(parts))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["template_hook"] = template_hook
    app.jinja_env.globals.update(country_name=country_name, language_name=language_name,
                                 content_attributes=content_attributes)
    # Times in the viewer's timezone and language ("Tue, 8 Dec 2026, 15:20 (UTC+8, Shanghai)"), or in a named zone
    # (the organiser's); `date` for a day alone.
    app.jinja_env.filters["datetime"] = (
        lambda value, with_zone=True: format_in_zone(value, viewer_timezone(), current_language(),
                                                     with_zone=with_zone) if value else "")
    app.jinja_env.filters["datetime_in"] = (
        lambda value, zone: format_in_zone(value, zone, current_language()) if value else "")
    app.jinja_env.filters["date"] = (
        lambda value: format_date_in_zone(value, viewer_timezone(), current_language()) if value else "")
    app.jinja_env.filters["duration_words"] = (
        lambda seconds: format_timedelta(timedelta(seconds=max(0, int(seconds))), threshold=1.1, add_direction=False))
    app.jinja_env.filters["paragraphs"] = paragraphs

    @app.context_processor
    def request_context() -> dict:
        return {
            "current_path": request.full_path.rstrip("?") if request else "/",
            "endpoints": app.view_functions,
        }
