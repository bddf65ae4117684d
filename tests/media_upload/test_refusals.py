"""Files that are not what they claim: each is refused with a clear message, and nothing is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecturehall.core.db import db
from lecturehall.modules.media.models import Recording, Track, Upload, UploadStatus
from lecturehall.modules.media.errors import MESSAGES

MiB = 1024 * 1024


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def _assert_nothing_left(media_dir: Path) -> None:
    assert _files_under(media_dir / "uploads") == []
    assert _files_under(media_dir / "recordings") == []
    assert _files_under(media_dir / "tracks") == []
    assert db.session.execute(db.select(Recording)).scalars().all() == []
    assert db.session.execute(db.select(Track)).scalars().all() == []


@pytest.mark.parametrize("name, purpose, code", [
    ("text_as_mp4", "recording", "not-media"),
    ("png", "recording", "not-media"),
    ("truncated", "recording", "truncated"),
    ("video_only", "audio", "no-audio"),
    ("recording", "subtitles", "not-subtitles"),
    ("text_as_mp4", "subtitles", "not-subtitles"),
])
def test_a_refused_file_leaves_nothing_behind(app, uploader, media_files, media_dir, name, purpose, code):
    path = getattr(media_files, name)
    data = path.read_bytes()
    language = None if purpose == "recording" else "fr"
    started, last = uploader.upload(data, path.name, purpose, language, chunk=len(data) // 2 + 1)

    assert last.status_code == 422
    assert last.get_json() == {"error": str(MESSAGES[code])}
    _assert_nothing_left(media_dir)
    upload_id = started.get_json()["id"]
    # The refusal is kept, so that a client that lost the answer learns why when it asks.
    upload = db.session.get(Upload, upload_id)
    assert upload.status is UploadStatus.failed and upload.error == str(MESSAGES[code])
    assert uploader.state(upload_id).get_json() == {"offset": len(data), "size": len(data), "status": "failed",
                                                    "error": str(MESSAGES[code])}
    again = uploader.put(upload_id, data[-10:], len(data) - 10, len(data))
    assert again.status_code == 409 and again.get_json()["status"] == "failed"


def test_an_empty_file_is_refused_before_anything_is_made(app, uploader, media_dir):
    response = uploader.start("lecture.mp4", 0)
    assert response.status_code == 422
    assert response.get_json()["error"] == str(MESSAGES["empty"])
    _assert_nothing_left(media_dir)
    assert db.session.execute(db.select(Upload)).scalars().all() == []


def test_the_limit_is_written_for_the_uploaders_language(app, uploader, organiser):
    from lecturehall.modules.accounts import operations as accounts

    accounts.set_language(organiser, "fr")
    db.session.commit()
    started = uploader.start("lecture.mp4", 100 * 1024 ** 4)
    assert started.status_code == 413
    assert "8\u202fGo" in started.get_json()["error"] or "8 Go" in started.get_json()["error"]


@pytest.mark.parametrize("purpose, size, limit", [
    ("recording", 8 * 1024 ** 3 + 1, "8 GB"),
    ("audio", 8 * 1024 ** 3 + 1, "8 GB"),
    ("subtitles", 5 * MiB + 1, "5 MB"),
])
def test_a_file_over_the_limit_is_refused_with_413(app, uploader, media_dir, purpose, size, limit):
    response = uploader.start("lecture.mp4", size, purpose, None if purpose == "recording" else "es")
    assert response.status_code == 413
    assert response.get_json() == {"error": f"This file is larger than the {limit} allowed."}
    _assert_nothing_left(media_dir)
    assert db.session.execute(db.select(Upload)).scalars().all() == []


def test_the_limit_comes_from_the_configuration(make_app, organiser, lecture, media_files, media_dir):
    from tests.conftest import STRONG_PASSWORD, Forms
    from tests.media_upload.conftest import UploadClient

    app = make_app(MAX_UPLOAD_BYTES=1024 * 1024)
    uploader = UploadClient(app.test_client(), lecture.id)
    Forms(uploader.client).post("/login", {"email": organiser.email, "password": STRONG_PASSWORD})
    response = uploader.start("long.wav", media_files.large_wav.stat().st_size)
    assert response.status_code == 413
    assert response.get_json() == {"error": "This file is larger than the 1 MB allowed."}
    assert uploader.start("lecture.mp4", media_files.recording.stat().st_size).status_code == 201


@pytest.mark.parametrize("filename, stored", [
    ("../../etc/passwd", "passwd"),
    ("C:\\x\\y.mp4", "y.mp4"),
    ("/var/media/recordings/1/evil.mp4", "evil.mp4"),
    ("..\\..\\lecture.mp4", "lecture.mp4"),
    ("\x00.mp4", None),
    ("../..", None),
    ("", None),
])
def test_file_names_with_path_tricks_are_cleaned_or_refused(app, uploader, media_files, media_dir, lecture,
                                                             filename, stored):
    data = media_files.recording.read_bytes()
    started = uploader.start(filename, len(data))
    if stored is None:
        assert started.status_code == 422
        assert started.get_json() == {"error": str(MESSAGES["bad-name"])}
        _assert_nothing_left(media_dir)
        return
    assert started.status_code == 201
    last = uploader.send_chunks(started.get_json()["id"], data, len(data))
    assert last.status_code == 200
    recording = db.session.execute(db.select(Recording)).scalar_one()
    assert recording.original_filename == stored
    assert recording.path == f"recordings/{lecture.id}/{recording.id}-{stored}"
    assert (media_dir / recording.path).is_file()
    assert [p.relative_to(media_dir).as_posix() for p in _files_under(media_dir)] == [recording.path]


@pytest.mark.parametrize("payload, status", [
    ({"filename": "a.vtt", "size": 10, "purpose": "subtitles"}, 422),
    ({"filename": "a.vtt", "size": 10, "purpose": "subtitles", "language": "xx"}, 422),
    ({"filename": "a.mp3", "size": 10, "purpose": "audio", "language": "../fr"}, 422),
    ({"filename": "a.mp4", "size": 10, "purpose": "poster"}, 400),
    ({"filename": "a.mp4", "size": "10", "purpose": "recording"}, 400),
    ({"filename": "a.mp4", "size": -1, "purpose": "recording"}, 400),
    ({"filename": ["a.mp4"], "size": 10, "purpose": "recording"}, 422),
])
def test_an_incomplete_declaration_is_refused(app, uploader, media_dir, payload, status):
    response = uploader.client.post(f"/manage/lectures/{uploader.lecture_id}/uploads", json=payload,
                                    headers=uploader.headers())
    assert response.status_code == status
    assert response.get_json()["error"]
    assert db.session.execute(db.select(Upload)).scalars().all() == []
    assert _files_under(media_dir / "uploads") == []
