"""``lecturehall serve``: the embedded server (waitress, a production-grade WSGI server)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import serve as waitress_serve

from lecturehall.core.scheduler import get_scheduler


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve Lecture Hall with waitress."""
    app = current_app._get_current_object()
    if app.config["EMBEDDED_SCHEDULER"]:
        get_scheduler(app).run()
        click.echo("The scheduler runs inside this process (reminders, status changes).")
    click.echo(f"Lecture Hall is running at http://{host}:{port}/  (Ctrl+C stops it)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="lecturehall")
