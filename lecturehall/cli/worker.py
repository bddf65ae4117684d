"""``lecturehall worker``: the scheduler (and, later, media jobs) as a process of its own."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from lecturehall.core.scheduler import get_scheduler


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
    click.echo(f"Worker {scheduler.identity} started; it runs jobs while it holds the scheduler lead.", err=True)
    try:
        while not stop.wait(1):
            pass
    finally:
        scheduler.shutdown()
        click.echo("Worker stopped.", err=True)
