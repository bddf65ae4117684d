"""``lecturehall serve``: the embedded server (waitress, a production-grade WSGI server), with the embedded nginx
for live pushes and, with the embedded scheduler, the live pipelines."""

from __future__ import annotations

import signal
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import serve as waitress_serve

from lecturehall.cli.worker import leave_if_unfinished
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.live import NginxMissing, NginxServer
from lecturehall.modules.live.nginx import NginxFailed
from lecturehall.modules.live.pipelines import LivePipelines
from lecturehall.modules.live.runtime import ingest_url, live_settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve Lecture Hall with waitress."""
    app = current_app._get_current_object()
    nginx = pipelines = None
    if app.config["LIVE_EMBEDDED_NGINX"]:
        settings = live_settings(app)
        nginx = NginxServer(settings)
        try:
            nginx.start()
            click.echo(f"Live ingest: nginx (RTMP module) runs as a child of this process, configuration in "
                       f"{nginx.conf_path}; encoders push to {ingest_url(app)}/<stream key>.")
        except (NginxMissing, NginxFailed) as exc:
            nginx = None
            click.echo(f"Live ingest is off: {exc}", err=True)
    if app.config["EMBEDDED_SCHEDULER"]:
        get_scheduler(app).run()
        pipelines = LivePipelines(app).start()
        click.echo("The scheduler runs inside this process (reminders, status changes, live pipelines).")
    click.echo(f"Lecture Hall is running at http://{host}:{port}/  (Ctrl+C stops it)")
    # SIGTERM (systemd, docker stop) stops as Ctrl+C does: packagers close their last segment, nginx stops
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="lecturehall")
    finally:
        if pipelines is not None:
            pipelines.close()
        if nginx is not None:
            nginx.stop()
        if app.config["EMBEDDED_SCHEDULER"]:
            leave_if_unfinished(get_scheduler(app).shutdown(), "Lecture Hall stopped")
