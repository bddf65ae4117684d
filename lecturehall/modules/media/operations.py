"""Writes of the media module: queueing, cancelling and retrying transcoding; publishing a replay; replay positions;
deleting files. Flush only; queued work reaches the scheduler, and replaced files go, after the caller commits."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.core.storage import get_storage
from lecturehall.modules.media import queries
from lecturehall.modules.media.models import (
    JobStatus,
    Recording,
    Replay,
    ReplayPosition,
    Track,
    TrackKind,
    TranscodeJob,
    Upload,
)

ACTIVE = (JobStatus.queued, JobStatus.running)


def _schedule_on_commit(task_name: str, job_key: str, *args) -> None:
    app = current_app._get_current_object()
    on_commit(lambda: get_scheduler(app).add(job_key, task_name, utcnow(), *args))


def queue_transcode(recording: Recording) -> TranscodeJob:
    """A new job for the recording; jobs still queued or running for the lecture are cancelled (a newer recording
    wins)."""
    for job in db.session.execute(sa.select(TranscodeJob).where(
            TranscodeJob.lecture_id == recording.lecture_id, TranscodeJob.status.in_(ACTIVE))).scalars():
        job.status = JobStatus.cancelled
        job.finished_at = utcnow()
    job = TranscodeJob(lecture_id=recording.lecture_id, recording_id=recording.id, status=JobStatus.queued)
    db.session.add(job)
    db.session.flush()
    _schedule_on_commit("media.transcode", f"transcode:{job.id}", job.id)
    return job


def recording_added(recording: Recording) -> TranscodeJob:
    return queue_transcode(recording)


def add_recording_file(lecture_id: int, path: str, filename: str, info: dict, *,
                       audio_tracks: dict[str, str] | None = None) -> TranscodeJob:
    """A recording made by another module (a live lecture's, exported by stream copy) whose file is already in
    storage at ``path``, with its interpretation audio files (language -> path in storage): queued for the full
    ladder, which replaces the published replay when ready and packages the languages. A language the organisers
    already gave a track of their own keeps theirs."""
    recording = Recording(lecture_id=lecture_id, path=path, original_filename=filename,
                          size=get_storage().local_path(path).stat().st_size, info=info, uploaded_by_id=None)
    db.session.add(recording)
    existing = {track.language for track in queries.tracks_of(lecture_id) if track.kind is TrackKind.audio}
    for language, track_path in (audio_tracks or {}).items():
        if language not in existing:
            db.session.add(Track(lecture_id=lecture_id, kind=TrackKind.audio, language=language, path=track_path))
    db.session.flush()
    return queue_transcode(recording)


def track_added(track: Track) -> None:
    """An interpretation track or subtitles for an existing replay are packaged without touching the video; if a
    transcode is under way, it picks the track up when it publishes."""
    _schedule_on_commit("media.package_tracks", f"package:{track.lecture_id}", track.lecture_id)


def cancel_job(job: TranscodeJob) -> bool:
    if job.status not in ACTIVE:
        return False
    job.status = JobStatus.cancelled
    job.finished_at = utcnow()
    db.session.flush()
    return True


def retry_job(job: TranscodeJob) -> TranscodeJob | None:
    if job.status not in (JobStatus.failed, JobStatus.cancelled):
        return None
    recording = db.session.get(Recording, job.recording_id)
    return queue_transcode(recording) if recording is not None else None


def save_position(user_id: int, lecture_id: int, position: float) -> None:
    row = db.session.execute(sa.select(ReplayPosition).where(
        ReplayPosition.user_id == user_id, ReplayPosition.lecture_id == lecture_id)).scalar_one_or_none()
    if row is None:
        row = ReplayPosition(user_id=user_id, lecture_id=lecture_id)
        db.session.add(row)
    row.position = max(0.0, float(position))
    db.session.flush()


def publish_replay(lecture_id: int, directory: str, *, duration: float, has_video: bool, quick: bool,
                   files: dict[str, str]) -> Replay:
    """Makes ``directory`` the lecture's replay (a new version, so signed URLs of the old one stop working); the
    previous replay's folder goes once this commits. ``files`` names the extras: poster, thumbnails, download."""
    replay = queries.replay_of(lecture_id)
    old_directory = replay.directory if replay is not None else None
    if replay is None:
        replay = Replay(lecture_id=lecture_id, version=0)
        db.session.add(replay)
    replay.directory = directory
    replay.version += 1
    replay.quick = quick
    replay.duration = float(duration or 0)
    replay.has_video = bool(has_video)
    replay.poster_path = files.get("poster")
    replay.thumbnails_path = files.get("thumbnails")
    replay.download_path = files.get("download")
    replay.published_at = utcnow()
    db.session.flush()
    if old_directory and old_directory != directory:
        storage = get_storage()
        on_commit(lambda: storage.delete(old_directory))
    return replay


def set_download_allowed(replay: Replay, allowed: bool) -> None:
    replay.allow_download = allowed
    db.session.flush()


def delete_lecture_media(lecture_id: int) -> None:
    """Everything of the lecture's media: recordings, languages, the replay, jobs and unfinished uploads. Running
    jobs stop (their rows are gone); the files go once the deletion commits, so a rolled-back one keeps them."""
    parts = [upload.part_path for upload in db.session.execute(
        sa.select(Upload).where(Upload.lecture_id == lecture_id)).scalars()]
    for model in (TranscodeJob, Upload, Recording, Track, Replay, ReplayPosition):
        db.session.execute(sa.delete(model).where(model.lecture_id == lecture_id))
    db.session.flush()
    storage = get_storage()
    folders = [f"{folder}/{lecture_id}" for folder in ("recordings", "tracks", "replays")]
    on_commit(lambda: [storage.delete(path) for path in folders + parts])


def delete_recording(recording: Recording) -> None:
    """The upload's file goes once the deletion commits; a job still transcoding it stops. A published replay stays:
    it does not need its source, only a new transcoding would."""
    storage, path = get_storage(), recording.path
    db.session.execute(sa.delete(TranscodeJob).where(TranscodeJob.recording_id == recording.id))
    db.session.delete(recording)
    db.session.flush()
    on_commit(lambda: storage.delete(path))


def delete_track(track: Track) -> None:
    """An interpretation language or subtitles withdrawn: the file goes, and the published replay is packaged again
    without it (after the commit, by the worker)."""
    storage, path, lecture_id = get_storage(), track.path, track.lecture_id
    db.session.delete(track)
    db.session.flush()
    on_commit(lambda: storage.delete(path))
    _schedule_on_commit("media.package_tracks", f"package:{lecture_id}", lecture_id)
