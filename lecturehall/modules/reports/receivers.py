"""The reports' part of the worker's sweep: the hourly job that sends scheduled reports exists."""

from __future__ import annotations


from lecturehall.core.db import on_commit
from lecturehall.core.scheduler import sweep_due
from lecturehall.modules.reports import tasks


@sweep_due.connect
def _ensure_send_job(app, **_kwargs) -> None:
    # Once the sweep's work is committed: the scheduler writes through its own connection (see presence).
    on_commit(lambda: tasks.ensure_jobs(app))


