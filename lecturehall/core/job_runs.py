"""The scheduler's own record of what it ran: one row per run of a job, with its failure if it failed. The jobs
module shows these to admins; ``run_job`` in scheduler.py writes them (flush only; ``run_job`` commits)."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class JobRun(db.Model):
    __tablename__ = "job_runs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    job_id: so.Mapped[str] = so.mapped_column(sa.String(191), index=True)
    task: so.Mapped[str] = so.mapped_column(sa.String(100))
    # What the task was given (ids, a kind of reminder), so that the jobs page can say what the run did.
    arguments: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    succeeded: so.Mapped[bool | None] = so.mapped_column()
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # host:pid of the process that ran it
    runner: so.Mapped[str] = so.mapped_column(sa.String(120), default="")


def start_run(task: str, job_id: str, runner: str, arguments: tuple = ()) -> int:
    run = JobRun(task=task, job_id=job_id[:191], runner=runner, arguments=_storable(arguments))
    db.session.add(run)
    db.session.flush()
    return run.id


def finish_run(run_id: int, error: str | None) -> None:
    run = db.session.get(JobRun, run_id)
    if run is None:
        return
    run.finished_at = utcnow()
    run.succeeded = error is None
    run.error = error
    db.session.flush()


def _storable(arguments: tuple) -> list | None:
    """The arguments as JSON can hold them (ids, short strings, lists of ids), or None."""
    try:
        json.dumps(list(arguments))
    except (TypeError, ValueError):
        return None
    return list(arguments)


def forget_runs(task: str, before: datetime) -> int:
    """Deletes the successful runs of ``task`` that started before ``before`` (for tasks that run every few
    seconds, whose every run would otherwise stay on record); failures stay. Flush only."""
    result = db.session.execute(sa.delete(JobRun).where(
        JobRun.task == task, JobRun.succeeded.is_(True), JobRun.started_at < before))
    db.session.flush()
    return result.rowcount or 0
