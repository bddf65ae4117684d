"""The scheduler: APScheduler 3 with its SQLAlchemy job store in the app's database, so jobs survive restarts.

Every process can *write* jobs (web processes keep a paused scheduler for that). Only one process at a time
*runs* them: the leader, chosen with a PostgreSQL advisory lock (or a file lock on SQLite). The lock belongs to a
database session, so when the leader dies its lock goes with it and a follower, which retries every
SCHEDULER_LEADER_POLL seconds, takes over.

Jobs name a task by string (``"notifications.send_reminders"``) and pass ids. The factory registers each module's
tasks (``register_tasks``); tasks run inside an app context, are recorded as job runs (with their errors), and are
safe to run twice. The recurring sweep sends ``sweep_due``: each module that can lose work in a crash connects its
catch-up to it, so the scheduler needs to know none of them.
"""

from __future__ import annotations

import fcntl
import inspect
import logging
import os
import socket
import sys
import threading
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING, SchedulerNotRunningError
from blinker import Namespace
from flask import Flask, current_app
from flask_babel import gettext as _

from lecturehall.core.db import db
from lecturehall.core.job_runs import finish_run, start_run

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
# The same table APScheduler's job store defines, declared here so migrations create it.
jobs_table = sa.Table(
    JOBS_TABLE,
    db.metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)

ADVISORY_LOCK_KEY = 0x4C4841  # "LHA": one scheduler leader per database

# The app whose context tasks run in, set by the process that runs jobs.
_runner_app: Flask | None = None
# The jobs running in this process, by thread id: what a stop that runs out of patience names.
_running: dict[int, str] = {}


SWEEP_JOB_ID = "sweep"
SWEEP_TASK = "scheduler.sweep"

_signals = Namespace()
sweep_due = _signals.signal("sweep-due", doc="""Sent by the recurring sweep, inside an app context, with the app as
sender. Receivers catch up on work whose one-off job was lost (a crash mid-run, a worker that was down); each flushes
or commits its own work, and the sweep commits at the end.""")


def task(name: str, describe: Callable[..., str] | None = None):
    """Marks a function as the task ``name``; the factory registers the module it lives in (register_tasks).
    ``describe`` takes the task's arguments and says, translated, what a job of it does and for what ("Reminder
    15 minutes before: “…” (lecture 6)"); it lives beside the task, which knows what its arguments mean."""

    def mark(function):
        function.task_name = name
        function.describe = describe
        return function

    return mark


def register_tasks(app: Flask, module) -> None:
    """Makes every @task function of ``module`` runnable by name in ``app``."""
    tasks = app.extensions["lecturehall.scheduler"].tasks
    for value in vars(module).values():
        name = getattr(value, "task_name", None) if inspect.isfunction(value) else None
        if name is not None:
            if name in tasks and tasks[name] is not value:
                raise RuntimeError(f"two tasks are named {name!r}")
            tasks[name] = value


def run_job(task_name: str, *args) -> None:
    """What every stored job calls: runs the task in an app context and records the run."""
    app = _runner_app
    if app is None:
        raise RuntimeError("no app is running jobs in this process")
    function = get_scheduler(app).tasks[task_name]
    _running[threading.get_ident()] = _job_id_hint(task_name, args)
    try:
        with app.app_context():
            run_id = start_run(task_name, _job_id_hint(task_name, args), runner=runner_identity(), arguments=args)
            db.session.commit()
            try:
                function(*args)
                db.session.commit()
            except Exception as exc:
                db.session.rollback()
                finish_run(run_id, error="".join(traceback.format_exception_only(type(exc), exc)).strip())
                db.session.commit()
                log.exception("job %s%r failed", task_name, args)
                raise
            finish_run(run_id, error=None)
            db.session.commit()
    finally:
        _running.pop(threading.get_ident(), None)


def running_jobs() -> dict[int, str]:
    """The jobs this process is running now (thread id -> task name and arguments)."""
    return dict(_running)


