"""Writes of job runs (flush only; ``run_job`` commits)."""

from __future__ import annotations

from lecturehall.core.db import db, utcnow
from lecturehall.modules.jobs.models import JobRun

SWEEP_JOB_ID = "sweep"


def start_run(task: str, job_id: str, runner: str) -> int:
    run = JobRun(task=task, job_id=job_id[:191], runner=runner)
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
