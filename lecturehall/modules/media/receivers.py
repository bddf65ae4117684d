"""How media takes part in a lecture's life: a deleted lecture's files go, a watched replay keeps the lecture in the
reports, the sweep restarts transcoding that a crash interrupted, and the lecture page shows the player."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import format_percent
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from lecturehall.core.auth import current_viewer
from lecturehall.core.scheduler import sweep_due
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.media import operations, queries, tasks, uploads
from lecturehall.modules.media.player import player_for
from lecturehall.modules.media.queries import ReplayState

REPLAY_STATE_LABELS = {
    ReplayState.available: _l("Replay available"),
    ReplayState.preparing: _l("Replay being prepared"),
    ReplayState.none: _l("No replay planned"),
}


@lecture_signals.lecture_deleting.connect
def _delete_media(lecture, **_kwargs) -> None:
    operations.delete_lecture_media(lecture.id)


@lecture_signals.participation_check.connect
def _watched(lecture_id, **_kwargs) -> bool:
    return queries.has_replay_views(lecture_id)


@sweep_due.connect
def _catch_up(_app, **_kwargs) -> None:
    tasks.recover_jobs()
    uploads.remove_stale_uploads()


def _player(lecture):
    """One PlayerView per request and lecture: the head and the body hooks both need it."""
    cache = g.setdefault("media_players", {})
    if lecture.id not in cache:
        cache[lecture.id] = player_for(lecture)
    return cache[lecture.id]


@template_hook_signal.connect_via("lecture-head")
def _player_assets(_hook, lecture, **_kwargs):
    if _player(lecture) is None:
        return None
    return Markup(render_template("media/_player_assets.html"))


@template_hook_signal.connect_via("lecture-media")
def _player_section(_hook, lecture, **_kwargs):
    player = _player(lecture)
    if player is None:
        return None
    return Markup(render_template("media/_player.html", player=player, lecture=lecture))


def _past_replay_state(lecture) -> ReplayState | None:
    """The replay's state for a lecture that is over (cancelled and draft lectures have none to speak of)."""
    if lecture.status in (LectureStatus.cancelled, LectureStatus.draft) or not lecture.has_ended:
        return None
    cache = g.setdefault("media_replay_states", {})
    if lecture.id not in cache:
        cache[lecture.id] = queries.replay_state(lecture.id)
    return cache[lecture.id]


@template_hook_signal.connect_via("lecture-card")
def _replay_badge(_hook, lecture, **_kwargs):
    state = _past_replay_state(lecture)
    if state is None:
        return None
    return Markup('<p><span class="badge replay-{}">{}</span></p>').format(state.value, REPLAY_STATE_LABELS[state])


@template_hook_signal.connect_via("lecture-facts")
def _replay_fact(_hook, lecture, **_kwargs):
    state = _past_replay_state(lecture)
    if state is None:
        return None
    text = escape(REPLAY_STATE_LABELS[state])
    if state is ReplayState.available and _player(lecture) is None and current_viewer() is None:
        # Published for signed-in users only: say how to get to it.
        login = url_for("accounts.login", next=request.path)
        text += Markup(' · <a href="{}">{}</a>').format(login, _l("Log in to watch it"))
    if state is ReplayState.preparing:
        # While the worker makes the replay, the page shows how far it is and turns into the player when it is done.
        in_work, progress = queries.preparing_progress(lecture.id)
        return (80, Markup(render_template(
            "media/_replay_progress.html", lecture=lecture, text=text, in_work=in_work, progress=progress,
            percent_text=format_percent(progress / 100) if progress is not None else "")))
    return (80, Markup('<dt>{}</dt><dd id="replay-state" data-state="{}">{}</dd>').format(
        _l("Replay"), state.value, text))
