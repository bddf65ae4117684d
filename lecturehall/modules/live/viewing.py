"""What a viewer's page needs of a live lecture: its state as the viewer sees it, the viewer cookie the signed
URLs are bound to, the signed master playlist URL, and the replay's player once it is published; in production, the
signed nginx prefix the replay player (any replay, live or uploaded) plays from."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from lecturehall.core import browser
from lecturehall.core.auth import current_viewer
from lecturehall.core.db import utcnow
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.live import queries, signing
from lecturehall.modules.live.models import LiveSessionState
from lecturehall.modules.live.runtime import links_secret, live_root
from lecturehall.modules.media import access as media_access
from lecturehall.modules.media import queries as media_queries
from lecturehall.modules.media import signals as media_signals
from lecturehall.modules.media.player import labels as player_labels
from lecturehall.modules.media.player import player_for


@dataclass(frozen=True)
class LiveView:
    state: str  # waiting, live, interrupted, ending (replay on its way), replay, over
    allowed: bool  # the viewer may watch (registered, or a public lecture)
    src: str  # the signed master playlist while on air, else ""


def viewer_cookie() -> str:
    """The browser's viewer cookie (made, and set on this response, the first time): core.browser's id, which
    presence counts anonymous viewers by."""
    return browser.browser_id()


def state_of(lecture: Lecture) -> str:
    session = queries.latest_session(lecture.id)
    if session is not None and session.state is LiveSessionState.live:
        # on air for viewers once the packager has written the master playlist (its first segments)
        return "live" if (live_root() / str(lecture.id) / "master.m3u8").is_file() else "waiting"
    if session is not None and session.state is LiveSessionState.interrupted:
        return "interrupted"
    if session is not None and (session.state is LiveSessionState.ending or (
            session.state is LiveSessionState.ended and session.recorded and session.replay_directory is None)):
        return "ending"
    if media_queries.replay_of(lecture.id) is not None and (session is not None or lecture.has_ended):
        return "replay"
    if lecture.status in (LectureStatus.scheduled, LectureStatus.live) and not lecture.has_ended:
        return "waiting"  # live by the clock or by hand, but no stream yet
    return "over"


def live_view(lecture: Lecture) -> LiveView:
    state = state_of(lecture)
    allowed = queries.may_watch_live(lecture, current_viewer())
    src = ""
    if allowed and state in ("live", "interrupted"):
        prefix = signing.mint("live", str(lecture.id), viewer_cookie(), links_secret(),
                              ttl=int(current_app.config["LIVE_LINK_TTL_SECONDS"]))
        src = prefix + "master.m3u8"
    return LiveView(state, allowed, src)


REPLAYS_FOLDER = "replays"  # the production nginx serves <MEDIA_DIR>/replays/<lecture>/<replay folder>/ (nginx.py)


def replay_prefix(lecture: Lecture, directory: str) -> str | None:
    """Production (``LIVE_EMBEDDED_NGINX`` off: nginx from ``lecturehall live nginx-config`` serves /replay/): the
    signed /replay/ prefix of the replay in storage folder ``directory`` for this browser's viewer cookie; None on the
    embedded default (the media module serves its files) or for a folder nginx does not serve. The caller has
    checked that the viewer may watch the replay. As media's tokens, a prefix minted within the same hour is the same
    (the browser's cache keeps the segments across visits) and lives TOKEN_AGE from the hour's start."""
    if current_app.config["LIVE_EMBEDDED_NGINX"]:
        return None
    root, _slash, scope = directory.partition("/")
    if root != REPLAYS_FOLDER or not scope.startswith(f"{lecture.id}/"):
        return None
    now = int(time.time())
    return signing.mint("replay", scope, viewer_cookie(), links_secret(), ttl=media_access.TOKEN_AGE,
                        now=now - now % media_access.TOKEN_WINDOW)


def shows_live_section(lecture: Lecture) -> bool:
    """The lecture page shows the live section while a stream is planned (the organiser opened the stream panel)
    or has been on, until the replay is there (the media module shows it from then on)."""
    if lecture.status in (LectureStatus.draft, LectureStatus.cancelled):
        return False
    state = state_of(lecture)
    if state in ("live", "interrupted", "ending"):
        return True
    return state == "waiting" and queries.stream_of(lecture.id) is not None


def live_player_attributes(lecture: Lecture) -> dict:
    extra = {}
    for _receiver, attributes in media_signals.player_attributes.send(lecture, viewer=current_viewer(), mode="live",
                                                                      duration=0.0):
        extra.update(attributes or {})
    return extra


def labels() -> dict:
    return {**player_labels(), "live": _("Live"), "go_live": _("Go to live"), "latency": _("Delay"),
            "show_latency": _("Show the delay"), "latency_value": _("%(seconds)s s behind live", seconds="{s}")}


def replay_html(lecture: Lecture) -> str:
    """media's replay player, rendered for the page to swap in when the replay is published."""
    player = player_for(lecture)
    return render_template("media/_player.html", player=player, lecture=lecture) if player is not None else ""


def state_payload(lecture: Lecture) -> dict:
    view = live_view(lecture)
    payload = {"state": view.state, "allowed": view.allowed, "src": view.src,
               "seconds_to_start": int((lecture.starts_at - utcnow()).total_seconds())}
    if view.state == "replay":
        payload["replay_html"] = replay_html(lecture)
    return payload


def state_url(lecture: Lecture) -> str:
    return url_for("live.state", lecture_id=lecture.id)
