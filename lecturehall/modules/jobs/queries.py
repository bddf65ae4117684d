"""Reads for the jobs page."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.job_runs import JobRun


def recent_runs(limit: int = 50, failed_only: bool = False) -> list[JobRun]:
    query = sa.select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)
    if failed_only:
        query = query.where(JobRun.succeeded.is_(False))
    return list(db.session.execute(query).scalars())
