"""How the live module takes part in a lecture's life: a lecture still on air is not ended by the clock at its
planned end (its stream's end ends it); ended or cancelled by an organiser, its live session ends; its manage page
links to the stream panel; its page shows the waiting room, the live player and then the replay; in production the
replay player plays from nginx's signed /replay/ URLs."""

from __future__ import annotations

import shutil

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lecturehall.core.i18n import current_language, format_in_zone, viewer_timezone
from lecturehall.core.db import on_commit
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.lectures.presentation import lecture_label
from lecturehall.modules.live import operations, presentation, queries, viewing
from lecturehall.modules.live.models import LiveSessionState
from lecturehall.modules.live.runtime import live_root
from lecturehall.modules.media import signals as media_signals
from lecturehall.modules.media.player import player_for


@lecture_signals.keeps_on_air.connect
def _on_air(lecture, **_kwargs) -> bool:
    session = queries.open_session(lecture.id)
    return session is not None and not session.end_requested and session.state in (
        LiveSessionState.live, LiveSessionState.interrupted)


@lecture_signals.status_changed.connect
def _ended_by_hand(lecture, previous=None, by_clock=False, **_kwargs) -> None:
    """An organiser set the status to ended on the lecture's page (or the stream panel did): the open session
    ends too, and its recording becomes the replay."""
    if lecture.status is LectureStatus.ended:
        operations.request_end(lecture)


@lecture_signals.lecture_cancelled.connect
def _cancelled(lecture, **_kwargs) -> None:
    operations.request_end(lecture)


@template_hook_signal.connect_via("lecture-manage-links")
def _stream_panel_link(_hook, lecture, **_kwargs):
    if lecture.status in (LectureStatus.draft, LectureStatus.cancelled):
        return None
    return Markup(render_template("live/_manage_links.html", lecture=lecture))


@template_hook_signal.connect_via("lecture-head")
def _live_assets(_hook, lecture, **_kwargs):
    if not viewing.shows_live_section(lecture):
        return None
    assets = Markup(render_template("live/_live_assets.html"))
    if player_for(lecture) is None:  # media adds the player's assets itself when it shows a replay
        assets = Markup(render_template("media/_player_assets.html")) + assets
    return assets


@template_hook_signal.connect_via("lecture-media")
def _live_section(_hook, lecture, **_kwargs):
    if not viewing.shows_live_section(lecture):
        return None
    language = current_language()
    return Markup(render_template(
        "live/_live.html", lecture=lecture, view=viewing.live_view(lecture), state_url=viewing.state_url(lecture),
        labels=viewing.labels(), extra=viewing.live_player_attributes(lecture),
        default_audio=language if language != lecture.lecture_language else ""))


@template_hook_signal.connect_via("jobs-page")
def _pipelines(_hook, **_kwargs):
    """The admin jobs page: each live pipeline's health, as the worker last reported it."""
    sessions = [(session, presentation.session_report(session), lecture_label(session.lecture_id))
                for session in queries.open_sessions()]
    return Markup(render_template("live/_pipelines.html", sessions=sessions))


@template_hook_signal.connect_via("lecture-facts")
def _recorded_live(_hook, lecture, **_kwargs):
    """The replay page says that the replay is the live recording, and when it was recorded."""
    session = queries.recorded_session(lecture.id)
    if session is None:
        return None
    return (81, Markup('<dt>{}</dt><dd class="recorded-live">{}</dd>').format(
        _l("Recording"), _l("Recorded live on %(date)s", date=format_in_zone(
            session.started_at, viewer_timezone(), current_language()))))


@lecture_signals.lecture_deleting.connect
def _delete_live_files(lecture, **_kwargs) -> None:
    """A deleted lecture's unfinished live folder goes once the deletion commits (rows go by cascade)."""
    folder = live_root() / str(lecture.id)
    on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


@media_signals.replay_source.connect
def _replay_through_nginx(lecture, replay, **_kwargs) -> str | None:
    """In production the replay player plays from nginx's signed /replay/ prefix (no Python per segment)."""
    return viewing.replay_prefix(lecture, replay.directory)
