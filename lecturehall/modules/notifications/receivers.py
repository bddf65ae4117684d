"""What the notifications module does when lectures and registrations change: notices to participants, reminders
kept in step with the lecture, confirmation mails, and the sweep's catch-up of mail that a crash left unsent."""

from __future__ import annotations

from lecturehall.core.db import on_commit
from lecturehall.core.scheduler import sweep_due
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.notifications import jobs, operations, tasks
from lecturehall.modules.registrations import signals as registration_signals


@lecture_signals.lecture_rescheduled.connect
def _rescheduled(lecture, previous_starts_at, **_kwargs) -> None:
    operations.lecture_rescheduled(lecture, previous_starts_at)


@lecture_signals.lecture_cancelled.connect
def _cancelled(lecture, **_kwargs) -> None:
    operations.lecture_cancelled(lecture)


@lecture_signals.lecture_changed.connect
def _keep_jobs_in_step(lecture_id, app, **_kwargs) -> None:
    on_commit(lambda: jobs.sync_mail_jobs(app, lecture_id))


@registration_signals.registration_placed.connect
def _placed(registration, lecture, user, waitlisted, **_kwargs) -> None:
    operations.send_single_on_commit("waitlisted" if waitlisted else "registered", user, lecture)


@registration_signals.registration_promoted.connect
def _promoted(registration, lecture, user, **_kwargs) -> None:
    operations.send_single_on_commit("promoted", user, lecture)


@sweep_due.connect
def _catch_up(_app, **_kwargs) -> None:
    tasks.send_due_mail()
