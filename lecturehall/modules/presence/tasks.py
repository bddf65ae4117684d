"""The worker's presence work: compacting heartbeats into the figures (every PRESENCE_COMPACT_SECONDS, and in the
sweep), judging a lecture's attendance again once its live time is known, and pruning old raw beats (daily)."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask

from lecturehall.core.db import db, utcnow
from lecturehall.core.job_runs import forget_runs
from lecturehall.core.scheduler import get_scheduler, task
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence import compaction, operations

COMPACT = "presence.compact"
PRUNE = "presence.prune"
JUDGE = "presence.judge_lecture"
COMPACT_JOB_ID = "presence-compact"
PRUNE_JOB_ID = "presence-prune"
BATCH = 5000


@task(COMPACT)
def compact_beats(budget_seconds: float = 4.0) -> int:
    """Folds beats in batches, each committed with its cursor, until caught up or out of time (the next run goes
    on). Returns how many beats were folded."""
    folded, started = 0, time.monotonic()
    while True:
        count = compaction.compact(BATCH)
        db.session.commit()
        folded += count
        if count < BATCH or time.monotonic() - started > budget_seconds:
            return folded


@task(PRUNE)
def prune_beats() -> None:
    """Old raw beats, and the record of compaction runs (one every few seconds) that succeeded over a day ago."""
    operations.prune_beats()
    forget_runs(COMPACT, utcnow() - timedelta(days=1))


@task(JUDGE)
def judge_lecture(lecture_id: int) -> None:
    compact_beats()
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is not None:
        operations.judge_lecture(lecture)


def ensure_jobs(app: Flask) -> None:
    """The recurring compaction and pruning jobs exist (the sweep calls this on the leading worker)."""
    scheduler = get_scheduler(app)
    if not scheduler.has_job(COMPACT_JOB_ID):
        scheduler.add_interval(COMPACT_JOB_ID, COMPACT, int(app.config["PRESENCE_COMPACT_SECONDS"]))
    if not scheduler.has_job(PRUNE_JOB_ID):
        scheduler.add_interval(PRUNE_JOB_ID, PRUNE, 24 * 3600)
