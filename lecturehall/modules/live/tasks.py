"""Scheduled work of the live module: after a live lecture's recording is published as a quick replay, the full
transcoding ladder is made from it by the recordings pipeline (media), which replaces it when ready."""

from __future__ import annotations

import dataclasses
import logging
import subprocess

from flask_babel import gettext as _

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import task
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.presentation import lecture_label
from lecturehall.modules.live import recording
from lecturehall.modules.live.models import LiveSession
from lecturehall.modules.live.pipelines import LADDER_TASK
from lecturehall.modules.live.session import load as load_session
from lecturehall.modules.media import operations as media
from lecturehall.modules.media.probe import probe

log = logging.getLogger(__name__)


def _describe(session_id: int) -> str:
    session = db.session.get(LiveSession, session_id)
    label = lecture_label(session.lecture_id) if session is not None else str(session_id)
    return _("Full replay ladder from the live recording — %(lecture)s", lecture=label)


@task(LADDER_TASK, describe=_describe)
def queue_ladder(session_id: int) -> None:
    """Exports the published live recording into one MP4 by stream copy (video, the floor sound) plus one audio
    file per interpretation language, and hands them to media's transcoding. Safe to run twice."""
    session = db.session.get(LiveSession, session_id, with_for_update=True)
    if session is None or session.ladder_queued_at is not None or not session.replay_directory:
        return
    storage = get_storage()
    source = storage.local_path(session.replay_directory)
    if not (source / "live.json").is_file():
        return  # replaced already (an upload's ladder, say)
    lecture_id = session.lecture_id
    path = f"recordings/{lecture_id}/live-{session.id}.mp4"
    target = storage.local_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    recording.export_mp4(source, target)
    tracks = {}
    for number, language in enumerate(load_session(source).languages, start=1):
        track_path = f"tracks/{lecture_id}/live-{session.id}-{language}.m4a"
        track_file = storage.local_path(track_path)
        track_file.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(target), "-map", f"0:a:{number}",
                        "-c", "copy", str(track_file)], check=True, capture_output=True, timeout=3600)
        tracks[language] = track_path
    info = dataclasses.asdict(probe(target))
    media.add_recording_file(lecture_id, path, f"live-{session.id}.mp4", info, audio_tracks=tracks)
    session.ladder_queued_at = utcnow()
    db.session.commit()
