"""``lecturehall worker``: the scheduler (media jobs included) and the live pipelines as a process of its own."""

from __future__ import annotations

import faulthandler
import logging
import os
import signal
import sys
import time

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
    # A plain flag rather than a threading.Event: the handler runs in the main thread, and Event.set() there takes
    # the lock that Event.wait() in that same thread may be holding. time.sleep() wakes for a signal.
    stopping: list[int] = []
    # `kill -USR1 <pid>` prints where every thread is, to stderr: for a worker that seems stuck.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: stopping.append(signum))
    scheduler.run()
    pipelines = LivePipelines(app).start()
    click.echo(f"Worker {scheduler.identity} started; it runs jobs and the live pipelines while it holds the "
               "scheduler lead.", err=True)
    try:
        while not stopping:
            time.sleep(0.5)
    finally:
        pipelines.close()
        leave_if_unfinished(scheduler.shutdown(), "Worker stopped")
    click.echo("Worker stopped.", err=True)


def leave_if_unfinished(unfinished: list[str], stopped: str) -> None:
    """After the scheduler's shutdown: with jobs still running, end the process now. Their threads cannot be stopped
    from outside and the interpreter would wait for them at exit; leaving is what a killed worker does, which every
    task survives (the next leader runs them again)."""
    if not unfinished:
        return
    click.echo(f"{stopped}; {len(unfinished)} job(s) had not finished and run again on the next leader: "
               + ", ".join(unfinished), err=True)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
