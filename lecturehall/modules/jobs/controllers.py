"""The admin page of scheduled jobs and their last runs, each said in words: what it does, and for which lecture
(every task describes its own jobs; see core.scheduler.task)."""

from __future__ import annotations

from flask import render_template, request

from lecturehall.core.auth import roles_required
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.jobs import queries


@roles_required("admin")
def job_list():
    failed_only = request.args.get("failed") == "1"
    scheduler = get_scheduler()
    jobs = sorted(scheduler.jobs(), key=lambda job: (job.next_run_time is None, job.next_run_time))
    runs = queries.recent_runs(failed_only=failed_only)
    return render_template(
        "jobs/list.html", failed_only=failed_only,
        jobs=[(job, scheduler.describe_job(job)) for job in jobs],
        runs=[(run, scheduler.describe(run.task, run.arguments)) for run in runs],
    )
