"""``lecturehall worker``: the scheduler (media jobs included) and the live pipelines as a process of its own."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.live.pipelines import LivePipelines


@click.command("worker")
@with_appcontext
def worker() -> None:
    """Run scheduled jobs. Start one or more; exactly one leads at a time, another takes over if it dies."""
    app = current_app._get_current_object()
    scheduler = get_scheduler(app)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    scheduler.run()
    pipelines = LivePipelines(app).start()
    click.echo(f"Worker {scheduler.identity} started; it runs jobs and the live pipelines while it holds the "
               "scheduler lead.", err=True)
    try:
        while not stop.wait(1):
            pass
    finally:
        pipelines.close()
        scheduler.shutdown()
        click.echo("Worker stopped.", err=True)
