"""The engine's settings made from the app's configuration: the one place that reads ``LIVE_*`` settings for the
engine, so the web process (callbacks, signed URLs), ``lecturehall serve`` (nginx) and the worker (the supervisor)
agree on ports, folders and secrets."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app

from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.signing import link_secret

CALLBACK_PATH = "/internal/live"


def live_root(app: Flask | None = None) -> Path:
    config = (app or current_app).config
    return Path(config["LIVE_DIR"] or Path(config["MEDIA_DIR"]) / "live")


def live_settings(app: Flask | None = None) -> LiveSettings:
    app = app or current_app._get_current_object()
    config = app.config
    return LiveSettings(
        live_root=live_root(app),
        nginx_prefix=Path(config["LIVE_NGINX_PREFIX"]),
        callback_url=config["LIVE_CALLBACK_URL"] or config["BASE_URL"].rstrip("/") + CALLBACK_PATH,
        callback_secret=config["LIVE_CALLBACK_SECRET"],
        rtmp_listen=config["LIVE_RTMP_LISTEN"],
        http_listen=config["LIVE_HTTP_LISTEN"],
        grace_seconds=float(config["LIVE_GRACE_SECONDS"]),
    )


def ingest_url(app: Flask | None = None, *, interpreter: bool = False) -> str:
    """The RTMP address organisers paste into OBS / Zoom / Teams (the stream key goes separately)."""
    app = app or current_app._get_current_object()
    settings = live_settings(app)
    application = settings.interpreter_application if interpreter else settings.application
    configured = app.config["LIVE_INGEST_URL"]
    if configured:
        base = configured.rstrip("/")
        return base.rsplit("/", 1)[0] + f"/{application}" if interpreter else base
    host = urlsplit(app.config["BASE_URL"]).hostname or "127.0.0.1"
    return f"rtmp://{host}:{settings.rtmp_port}/{application}"


def links_secret(app: Flask | None = None) -> str:
    return link_secret((app or current_app).config["SECRET_KEY"])
