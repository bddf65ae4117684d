"""``lecturehall live``: the production nginx configuration (RTMP ingest, statistics, signed live and replay files)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lecturehall.modules.live import NginxMissing, render_production
from lecturehall.modules.live.runtime import links_secret, live_settings


@click.group("live")
def live_group() -> None:
    """Live lectures: nginx with the RTMP module."""


@live_group.command("nginx-config")
@click.option("--listen", default="8080", show_default=True,
              help="Where the files server listens (behind the TLS proxy, which sends /live/ and /replay/ to it).")
@click.option("--server-name", default="_", show_default=True)
@click.option("--user", "nginx_user", default=None, help="The user nginx's workers run as (e.g. www-data).")
@with_appcontext
def nginx_config(listen: str, server_name: str, nginx_user: str | None) -> None:
    """Print nginx.conf for production: keep it private, it holds the link secret."""
    settings = live_settings()
    if nginx_user:
        settings = replace(settings, nginx_user=nginx_user)
    try:
        text = render_production(settings, link_secret=links_secret(), media_root=Path(current_app.config["MEDIA_DIR"]),
                                 server_listen=listen, server_name=server_name)
    except NginxMissing as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(text, nl=False)
