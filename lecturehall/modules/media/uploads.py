"""Resumable uploads of recordings, interpretation tracks and subtitle files.

An upload is declared first (name, size, purpose), then its bytes arrive in chunks that are streamed onto the end of
a part file. Once every byte is in, the file is judged by its content (``probe``) and either attached to the lecture
as a Recording or Track, or refused: then its part file is removed and the upload is marked failed with the reason.
Like every operation module, this one only flushes; the caller commits.
"""

from __future__ import annotations

import dataclasses
import io
import os
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from babel.units import format_unit
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.core.i18n import CONTENT_LANGUAGES
from lecturehall.core.storage import LocalStorage, get_storage
from lecturehall.modules.media import operations
from lecturehall.modules.media.filenames import safe_filename
from lecturehall.modules.media.models import Recording, Track, TrackKind, Upload, UploadPurpose, UploadStatus
from lecturehall.modules.media.errors import MESSAGES, MediaError
from lecturehall.modules.media.probe import probe, require_ffmpeg
from lecturehall.modules.media.subtitles import MAX_SUBTITLE_BYTES, subtitle_to_webvtt

READ_SIZE = 1024 * 1024  # bytes read from the request at a time: memory stays flat whatever the chunk size
STALE_AFTER = timedelta(days=1)

# Where an interpretation track is stored, by the demuxer ffprobe recognised (the first of its format_name list).
_AUDIO_EXTENSIONS = {"mp3": "mp3", "wav": "wav", "w64": "w64", "flac": "flac", "ogg": "ogg", "aac": "aac",
                     "aiff": "aiff", "caf": "caf", "wv": "wv", "amr": "amr", "mpegts": "ts", "mpeg": "mpg",
                     "flv": "flv", "asf": "wma", "avi": "avi", "mxf": "mxf", "dv": "dv"}


class UploadRefused(Exception):
    """A request the upload cannot take: ``http_status`` is the status to answer with, ``message`` says why to the
    uploader, ``details`` go into the JSON answer (the offset the server expects, say)."""

    def __init__(self, http_status: int, message, **details):
        super().__init__(str(message))
        self.http_status = http_status
        self.message = message
        self.details = details


def size_text(size: int) -> str:
    """A byte count as the viewer reads it: "8 GB", "5 MB", "3,5 Mo"."""
    for unit, factor in (("digital-gigabyte", 1024 ** 3), ("digital-megabyte", 1024 ** 2),
                         ("digital-kilobyte", 1024)):
        if size >= factor:
            return format_unit(round(size / factor, 1), unit, length="short", locale=get_locale() or "en")
    return format_unit(size, "digital-byte", length="short", locale=get_locale() or "en")


def size_limit(purpose: UploadPurpose) -> int:
    if purpose is UploadPurpose.subtitles:
        return MAX_SUBTITLE_BYTES
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def chunk_limit() -> int:
    """The largest chunk a request may carry: the app's request size limit."""
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def chunk_size() -> int:
    """The chunk size clients are told to use."""
    return min(int(current_app.config["UPLOAD_CHUNK_BYTES"]), chunk_limit())


def start_upload(lecture, user, *, filename: str, size, purpose: str, language: str | None) -> Upload:
    """A new upload with an empty part file, or UploadRefused. Nothing is created when it is refused."""
    try:
        kind = UploadPurpose(purpose)
    except ValueError:
        raise UploadRefused(400, _l("Say what the file is: the recording, an interpretation track or subtitles."))
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise UploadRefused(400, _l("The file size is missing."))
    if size == 0:
        raise UploadRefused(422, MESSAGES["empty"])
    limit = size_limit(kind)
    if size > limit:
        raise UploadRefused(413, _l("This file is larger than the %(limit)s allowed.", limit=size_text(limit)))
    if not isinstance(filename, str):
        raise UploadRefused(422, MESSAGES["bad-name"])
    try:
        name = safe_filename(filename)
    except MediaError as error:
        raise UploadRefused(422, error.message) from error
    if kind is UploadPurpose.recording:
        language = None
    elif language not in CONTENT_LANGUAGES:
        raise UploadRefused(422, _l("Choose the language of this track."))
    if kind is not UploadPurpose.subtitles:
        require_ffmpeg()  # a server that cannot check recordings says so before gigabytes are sent

    upload = Upload(user_id=user.id, lecture_id=lecture.id, purpose=kind, language=language, filename=name,
                    size=size, received=0, status=UploadStatus.receiving)
    db.session.add(upload)
    db.session.flush()
    get_storage().save(upload.part_path, io.BytesIO(b""))
    return upload


