"""What viewers' browsers ask of the live module: the lecture's live state (polled by the page, so it switches
from the waiting room to the player, and from the player to the replay, by itself), and on the embedded default the
live files themselves, under viewer-bound signed URLs (in production nginx serves them and checks the same
signature)."""

from __future__ import annotations

from flask import abort, jsonify, request, send_from_directory

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, public
from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.guards import visible_lecture_or_404
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.live import queries, signing, viewing
from lecturehall.modules.live.pipelines import replay_directory_for
from lecturehall.modules.live.runtime import links_secret, live_root
from lecturehall.modules.media import queries as media_queries

TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".m4s": "video/iso.segment", ".mp4": "video/mp4"}


@json_endpoint
@public
def state(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    response = jsonify(viewing.state_payload(lecture))
    response.headers["Cache-Control"] = "no-store"
    return response


@public
def live_file(expires: str, digest: str, lecture: str, file: str):
    verdict = signing.verify("live", expires, digest, lecture, request.cookies.get(signing.COOKIE_NAME),
                             links_secret())
    if verdict is not signing.Verdict.OK:
        abort(verdict.value)
    suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if suffix not in TYPES:
        abort(404)
    folder = live_root() / lecture
    if not folder.is_dir():
        # The session ended and its folder became the replay: the same files (now with VOD playlists) answer, so a
        # player still on the live URL plays to the end instead of failing
        # (during the publication, before its commit, the folder is already at its replay name)
        # — to a viewer who may watch the replay: the link was signed for the live, and whoever may watch the
        # replay may have changed since (the lecture hidden, the viewer signed out of a replay for signed-in users).
        session = queries.latest_session(int(lecture))
        if session is None:
            abort(404)
        watched = db.session.get(Lecture, session.lecture_id)
        if watched is None or not media_queries.can_watch(watched, current_viewer()):
            abort(403)
        folder = get_storage().local_path(session.replay_directory or replay_directory_for(session))
    response = send_from_directory(folder, file, mimetype=TYPES[suffix], conditional=True, max_age=0)
    # playlists change every segment; segments never do
    response.headers["Cache-Control"] = "private, no-cache" if suffix == ".m3u8" else "private, max-age=86400"
    return response