def runner_identity() -> str:
    """host:pid of this process, as job runs and transcoding jobs record who ran them."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _job_id_hint(task_name: str, args: tuple) -> str:
    return f"{task_name}:" + ":".join(str(a) for a in args)


def _describe_sweep() -> str:
    return _("Catch-up: restarts work whose job was lost (reminders, notices, status changes, transcoding)")


@task(SWEEP_TASK, describe=_describe_sweep)
def sweep() -> None:
    """The recurring catch-up: every module's receiver of ``sweep_due`` runs, then the work is committed."""
    sweep_due.send(current_app._get_current_object())
    db.session.commit()


class _PausableScheduler(BackgroundScheduler):
    """APScheduler 3 processes due jobs once more when a paused scheduler shuts down (its loop wakes with the
    state STOPPED, which is not PAUSED). A process that never led must never run a job, so only RUNNING runs."""

    def _process_jobs(self):
        if self.state != STATE_RUNNING:
            return None
        return super()._process_jobs()


def _stop_scheduler(scheduler: BackgroundScheduler) -> None:
    try:
        scheduler.shutdown(wait=True)
    except SchedulerNotRunningError:
        pass


class LeaderLock:
    """Who may run jobs: a PostgreSQL session advisory lock, or an exclusive file lock for SQLite."""

    def __init__(self, app: Flask):
        self.app = app
        self._connection: sa.Connection | None = None
        self._file = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._file is not None

    def try_acquire(self) -> bool:
        with self.app.app_context():
            engine = db.engine
        if engine.dialect.name == "postgresql":
            connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = connection.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}).scalar()
            if got:
                self._connection = connection
                return True
            connection.close()
            return False
        path = Path(self.app.instance_path) / "scheduler.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_held(self) -> bool:
        """False when the database session that holds the lock is gone (the lock went with it)."""
        if self._connection is not None:
            try:
                self._connection.execute(sa.text("SELECT 1"))
                return True
            except sa.exc.DBAPIError:
                self.release()
                return False
        return self._file is not None

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            except sa.exc.DBAPIError:
                pass
            try:
                self._connection.close()
            except sa.exc.DBAPIError:
                pass
            self._connection = None
        if self._file is not None:
            self._file.close()
            self._file = None