def receive_chunk(upload: Upload, start: int, length: int, stream: BinaryIO, body_length: int | None) -> None:
    """Writes ``length`` bytes from ``stream`` at ``start`` of the part file, reading a little at a time.

    A chunk is kept whole or not at all: bytes past ``received`` left by an interrupted request are overwritten,
    and a body shorter than announced is cut off again, so ``received`` always counts bytes that arrived whole.
    ``body_length`` is the request's Content-Length, which must be the chunk's length."""
    if upload.status is not UploadStatus.receiving:
        raise UploadRefused(409, upload.error or _l("This upload is already finished."), offset=upload.received,
                            status=upload.status.value)
    if start != upload.received:
        raise UploadRefused(409, _l("The server expected another part of the file."), offset=upload.received)
    if length <= 0 or start + length > upload.size:
        raise UploadRefused(400, _l("This part lies outside the file."), offset=upload.received)
    if body_length != length:
        raise UploadRefused(400, _l("The part's length does not match its range."), offset=upload.received)
    # Part files are local by nature: an object store would take the chunks as a multipart upload instead.
    path = get_storage().local_path(upload.part_path)
    if not path.is_file():
        raise UploadRefused(410, _l("This upload has expired. Start it again."))
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.truncate()
        written = 0
        while written < length:
            data = stream.read(min(READ_SIZE, length - written))
            if not data:
                break
            handle.write(data)
            written += len(data)
        if written != length:
            handle.truncate(start)
            raise UploadRefused(400, _l("Part of the file did not arrive. It will be sent again."),
                                offset=upload.received)
    upload.received = start + length


def receive_file(upload: Upload, path: Path) -> None:
    """The whole file at once, from the server's own disk (``lecturehall media import``), in place of chunks."""
    if upload.status is not UploadStatus.receiving:
        raise UploadRefused(409, _l("This upload is already finished."))
    with open(path, "rb") as handle:
        received = get_storage().save(upload.part_path, handle)
    if received != upload.size:
        raise UploadRefused(400, _l("Part of the file did not arrive. It will be sent again."))
    upload.received = received
    db.session.flush()


def finish_upload(upload: Upload) -> Recording | Track:
    """Checks the complete file by its content and attaches it to the lecture.

    On MediaError the part file is removed, the upload is marked failed with the reason, and the error is raised
    again for the caller, which must commit that outcome."""
    try:
        if upload.purpose is UploadPurpose.subtitles:
            attached = _attach_subtitles(upload)
        else:
            attached = _attach_media(upload)
    except MediaError as error:
        fail_upload(upload, error.message)
        raise
    get_storage().delete(upload.part_path)
    upload.status = UploadStatus.complete
    db.session.flush()
    if isinstance(attached, Recording):
        operations.recording_added(attached)
    else:
        operations.track_added(attached)
    return attached


def fail_upload(upload: Upload, message) -> None:
    get_storage().delete(upload.part_path)
    upload.status = UploadStatus.failed
    upload.error = str(message)
    db.session.flush()


def cancel_upload(upload: Upload) -> None:
    get_storage().delete(upload.part_path)
    db.session.delete(upload)
    db.session.flush()


