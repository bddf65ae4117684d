"""Tiny recordings made with ffmpeg's test sources (once per session), files that only pretend to be recordings,
and one transcoded replay shared by the tests that only read it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lecturehall.modules.media import pipeline
from lecturehall.modules.media.probe import probe


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def lavfi_clip(path: Path, size: str, seconds: float, *, rate: int = 25, audio: bool = True,
               video: bool = True, extra: tuple[str, ...] = ()) -> Path:
    args: list[str] = []
    if video:
        args += ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:r=48000:d={seconds}"]
    if video:
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "64k"]
    ffmpeg(*args, *extra, "-t", str(seconds), str(path))
    return path


def first_half(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


class Clips:
    """Paths to the session's test recordings, made on first use."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _make(self, name: str, build) -> Path:
        path = self.folder / name
        if not path.exists():
            build(path)
        return path

    @property
    def small(self) -> Path:  # 320x240, H.264 + AAC at a low bitrate: quick-remuxable
        return self._make("small.mp4", lambda p: lavfi_clip(p, "320x240", 3, extra=("-b:v", "300k")))

    @property
    def sd(self) -> Path:
        return self._make("sd.mp4", lambda p: lavfi_clip(p, "640x360", 3))

    @property
    def hd(self) -> Path:  # three full rungs, two whole segments and a short one
        return self._make("hd.mp4", lambda p: lavfi_clip(p, "1280x720", 9, rate=30, extra=("-b:v", "1500k")))

    @property
    def full_hd(self) -> Path:
        return self._make("full_hd.mp4", lambda p: lavfi_clip(p, "1920x1080", 1.5, rate=30))

    @property
    def webm(self) -> Path:
        return self._make("clip.webm", lambda p: ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-f", "lavfi", "-i", "sine=d=3",
            "-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", str(p)))

    @property
    def wav(self) -> Path:
        return self._make("speech.wav", lambda p: ffmpeg("-f", "lavfi", "-i", "sine=f=220:r=48000:d=5", str(p)))

    @property
    def interpretation(self) -> Path:  # an interpreter's track, a little longer than the lecture
        return self._make("interpretation.m4a", lambda p: ffmpeg(
            "-f", "lavfi", "-i", "sine=f=330:r=44100:d=10", "-ac", "2", "-c:a", "aac", str(p)))

    @property
    def mp3_with_cover(self) -> Path:
        def build(path: Path) -> None:
            cover = self.png
            ffmpeg("-f", "lavfi", "-i", "sine=d=3", "-i", str(cover), "-map", "0", "-map", "1",
                   "-c:a", "libmp3lame", "-c:v", "mjpeg", "-disposition:v", "attached_pic", str(path))
        return self._make("cover.mp3", build)

    @property
    def video_only(self) -> Path:
        return self._make("silent.mp4", lambda p: lavfi_clip(p, "320x240", 3, audio=False))

    @property
    def empty(self) -> Path:
        return self._make("empty.mp4", lambda p: p.write_bytes(b""))

    @property
    def text(self) -> Path:
        return self._make("notes.mp4", lambda p: p.write_text("These are my lecture notes.\n" * 20))

    @property
    def png(self) -> Path:
        return self._make("slide.png", lambda p: ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240",
                                                        "-frames:v", "1", str(p)))

    @property
    def half_mp4(self) -> Path:  # index (moov) at the end: cut in half, it has none
        return self._make("half.mp4", lambda p: first_half(lavfi_clip(self.folder / "whole.mp4", "320x240", 3), p))

    @property
    def half_faststart(self) -> Path:  # index at the front: the header promises 3 s, the data stops halfway
        return self._make("half-faststart.mp4", lambda p: first_half(
            lavfi_clip(self.folder / "whole-faststart.mp4", "320x240", 3, extra=("-movflags", "+faststart")), p))

    @property
    def half_webm(self) -> Path:
        return self._make("half.webm", lambda p: first_half(self.webm, p))

    @property
    def sliver(self) -> Path:  # 10000x10 pixels
        return self._make("sliver.mp4", lambda p: lavfi_clip(p, "10000x10", 1, audio=False))

    @property
    def blink(self) -> Path:  # 0.2 s
        return self._make("blink.mp4", lambda p: lavfi_clip(p, "320x240", 0.2))


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> Clips:
    return Clips(tmp_path_factory.mktemp("clips"))


class ProgressLog:
    def __init__(self):
        self.calls: list[tuple[float, float | None]] = []

    def __call__(self, percent: float, eta_seconds: float | None) -> None:
        self.calls.append((percent, eta_seconds))

    @property
    def percents(self) -> list[float]:
        return [percent for percent, _ in self.calls]


@pytest.fixture(scope="session")
def hd_replay(clips, tmp_path_factory):
    """The 720p clip transcoded once: (replay directory, MediaInfo, progress calls). Tests that change a replay
    work on a copy (see ``replay_copy``)."""
    folder = tmp_path_factory.mktemp("replays")
    info = probe(clips.hd)
    progress = ProgressLog()
    result = pipeline.run_ladder(clips.hd, folder / "lecture-1", info, on_progress=progress)
    return result, info, progress


@pytest.fixture
def replay_copy(hd_replay, tmp_path) -> Path:
    result, _, _ = hd_replay
    target = tmp_path / "replay"
    shutil.copytree(result.out_dir, target)
    return target


def decode_errors(path: Path, *extra: str) -> str:
    """What ffmpeg complains about while decoding ``path`` completely ('' when it decodes cleanly)."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", *extra, "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip()


def stream_of(path: Path, selector: str = "v:0") -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-select_streams", selector, "-show_entries",
                           "stream=codec_name,width,height,pix_fmt:format=format_name,duration",
                           "-of", "default=nw=1", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
