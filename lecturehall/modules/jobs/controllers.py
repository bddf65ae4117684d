"""The admin page of scheduled jobs and their last runs."""

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
    return render_template("jobs/list.html", jobs=jobs, runs=queries.recent_runs(failed_only=failed_only),
                           failed_only=failed_only)
