"""The main recording: sent in chunks, resumed after a stop, stored byte for byte, and the controller never holds a
whole body in memory."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from werkzeug.wrappers import Request

from lecturehall.core.db import db
from lecturehall.modules.media import operations as media_operations
from lecturehall.modules.media import uploads
from lecturehall.modules.media.models import Recording, Upload, UploadStatus
from tests.conftest import STRONG_PASSWORD, Forms
from tests.media_upload.conftest import MiB, UploadClient, sha256


def _only_recording() -> Recording:
    recordings = db.session.execute(db.select(Recording)).scalars().all()
    assert len(recordings) == 1
    return recordings[0]


def test_a_recording_sent_in_chunks_is_stored_byte_for_byte(app, uploader, media_files, media_dir, organiser,
                                                             lecture):
    data = media_files.recording.read_bytes()
    chunk = len(data) // 3 + 1
    started, last = uploader.upload(data, "Lecture 3 (final).mp4", chunk=chunk)

    body = started.get_json()
    assert set(body) == {"id", "offset", "size", "chunk_size"}
    assert body["offset"] == 0 and body["size"] == len(data) and body["chunk_size"] == 8 * MiB
    assert started.headers["Location"] == f"/uploads/{body['id']}"
    assert last.status_code == 200, last.get_json()
    recording = _only_recording()
    assert last.get_json() == {"status": "complete", "recording_id": recording.id}

    assert recording.path == f"recordings/{lecture.id}/{recording.id}-Lecture_3_final.mp4"
    assert sha256((media_dir / recording.path).read_bytes()) == sha256(data)
    assert recording.size == len(data) and recording.original_filename == "Lecture_3_final.mp4"
    assert recording.uploaded_by_id == organiser.id and recording.lecture_id == lecture.id
    assert recording.info["width"] == 320 and recording.info["height"] == 240
    assert recording.info["has_audio"] and recording.info["has_video"]
    assert 1.5 < recording.info["duration"] < 2.5
    assert list((media_dir / "uploads").iterdir()) == []
    assert db.session.get(Upload, body["id"]).status is UploadStatus.complete
    assert uploader.state(body["id"]).get_json() == {"offset": len(data), "size": len(data), "status": "complete",
                                                     "error": None}

    page = uploader.client.get(uploader.page).get_data(as_text=True)
    assert "Lecture_3_final.mp4" in page and "The recording is uploaded." in page


def test_an_interrupted_upload_resumes_from_the_offset_the_server_keeps(app, uploader, media_files, media_dir):
    data = media_files.recording.read_bytes()
    chunk = len(data) // 5 + 1
    started = uploader.start("lecture.mp4", len(data))
    upload_id = started.get_json()["id"]
    assert uploader.send_chunks(upload_id, data, chunk, stop_after=2).status_code == 200

    # The tab is closed; later the same file is picked again and the page asks where the upload stands.
    state = uploader.state(upload_id)
    assert state.status_code == 200
    assert state.get_json() == {"offset": 2 * chunk, "size": len(data), "status": "receiving", "error": None}
    assert (media_dir / "uploads" / f"{upload_id}.part").stat().st_size == 2 * chunk

    # A client that lost track sends a part the server already has, or skips one: 409 with the offset to use.
    for wrong in (0, chunk, 3 * chunk):
        conflict = uploader.put(upload_id, data[wrong:wrong + chunk], wrong, len(data))
        assert conflict.status_code == 409
        assert conflict.get_json()["offset"] == 2 * chunk

    last = uploader.send_chunks(upload_id, data, chunk, start=state.get_json()["offset"])
    assert last.status_code == 200 and last.get_json()["status"] == "complete"
    assert sha256((media_dir / _only_recording().path).read_bytes()) == sha256(data)


def test_a_chunk_cut_short_is_not_counted(app, uploader, media_files, media_dir):
    data = media_files.recording.read_bytes()
    upload_id = uploader.start("lecture.mp4", len(data)).get_json()["id"]
    assert uploader.put(upload_id, data[:1000], 0, len(data)).status_code == 200
    # The body stops before the end its Content-Range announces (a dropped connection).
    short = uploader.client.put(f"/uploads/{upload_id}", data=data[1000:1500], headers=uploader.headers(**{
        "Content-Range": f"bytes 1000-1999/{len(data)}", "Content-Type": "application/octet-stream"}))
    assert short.status_code == 400 and short.get_json()["offset"] == 1000
    assert uploader.state(upload_id).get_json()["offset"] == 1000
    # The connection drops half-way through a body: what did arrive is cut off again.
    upload = db.session.get(Upload, upload_id)
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.receive_chunk(upload, 1000, 1000, io.BytesIO(data[1000:1500]), 1000)
    assert refused.value.http_status == 400 and refused.value.details == {"offset": 1000}
    assert upload.received == 1000
    assert (media_dir / upload.part_path).stat().st_size == 1000
    db.session.rollback()
    assert uploader.send_chunks(upload_id, data, 4096, start=1000).get_json()["status"] == "complete"
    assert sha256((media_dir / _only_recording().path).read_bytes()) == sha256(data)


def test_malformed_chunks_are_refused(app, uploader, media_files):
    data = media_files.recording.read_bytes()
    upload_id = uploader.start("lecture.mp4", len(data)).get_json()["id"]
    url = f"/uploads/{upload_id}"
    no_range = uploader.client.put(url, data=b"abc", headers=uploader.headers(
        **{"Content-Type": "application/octet-stream"}))
    assert no_range.status_code == 400 and no_range.get_json()["offset"] == 0
    other_size = uploader.put(upload_id, data[:10], 0, len(data) + 1)
    assert other_size.status_code == 400
    beyond = uploader.client.put(url, data=b"x", headers=uploader.headers(**{
        "Content-Range": f"bytes {len(data)}-{len(data)}/{len(data)}", "Content-Type": "application/octet-stream"}))
    assert beyond.status_code == 400
    form = uploader.client.put(url, data=b"a=b", headers=uploader.headers(**{
        "Content-Range": f"bytes 0-2/{len(data)}", "Content-Type": "application/x-www-form-urlencoded"}))
    assert form.status_code == 415
    assert uploader.state(upload_id).get_json()["offset"] == 0


def test_the_media_operations_are_told_about_a_new_recording(app, uploader, media_files, monkeypatch):
    told = []
    monkeypatch.setattr(media_operations, "recording_added", lambda recording: told.append(recording.id))
    _started, last = uploader.upload(media_files.recording.read_bytes(), "lecture.mp4")
    assert told == [last.get_json()["recording_id"]]


def test_large_chunks_are_streamed_to_disk_never_read_whole(make_app, organiser, lecture, media_files, monkeypatch):
    """A 20 MiB file in 8 MiB chunks under a 16 MiB request limit: request.data / get_data are never used, and the
    memory a chunk request takes stays well below the chunk's size."""
    app = make_app(MAX_CONTENT_LENGTH=16 * MiB)
    uploader = UploadClient(app.test_client(), lecture.id)
    Forms(uploader.client).post("/login", {"email": organiser.email, "password": STRONG_PASSWORD})
    data = media_files.large_wav.read_bytes()
    assert len(data) > 20 * MiB
    started = uploader.start("long.wav", len(data))
    assert started.status_code == 201
    upload_id, chunk = started.get_json()["id"], started.get_json()["chunk_size"]
    assert chunk == 8 * MiB

    def refuse(*args, **kwargs):
        raise AssertionError("the upload controller read a whole request body")

    monkeypatch.setattr(Request, "get_data", refuse)
    first = data[:chunk]
    tracemalloc.start()
    try:
        response = uploader.put(upload_id, first, 0, len(data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.get_json()
    # Reading a megabyte at a time costs about 3 MiB whatever the chunk; a whole-body read would cost 8 MiB or more.
    assert peak < 6 * MiB, f"a chunk request took {peak / MiB:.1f} MiB"

    last = uploader.send_chunks(upload_id, data, chunk, start=chunk)
    assert last.status_code == 200 and last.get_json()["status"] == "complete"
    monkeypatch.undo()
    recording = _only_recording()
    assert recording.info["has_video"] is False
    assert sha256((Path(app.config["MEDIA_DIR"]) / recording.path).read_bytes()) == sha256(data)


def test_a_chunk_larger_than_the_request_limit_is_refused(app, uploader, media_files):
    data = media_files.large_wav.read_bytes()
    upload_id = uploader.start("long.wav", len(data)).get_json()["id"]
    response = uploader.put(upload_id, data[:17 * MiB], 0, len(data))
    assert response.status_code == 413
    assert uploader.state(upload_id).get_json()["offset"] == 0
