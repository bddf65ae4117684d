"""Serving replays: the files of the HLS ladder (with Range support) under a signed token, fresh URLs for a player
whose token no longer works, the MP4 download, and where a learner stopped."""

from __future__ import annotations

import dataclasses
import mimetypes

from flask import abort, jsonify, request, send_file
from flask_login import current_user

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, login_required, public
from lecturehall.core.db import db
from lecturehall.core.storage import StorageError, get_storage
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.lectures.queries import can_see
from lecturehall.modules.media import access, operations, queries
from lecturehall.modules.media.player import source_for

TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".vtt": "text/vtt",
    ".jpg": "image/jpeg",
}


def _watchable(lecture_id: int):
    lecture = db.get_or_404(Lecture, lecture_id)
    replay = queries.replay_of(lecture.id)
    if replay is None or not queries.can_watch(lecture, current_viewer()):
        abort(404)
    return lecture, replay


@public
def replay_file(lecture_id: int, token: str, path: str):
    lecture, replay = _watchable(lecture_id)
    viewer = current_viewer()
    user_id = viewer.id if viewer is not None else None
    if not access.read_token(token, lecture.id, replay.version, user_id):
        abort(403)
    try:
        full = get_storage().local_path(f"{replay.directory}/{path}")
    except StorageError:
        abort(404)
    if not full.is_file():
        abort(404)
    suffix = full.suffix.lower()
    response = send_file(full, mimetype=TYPES.get(suffix) or mimetypes.guess_type(full.name)[0]
                         or "application/octet-stream", conditional=True, max_age=0)
    # Playlists may change (a language added); segments never do.
    response.headers["Cache-Control"] = "private, no-cache" if suffix == ".m3u8" else "private, max-age=86400"
    return response


@json_endpoint
@public
def replay_source(lecture_id: int):
    """The replay's URLs as the lecture page would give them to this viewer now ({src, poster, thumbnails,
    version}): the player asks here when its own are refused (a new version of the replay was published, or the
    page was left open past the token's life) and carries on from the new ones."""
    lecture, replay = _watchable(lecture_id)
    response = jsonify(dataclasses.asdict(source_for(lecture, replay, current_viewer())))
    # Minted for this viewer and this moment: never kept by a cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@public
def replay_download(lecture_id: int):
    lecture, replay = _watchable(lecture_id)
    if not replay.allow_download or not replay.download_path:
        abort(404)
    full = get_storage().local_path(replay.download_path)
    if not full.is_file():
        abort(404)
    return send_file(full, mimetype="video/mp4", as_attachment=True, download_name=f"lecture-{lecture.id}.mp4",
                     conditional=True)


@json_endpoint
@login_required
def replay_position(lecture_id: int):
    lecture, _replay = _watchable(lecture_id)
    if request.method == "GET":
        return jsonify(position=queries.position_of(current_user.id, lecture.id))
    payload = request.get_json(silent=True) or {}
    try:
        position = float(payload.get("position"))
    except (TypeError, ValueError):
        abort(400)
    if not 0 <= position < 24 * 3600:
        abort(400)
    operations.save_position(current_user.id, lecture.id, position)
    return jsonify(position=position)


@json_endpoint
@public
def replay_progress(lecture_id: int):
    """For the lecture page while the replay is being made: its state and how far the worker is (any viewer who may
    see the lecture; no more than the page itself shows)."""
    lecture = db.get_or_404(Lecture, lecture_id)
    if not can_see(lecture, current_viewer()):
        abort(404)
    _in_work, progress = queries.preparing_progress(lecture.id)
    return jsonify(state=queries.replay_state(lecture.id).value, progress=progress)
