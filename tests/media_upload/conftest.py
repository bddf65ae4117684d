"""Media made with ffmpeg's generators (once per session), an organiser with a lecture, and a client that speaks the
upload protocol."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


MiB = 1024 * 1024
SRT = (
    "1\n00:00:00,000 --> 00:00:01,000\nWelcome to the <b>Cloud Lecture Hall</b>.\n\n"
    "2\n00:00:01,000 --> 00:00:02,000\nToday: cross-border e-commerce & payments.\n"
)


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


@dataclass(frozen=True)
class MediaFiles:
    recording: Path  # 2 s, 320x240, H.264 + AAC
    audio: Path  # 2 s MP3
    wav: Path  # 2 s WAV
    large_wav: Path  # a little over 20 MiB of sound
    video_only: Path  # 2 s of pictures, no sound
    truncated: Path  # the first half of an MP4 whose index is at the front
    png: Path
    text_as_mp4: Path
    srt: Path
    vtt: Path


@pytest.fixture(scope="session")
def media_files(tmp_path_factory) -> MediaFiles:
    if not shutil.which("ffmpeg") or not shutil.which("ffprobe"):
        pytest.skip("ffmpeg is not installed")
    folder = tmp_path_factory.mktemp("media-files")
    video = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2"]
    sound = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
    files = MediaFiles(
        recording=folder / "lecture.mp4", audio=folder / "interpretation.mp3", wav=folder / "interpretation.wav",
        large_wav=folder / "long.wav", video_only=folder / "pictures.mp4", truncated=folder / "truncated.mp4",
        png=folder / "slide.png", text_as_mp4=folder / "notes.mp4", srt=folder / "subtitles.srt",
        vtt=folder / "subtitles.vtt")
    _ffmpeg(*video, *sound, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(files.recording))
    _ffmpeg(*sound, "-c:a", "libmp3lame", str(files.audio))
    _ffmpeg(*sound, "-c:a", "pcm_s16le", str(files.wav))
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=110", "-ac", "2", "-ar", "48000", "-c:a", "pcm_s16le",
            str(files.large_wav))
    _ffmpeg(*video, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(files.video_only))
    whole = folder / "whole-faststart.mp4"
    _ffmpeg(*video, *sound, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            "-movflags", "+faststart", str(whole))
    data = whole.read_bytes()
    files.truncated.write_bytes(data[: len(data) // 2])
    _ffmpeg("-f", "lavfi", "-i", "color=c=red:size=64x64", "-frames:v", "1", str(files.png))
    files.text_as_mp4.write_text("Agenda: logistics and payments.\n" * 50)
    files.srt.write_text(SRT, encoding="utf-8")
    files.vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBienvenue.\n", encoding="utf-8")
    assert files.large_wav.stat().st_size > 20 * MiB
    return files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class UploadClient:
    """Speaks the upload protocol as upload.js does: a CSRF token from the media page, JSON to start, PUT chunks."""

    def __init__(self, client, lecture_id: int):
        self.client = client
        self.lecture_id = lecture_id
        self._token: str | None = None

    @property
    def page(self) -> str:
        return f"/manage/lectures/{self.lecture_id}/media"

    def token(self) -> str:
        if self._token is None:
            html = self.client.get(self.page).get_data(as_text=True)
            match = re.search(r'data-csrf-token="([^"]+)"', html)
            assert match, "the media page has no CSRF token"
            self._token = match.group(1)
        return self._token

    def headers(self, **extra) -> dict:
        return {"X-CSRFToken": self.token(), **extra}

    def start(self, filename: str, size: int, purpose: str = "recording", language: str | None = None,
              lecture_id: int | None = None):
        payload = {"filename": filename, "size": size, "purpose": purpose}
        if language is not None:
            payload["language"] = language
        return self.client.post(f"/manage/lectures/{lecture_id or self.lecture_id}/uploads", json=payload,
                                headers=self.headers())

    def put(self, upload_id: str, data: bytes, start: int, total: int):
        end = start + len(data) - 1
        return self.client.put(f"/uploads/{upload_id}", data=data, headers=self.headers(**{
            "Content-Range": f"bytes {start}-{end}/{total}", "Content-Type": "application/octet-stream"}))

    def state(self, upload_id: str):
        return self.client.get(f"/uploads/{upload_id}")

    def send_chunks(self, upload_id: str, data: bytes, chunk: int, start: int = 0, stop_after: int | None = None):
        """PUTs ``data`` from ``start`` in chunks; returns the last response."""
        response = None
        sent = 0
        offset = start
        while offset < len(data):
            response = self.put(upload_id, data[offset:offset + chunk], offset, len(data))
            offset += chunk
            sent += 1
            if response.status_code != 200 or (stop_after is not None and sent >= stop_after):
                break
        return response

    def upload(self, data: bytes, filename: str, purpose: str = "recording", language: str | None = None,
               chunk: int | None = None):
        """A whole upload; returns (start response, last response)."""
        started = self.start(filename, len(data), purpose, language)
        assert started.status_code == 201, started.get_json()
        body = started.get_json()
        return started, self.send_chunks(body["id"], data, chunk or body["chunk_size"])


@pytest.fixture
def organiser(create_user):
    return create_user("organiser@example.org", country="CN")


@pytest.fixture
def lecture(create_lecture, create_programme, organiser):
    programme = create_programme("Silk Road e-commerce", organisers=[organiser])
    return create_lecture("Live-stream selling of agricultural specialties", programme=programme)


@pytest.fixture
def uploader(client, login, organiser, lecture) -> UploadClient:
    login(organiser)
    return UploadClient(client, lecture.id)


@pytest.fixture
def media_dir(app) -> Path:
    return Path(app.config["MEDIA_DIR"])
