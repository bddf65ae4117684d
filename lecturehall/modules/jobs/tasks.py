"""The recurring sweep: catches up on work whose one-off job was lost (a crash mid-run, a worker that was down)."""

from __future__ import annotations

from lecturehall.core.db import db
from lecturehall.core.scheduler import task


@task("jobs.sweep")
def sweep() -> None:
    from lecturehall.modules.lectures.tasks import advance_statuses
    from lecturehall.modules.media.tasks import recover_jobs
    from lecturehall.modules.media.uploads import remove_stale_uploads
    from lecturehall.modules.notifications.tasks import send_due_mail

    advance_statuses()
    send_due_mail()
    recover_jobs()
    remove_stale_uploads()
    db.session.commit()
