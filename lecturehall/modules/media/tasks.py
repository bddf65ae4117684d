"""Transcoding jobs, run by the worker: a quick remux first when the source allows, then the full ladder, its
extras (MP4 download, poster, seek-bar thumbnails) and every extra language; published only when complete.

A job interrupted by a crash is started again from scratch by the sweep (its heartbeat stops); the pipeline writes
into a temporary folder that is renamed into place only on success, so a half-made ladder is never published.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler, runner_identity, task
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.presentation import lecture_label
from lecturehall.modules.media import extras, ladder, operations, packaging, pipeline, queries
from lecturehall.modules.media.models import JobStatus, Recording, Track, TrackKind, TranscodeJob
from lecturehall.modules.media.probe import MediaInfo
from lecturehall.modules.media.runner import Cancelled, TranscodeFailed

HEARTBEAT_SECONDS = 1

log = logging.getLogger(__name__)


def _info(recording: Recording) -> MediaInfo:
    fields = MediaInfo.__dataclass_fields__
    return MediaInfo(**{key: recording.info.get(key) for key in fields})


class _Progress:
    """Keeps the job row alive while the job runs: a thread writes the latest progress and a heartbeat every few
    seconds (in its own app context, so ffmpeg's pace does not matter) and notices a cancel from the organiser."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.cancel = threading.Event()
        self._stop = threading.Event()
        self._app = current_app._get_current_object()
        self._percent: float = 0.0
        self._eta: float | None = None
        self._thread = threading.Thread(target=self._beat, name=f"transcode-{job_id}", daemon=True)

    def __call__(self, percent: float, eta_seconds: float | None) -> None:
        self._percent, self._eta = percent, eta_seconds

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)

    def _beat(self) -> None:
        with self._app.app_context():
            while not self._stop.is_set():
                job = db.session.get(TranscodeJob, self.job_id, populate_existing=True)
                if job is None or job.status is JobStatus.cancelled:
                    self.cancel.set()
                elif job.status is JobStatus.running:
                    job.progress = round(min(99.0, max(job.progress, self._percent)), 1)
                    job.eta_seconds = int(self._eta) if self._eta is not None else None
                    job.heartbeat_at = utcnow()
                db.session.commit()
                self._stop.wait(HEARTBEAT_SECONDS if not self.cancel.is_set() else 1)


def _claim(job_id: int) -> TranscodeJob | None:
    job = db.session.get(TranscodeJob, job_id, with_for_update=True)
    if job is None or job.status is not JobStatus.queued:
        db.session.rollback()
        return None
    job.status = JobStatus.running
    job.attempts += 1
    job.runner = runner_identity()
    job.started_at = job.heartbeat_at = utcnow()
    job.progress, job.error = 0.0, None
    db.session.commit()
    return job


def _publish(lecture_id: int, directory: str, info: MediaInfo, quick: bool, files: dict) -> None:
    operations.publish_replay(lecture_id, directory, duration=info.duration, has_video=info.has_video, quick=quick,
                              files=files)
    db.session.commit()


def _package_tracks(lecture_id: int, replay_dir: Path) -> None:
    """Brings the replay's languages in line with the lecture's tracks: withdrawn ones go, new or replaced ones are
    packaged; one already packaged from the same file is left alone (adding a language does not redo the others)."""
    storage = get_storage()
    tracks = queries.tracks_of(lecture_id)
    manifest = packaging.read_manifest(replay_dir)
    audio = {track.language for track in tracks if track.kind is TrackKind.audio}
    subtitles = {track.language for track in tracks if track.kind is TrackKind.subtitles}
    for rendition in manifest.audio:
        if rendition.id != ladder.MAIN_AUDIO and rendition.id not in audio:
            packaging.remove_language(replay_dir, rendition.id, subtitles=False)
    for subtitle in manifest.subtitles:
        if subtitle.language not in subtitles:
            packaging.remove_language(replay_dir, subtitle.language, subtitles=True)
    packaged = {("audio", a.id): a.source for a in manifest.audio} | {("subs", t.language): t.source
                                                                        for t in manifest.subtitles}
    for track in tracks:
        source, stamp = storage.local_path(track.path), _stamp(track)
        if track.kind is TrackKind.audio:
            if packaged.get(("audio", track.language)) != stamp:
                packaging.add_audio_language(replay_dir, source, track.language, source_id=stamp)
        elif packaged.get(("subs", track.language)) != stamp:
            packaging.add_subtitles(replay_dir, source.read_text(encoding="utf-8"), track.language, source_id=stamp)
    packaging.write_master(replay_dir)


def _stamp(track: Track) -> str:
    """Names the file a track had when it was packaged: a replaced track gets a new time, so a new stamp."""
    return f"{track.id}@{track.created_at.isoformat()}"


def _describe_transcode(job_id: int) -> str:
    job = db.session.get(TranscodeJob, job_id)
    if job is None:
        return _("Making a replay (job %(id)s, since deleted)", id=job_id)
    return _("Making the replay from the recording — %(lecture)s", lecture=lecture_label(job.lecture_id))


def _describe_package_tracks(lecture_id: int) -> str:
    return _("Adding or removing interpretation and subtitles in the replay — %(lecture)s",
             lecture=lecture_label(lecture_id))


