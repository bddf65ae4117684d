"""How media takes part in a lecture's life: a deleted lecture's files go, a watched replay keeps the lecture in the
reports, the sweep restarts transcoding that a crash interrupted, and the lecture page shows the player."""

from __future__ import annotations

from flask import g, render_template
from markupsafe import Markup

from lecturehall.core.scheduler import sweep_due
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.media import operations, queries, tasks, uploads
from lecturehall.modules.media.player import player_for


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