def remove_stale_uploads(older_than: timedelta = STALE_AFTER) -> int:
    """Deletes uploads left receiving (or failed) and untouched for ``older_than``, with their part files, and part
    files no upload claims. Returns how many uploads went."""
    cutoff = utcnow() - older_than
    stale = db.session.execute(
        sa.select(Upload).where(Upload.status.in_([UploadStatus.receiving, UploadStatus.failed]),
                                Upload.updated_at < cutoff)).scalars().all()
    storage = get_storage()
    for upload in stale:
        storage.delete(upload.part_path)
        db.session.delete(upload)
    db.session.flush()
    _remove_orphan_parts(storage, cutoff.timestamp())
    return len(stale)


def _remove_orphan_parts(storage: LocalStorage, cutoff: float) -> None:
    """A part file whose upload row was never committed (the request failed after it was made)."""
    folder = storage.local_path("uploads")
    if not folder.is_dir():
        return
    claimed = set(db.session.execute(sa.select(Upload.id)).scalars())
    for entry in folder.iterdir():
        if entry.suffix == ".part" and entry.stem not in claimed and entry.stat().st_mtime < cutoff:
            entry.unlink(missing_ok=True)


def _attach_media(upload: Upload) -> Recording | Track:
    storage = get_storage()
    part = storage.local_path(upload.part_path)
    kind = "recording" if upload.purpose is UploadPurpose.recording else "audio"
    info = probe(part, kind=kind)
    if upload.purpose is UploadPurpose.recording:
        recording = Recording(lecture_id=upload.lecture_id, path="", original_filename=upload.filename,
                              size=upload.size, info=dataclasses.asdict(info), uploaded_by_id=upload.user_id)
        db.session.add(recording)
        db.session.flush()
        recording.path = f"recordings/{upload.lecture_id}/{recording.id}-{upload.filename}"
        _move(storage, upload.part_path, recording.path)
        return recording
    extension = _audio_extension(info.format_name, info.has_video)
    return _replace_track(upload, TrackKind.audio, extension,
                          lambda path: _move(storage, upload.part_path, path))


def _attach_subtitles(upload: Upload) -> Track:
    storage = get_storage()
    with storage.open(upload.part_path) as handle:
        data = handle.read(MAX_SUBTITLE_BYTES + 1)
    text = subtitle_to_webvtt(data)
    return _replace_track(upload, TrackKind.subtitles, "vtt",
                          lambda path: storage.save(path, io.BytesIO(text.encode("utf-8"))))


def _replace_track(upload: Upload, kind: TrackKind, extension: str, store) -> Track:
    """One track per kind and language: a new file takes the place of the old one, whose file goes once the change
    is committed (unless the new file has just been written over it)."""
    path = f"tracks/{upload.lecture_id}/{kind.value}-{upload.language}.{extension}"
    track = db.session.execute(sa.select(Track).where(
        Track.lecture_id == upload.lecture_id, Track.kind == kind, Track.language == upload.language)).scalar()
    store(path)
    if track is None:
        track = Track(lecture_id=upload.lecture_id, kind=kind, language=upload.language, path=path)
        db.session.add(track)
    else:
        old_path = track.path
        track.path, track.created_at = path, utcnow()
        if old_path != path:
            storage = get_storage()
            on_commit(lambda: storage.delete(old_path))
    db.session.flush()
    return track


def _audio_extension(format_name: str, has_video: bool) -> str:
    demuxer = (format_name or "").split(",")[0]
    if demuxer == "mov":
        return "mp4" if has_video else "m4a"
    if demuxer == "matroska":
        return "mkv" if has_video else "mka"
    return _AUDIO_EXTENSIONS.get(demuxer, "bin")


def _move(storage: LocalStorage, source: str, target: str) -> None:
    """A rename within the media folder: a recording of several gigabytes is not copied."""
    destination = storage.local_path(target)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(storage.local_path(source), destination)