class Scheduler:
    """One per app. ``add``/``remove`` work in any process; ``run`` makes this process a leader candidate."""

    def __init__(self, app: Flask):
        self.app = app
        self._scheduler: BackgroundScheduler | None = None
        self._lock = threading.Lock()
        self._leader = LeaderLock(app)
        self._stop = threading.Event()
        self._election: threading.Thread | None = None
        self.identity = runner_identity()
        # Task name -> function, filled by register_tasks; the sweep is the scheduler's own.
        self.tasks: dict[str, Callable[..., Any]] = {SWEEP_TASK: sweep}

    # -- writing jobs ---------------------------------------------------------------------------------------
    def _ensure_started(self) -> BackgroundScheduler:
        with self._lock:
            if self._scheduler is None:
                with self.app.app_context():
                    engine = db.engine
                scheduler = _PausableScheduler(
                    jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
                    executors={"default": ThreadPoolExecutor(self.app.config["SCHEDULER_THREADS"])},
                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
                    timezone=timezone.utc,
                )
                # Paused: this process stores jobs; it processes them only once it leads.
                scheduler.start(paused=True)
                self._scheduler = scheduler
            return self._scheduler

    def add(self, job_id: str, task_name: str, run_at: datetime, *args) -> None:
        """A one-off job at ``run_at`` (replacing any job with this id); a time in the past runs at once."""
        scheduler = self._ensure_started()
        scheduler.add_job(run_job, trigger="date", run_date=run_at, args=(task_name, *args), id=job_id,
                          name=task_name, replace_existing=True)
        self.nudge()

    def add_interval(self, job_id: str, task_name: str, seconds: int) -> None:
        scheduler = self._ensure_started()
        scheduler.add_job(run_job, trigger="interval", seconds=seconds, args=(task_name,), id=job_id,
                          name=task_name, replace_existing=True)

    def has_job(self, job_id: str) -> bool:
        return self._ensure_started().get_job(job_id) is not None

    def remove(self, job_id: str) -> None:
        scheduler = self._ensure_started()
        try:
            scheduler.remove_job(job_id)
        except JobLookupError:
            pass

    def jobs(self) -> list:
        return self._ensure_started().get_jobs()

    def describe(self, task_name: str, arguments) -> str | None:
        """What a job of ``task_name`` with these arguments does, in the current language; None when the task has
        no description, or the arguments are not what it takes (a job stored by an older version), or its
        description cannot tell."""
        describe = getattr(self.tasks.get(task_name), "describe", None)
        if describe is None or arguments is None:
            return None
        try:
            inspect.signature(describe).bind(*arguments)
        except TypeError:
            return None
        return describe(*arguments)

    def describe_job(self, job) -> str | None:
        """The description of a stored APScheduler job (its args are the task's name, then the task's)."""
        task_name, *arguments = job.args
        return self.describe(task_name, arguments)

    def nudge(self) -> None:
        if self._scheduler is not None and self._leader.held:
            self._scheduler.wakeup()

    # -- running jobs ---------------------------------------------------------------------------------------
    @property
    def is_leader(self) -> bool:
        return self._leader.held

    def run(self) -> None:
        """Become a leader candidate: runs jobs while this process holds the leader lock."""
        global _runner_app
        _runner_app = self.app
        self._ensure_started()
        self._stop.clear()
        self._election = threading.Thread(target=self._elect, name="scheduler-election", daemon=True)
        self._election.start()

    def _elect(self) -> None:
        poll = float(self.app.config["SCHEDULER_LEADER_POLL"])
        while not self._stop.is_set():
            try:
                if not self._leader.held:
                    if self._leader.try_acquire():
                        log.warning("scheduler: %s leads; running jobs", self.identity)
                        self._on_leadership()
                elif not self._leader.still_held():
                    log.warning("scheduler: %s lost the lead; pausing", self.identity)
                    self._scheduler.pause()
                else:
                    # Jobs written by other processes: look at the store again.
                    self._scheduler.wakeup()
            except Exception:  # a database hiccup must not kill the election loop
                log.exception("scheduler election failed; retrying")
            self._stop.wait(poll)

    def _on_leadership(self) -> None:
        self.add_interval(SWEEP_JOB_ID, SWEEP_TASK, int(self.app.config["SCHEDULER_SWEEP_SECONDS"]))
        self._scheduler.resume()
        self._scheduler.wakeup()

    def shutdown(self, grace: float | None = None) -> list[str]:
        """Stop running and writing jobs. Running jobs get ``grace`` seconds (SCHEDULER_STOP_GRACE_SECONDS) to
        finish; the ones still running then are returned (and logged with where each one is), and their process
        should exit: every task is safe to run twice, so the next leader runs them again."""
        if grace is None:
            grace = float(self.app.config["SCHEDULER_STOP_GRACE_SECONDS"])
        self._stop.set()
        if self._election is not None:
            self._election.join(timeout=10)
        scheduler, self._scheduler = self._scheduler, None
        unfinished: list[str] = []
        if scheduler is not None:
            # APScheduler's shutdown waits for running jobs without a limit: it gets its own thread and the grace.
            stopper = threading.Thread(target=_stop_scheduler, args=(scheduler,), name="scheduler-stop", daemon=True)
            stopper.start()
            stopper.join(grace)
            if stopper.is_alive():
                frames = sys._current_frames()
                for ident, job in running_jobs().items():
                    unfinished.append(job)
                    where = "".join(traceback.format_stack(frames[ident])) if ident in frames else "(gone)\n"
                    log.warning("scheduler: job %s still running after %.0f s; it runs again on the next "
                                "leader. It was at:\n%s", job, grace, where)
                if not unfinished:
                    log.warning("scheduler: APScheduler did not stop within %.0f s", grace)
                    unfinished.append("(the scheduler itself)")
        self._leader.release()
        return unfinished


def get_scheduler(app: Flask | None = None) -> Scheduler:
    app = app or current_app._get_current_object()
    return app.extensions["lecturehall.scheduler"]


def init_app(app: Flask) -> None:
    app.extensions["lecturehall.scheduler"] = Scheduler(app)

