"""The reports' part of the worker's sweep (the hourly job that sends scheduled reports exists), and the reach,
replay and lecture replay summaries following the presence figures and the lectures they count for."""

from __future__ import annotations


from lecturehall.core.db import on_commit
from lecturehall.core.scheduler import sweep_due
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.presence import signals as presence_signals
from lecturehall.modules.reports import lecture_summary, reach_summary, replay_summary, tasks


@sweep_due.connect
def _ensure_send_job(app, **_kwargs) -> None:
    # Once the sweep's work is committed: the scheduler writes through its own connection (see presence).
    on_commit(lambda: tasks.ensure_jobs(app))


@presence_signals.activity_folded.connect
def _keep_summaries(_sender, people, replay_days=(), **_kwargs) -> None:
    reach_summary.sync(people)
    replay_summary.refresh_views(replay_days)
    lecture_summary.refresh({lecture_id for lecture_id, _day in replay_days})


# What the summaries count a lecture's activity by: whether it counts (its status), its programme, its start day.
SUMMARY_FIELDS = frozenset({"programme_id", "starts_at"})


@lecture_signals.lecture_changed.connect
def _lecture_summaries(lecture_id, changes=None, **_kwargs) -> None:
    """Its status (draft and cancelled lectures do not count), programme or start day may have changed. An edit
    of anything else (its title, its description, its speakers) leaves the summaries as they are: rewriting them
    takes seconds for a lecture watched on hundreds of days."""
    if changes is not None and not SUMMARY_FIELDS.intersection(changes):
        return
    reach_summary.refresh_lecture(lecture_id)
    replay_summary.refresh_lecture(lecture_id)
