"""How presence takes part in the rest of the app: the lecture's live stretches follow its status, a lecture anyone
attended or watched is kept for the reports, the player gets its viewing token, "my lectures" and the data download
show the participant's own figures, organisers find the live panel and the attendance rule, and the sweep keeps the
compaction going."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from lecturehall.core import browser
from lecturehall.core.auth import current_viewer
from lecturehall.core.db import on_commit, utcnow
from lecturehall.core.scheduler import get_scheduler, sweep_due
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.accounts import signals as account_signals
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.media import signals as media_signals
from lecturehall.modules.presence import access, operations, queries, rules, tasks
from lecturehall.modules.presence.tokens import make_token
from lecturehall.modules.registrations import signals as registration_signals


@lecture_signals.participation_check.connect
def _took_part(lecture_id, **_kwargs) -> bool:
    return queries.has_participation(lecture_id)


@lecture_signals.lecture_deleting.connect
def _delete_presence(lecture, **_kwargs) -> None:
    operations.delete_lecture_presence(lecture.id)


@lecture_signals.status_changed.connect
def _live_stretch(lecture, previous, by_clock=False, **_kwargs) -> None:
    """The clock moves a lecture at its scheduled start and end (the times it stands for, even when the worker got
    there late); an organiser's change happens now."""
    if lecture.status is LectureStatus.live:
        operations.lecture_went_live(lecture.id, lecture.starts_at if by_clock else utcnow())
    elif previous is LectureStatus.live:
        operations.lecture_stopped_live(lecture.id, lecture.ends_at if by_clock else utcnow())
        app, lecture_id = current_app._get_current_object(), lecture.id
        on_commit(lambda: get_scheduler(app).add(f"presence-judge-{lecture_id}", tasks.JUDGE, utcnow(), lecture_id))


@sweep_due.connect
def _catch_up(app, **_kwargs) -> None:
    """Compaction catches up (committing batch by batch); the recurring jobs are checked once the sweep's work is
    committed: the scheduler writes through a connection of its own, which SQLite makes wait for ours."""
    tasks.compact_beats()
    on_commit(lambda: tasks.ensure_jobs(app))


@media_signals.player_attributes.connect
def _heartbeat_attributes(lecture, viewer=None, mode="replay", duration=0.0, **_kwargs) -> dict:
    user_id = viewer.id if viewer is not None else None
    token = make_token(lecture.id, live=mode == "live", user_id=user_id,
                       browser_id=None if user_id is not None else browser.browser_id(), duration=duration)
    return {"beat-url": url_for("presence.beats", lecture_id=lecture.id), "beat-token": token,
            "beat-renew-url": url_for("presence.renew_token"), "beat-csrf": generate_csrf(),
            "beat-interval": str(current_app.config["PRESENCE_BEAT_SECONDS"])}


@registration_signals.lectures_attended.connect
def _attended(user_id, **_kwargs) -> set[int]:
    return queries.attended_lecture_ids(user_id)


@account_signals.personal_data_requested.connect
def _personal_data(user, **_kwargs):
    return "presence", queries.personal_data(user.id)


@template_hook_signal.connect_via("my-lectures")
def _my_history(_hook, user, **_kwargs):
    return Markup(render_template("presence/_my_history.html", rows=queries.history_of(user.id)))


@template_hook_signal.connect_via("lecture-manage-links")
def _live_panel_link(_hook, lecture, **_kwargs):
    return Markup(render_template("presence/_manage_links.html", lecture=lecture))


@template_hook_signal.connect_via("lecture-actions")
def _live_panel_for_coordinators(_hook, lecture, **_kwargs):
    viewer = current_viewer()
    if lecture.status is not LectureStatus.live or not access.may_see_live_panel(lecture, viewer):
        return None
    return (90, Markup(render_template("presence/_manage_links.html", lecture=lecture, paragraph=True)))


@template_hook_signal.connect_via("programme-manage")
def _attendance_rule_link(_hook, programme, **_kwargs):
    return Markup(render_template("presence/_programme_rule.html", programme=programme,
                                  rule=rules.rule_for(programme.id),
                                  default_percent=current_app.config["PRESENCE_ATTENDED_PERCENT"]))