@task("media.transcode", describe=_describe_transcode)
def transcode(job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    recording = db.session.get(Recording, job.recording_id)
    storage = get_storage()
    source = storage.local_path(recording.path)
    info = _info(recording)
    with _Progress(job_id) as progress:
        _transcode(job_id, job, recording, source, info, progress)


def _quick_first(job_id: int, lecture_id: int, source, info: MediaInfo, progress: _Progress) -> None:
    """A first replay within seconds when the upload can be copied as it is. Only a head start: when copying does
    not work out, the full ladder below makes the replay all the same."""
    if queries.replay_of(lecture_id) is not None or not pipeline.quick_remux_possible(info):
        return
    storage = get_storage()
    quick_dir = f"replays/{lecture_id}/quick-{job_id}"
    try:
        pipeline.quick_remux(source, storage.local_path(quick_dir), info, cancel=progress.cancel)
    except (pipeline.QuickRemuxUnsuitable, TranscodeFailed) as exc:
        log.info("job %s: no quick replay (%s); making the full ladder", job_id, getattr(exc, "detail", exc))
        storage.delete(quick_dir)
        return
    _package_tracks(lecture_id, storage.local_path(quick_dir))
    if not _still_wanted(job_id):
        storage.delete(quick_dir)
        raise Cancelled()
    _publish(lecture_id, quick_dir, info, quick=True, files={})


def _transcode(job_id, job, recording, source, info, progress) -> None:
    lecture_id, attempt = job.lecture_id, job.attempts
    storage = get_storage()
    try:
        _quick_first(job_id, lecture_id, source, info, progress)
        directory = f"replays/{lecture_id}/v{job_id}-{attempt}"
        target = storage.local_path(directory)
        pipeline.run_ladder(source, target, info, on_progress=progress, cancel=progress.cancel)
        files = {}
        if info.has_video:
            extras.make_poster(source, target / "poster.jpg", info)
            # One thumbnail every 10 s, more often for a short recording.
            interval = max(1, min(10, int((info.duration or 0) // 4) or 1))
            # Both from the finished ladder: its smallest rung for the thumbnails, its 720p rung copied for the
            # download, rather than decoding (and encoding) the upload again.
            extras.make_thumbnails(target, target / "thumbnails", info, interval=interval)
            extras.make_mp4_download(target, target / "download.mp4", info, cancel=progress.cancel)
            files = {"poster": "poster.jpg", "thumbnails": "thumbnails/thumbnails.vtt",
                      "download": f"{directory}/download.mp4"}
        _package_tracks(lecture_id, target)
        if not _still_wanted(job_id):
            storage.delete(directory)
            raise Cancelled()
        _publish(lecture_id, directory, info, quick=False, files=files)
        job = db.session.get(TranscodeJob, job_id)
        job.status, job.progress, job.eta_seconds, job.finished_at = JobStatus.succeeded, 100.0, 0, utcnow()
        db.session.commit()
    except Cancelled:
        db.session.rollback()
        job = db.session.get(TranscodeJob, job_id)
        if job is not None:  # None: the recording, or the lecture's media, was deleted
            job.status, job.finished_at = JobStatus.cancelled, utcnow()
        db.session.commit()
    except TranscodeFailed as exc:
        _fail(job_id, lecture_id, attempt, str(exc.reason))
    except Exception:
        _fail(job_id, lecture_id, attempt, str(UNEXPECTED))
        raise


def _still_wanted(job_id: int) -> bool:
    """The job was neither cancelled nor deleted (with its recording) while ffmpeg ran."""
    job = db.session.get(TranscodeJob, job_id, populate_existing=True)
    return job is not None and job.status is JobStatus.running


UNEXPECTED = _l("Transcoding stopped on an unexpected error. Try again; if it fails again, the error is logged.")


def _discard_attempt(lecture_id: int, job_id: int, attempt: int) -> None:
    """Removes what an attempt left: its ladder folder and any partial folder the pipeline was writing."""
    storage = get_storage()
    name = f"v{job_id}-{attempt}"
    storage.delete(f"replays/{lecture_id}/{name}")
    folder = storage.local_path(f"replays/{lecture_id}")
    if folder.is_dir():
        for leftover in folder.glob(f".{name}.partial*"):
            storage.delete(f"replays/{lecture_id}/{leftover.name}")


def _fail(job_id: int, lecture_id: int, attempt: int, reason: str) -> None:
    db.session.rollback()
    _discard_attempt(lecture_id, job_id, attempt)
    job = db.session.get(TranscodeJob, job_id)
    if job is None:  # deleted while it ran, with its recording: nobody is waiting for the reason
        db.session.commit()
        return
    job.status, job.error, job.finished_at = JobStatus.failed, reason, utcnow()
    db.session.commit()


@task("media.package_tracks", describe=_describe_package_tracks)
def package_tracks(lecture_id: int) -> None:
    """A language added after publication: packaged into the published ladder without re-encoding the video."""
    replay = queries.replay_of(lecture_id)
    if replay is None:
        return
    _package_tracks(lecture_id, get_storage().local_path(replay.directory))
    db.session.commit()


def recover_jobs() -> None:
    """For the sweep: a running job whose worker stopped beating is started again from the start; a queued job
    whose scheduler entry was lost is queued again."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["MEDIA_JOB_STALE_SECONDS"])
    stale = db.session.execute(sa.select(TranscodeJob).where(
        TranscodeJob.status == JobStatus.running, TranscodeJob.heartbeat_at < cutoff)).scalars().all()
    for job in stale:
        job.status = JobStatus.queued
        _discard_attempt(job.lecture_id, job.id, job.attempts)
    db.session.commit()
    queued = db.session.execute(sa.select(TranscodeJob.id).where(TranscodeJob.status == JobStatus.queued)).scalars()
    scheduler = get_scheduler()
    stored = {job.id for job in scheduler.jobs()}
    for job_id in queued:
        if f"transcode:{job_id}" not in stored:
            scheduler.add(f"transcode:{job_id}", "media.transcode", utcnow(), job_id)


