"""What an uploaded recording or interpretation track really is, judged by its content with ffprobe, never by its
name, before anything is stored or transcoded (subtitle files are checked in subtitles.py, names in filenames.py).

Only a short list of ordinary audio and video containers is ever opened (``DEMUXERS``): playlists, concat lists and
image sequences could make ffmpeg read other files on the server, and images or text are not recordings."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from lecturehall.modules.media.errors import FFmpegMissing, MediaError

# Demuxers ffmpeg may use on an upload (names as ffmpeg lists them; "mov" covers MP4/M4A, "matroska" WebM).
DEMUXERS = ("mov", "matroska", "avi", "mp3", "wav", "w64", "flac", "ogg", "aac", "mpegts", "mpeg", "flv", "asf",
            "aiff", "caf", "wv", "amr", "mxf", "dv")
STILL_IMAGE_CODECS = frozenset({"png", "bmp", "gif", "webp", "tiff", "jpegls", "jpeg2000", "ppm", "pgm", "ansi",
                                "apng", "svg", "qoi"})

MIN_SIDE, MAX_WIDTH, MAX_HEIGHT = 32, 7680, 4320
MIN_DURATION, MAX_DURATION = 0.5, 12 * 3600.0
TAIL_SECONDS = 2.0
PROBE_TIMEOUT = 60  # seconds; a file that takes longer to read is refused rather than holding a worker

_TRUNCATION_MARKERS = ("partial file", "ended prematurely", "truncat", "unexpected end", "end of file",
                       "invalid data found", "moov atom not found")


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    has_video: bool
    has_audio: bool
    width: int | None
    height: int | None
    fps: float | None
    video_codec: str | None
    audio_codec: str | None
    audio_channels: int | None
    bit_rate: int | None
    format_name: str
    # The video's pixel format and profile (yuv420p, "High"; "High 4:4:4 Predictive", yuv420p10le): whether a
    # browser can play the stream as it is. None for sound only, and for recordings probed before they were kept.
    pixel_format: str | None = None
    video_profile: str | None = None


def require_ffmpeg() -> None:
    if not shutil.which("ffmpeg") or not shutil.which("ffprobe"):
        raise FFmpegMissing("ffmpeg is not installed. On Debian or Ubuntu: sudo apt-get install ffmpeg")


def input_args(path) -> list[str]:
    """ffmpeg/ffprobe arguments that open ``path`` as a plain local file with one of the accepted demuxers: the
    file: prefix keeps a name such as ``concat:a|b`` or ``-x`` from being read as something else."""
    return ["-format_whitelist", ",".join(DEMUXERS), "-i", f"file:{Path(path).resolve()}"]


def probe(path, kind: str = "recording") -> MediaInfo:
    """What the file holds, or MediaError. ``kind`` is "recording" (sound or pictures) or "audio" (an extra
    interpretation track, which must have sound)."""
    if kind not in ("recording", "audio"):
        raise ValueError(f"unknown kind of upload: {kind!r}")
    require_ffmpeg()
    path = Path(path)
    if path.stat().st_size == 0:
        raise MediaError("empty")
    data = _ffprobe(path)
    fmt = data.get("format") or {}
    format_name = fmt.get("format_name") or ""
    streams = data.get("streams") or []
    video = _main_video(streams)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise MediaError("no-streams")
    if kind == "audio" and audio is None:
        raise MediaError("no-audio")

    width = height = None
    fps = None
    if video is not None:
        width, height = _int(video.get("width")), _int(video.get("height"))
        if not width or not height:
            raise MediaError("not-media")
        if not (MIN_SIDE <= width <= MAX_WIDTH and MIN_SIDE <= height <= MAX_HEIGHT):
            raise MediaError("bad-dimensions")
        fps = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))

    duration = _float(fmt.get("duration"))
    measured = False
    if duration is None:
        # Browser recordings (MediaRecorder WebM) often carry no duration in the header: read the whole file.
        duration = _measure_duration(path)
        measured = True
    if duration is None or duration <= 0:
        raise MediaError("not-media")
    if not (MIN_DURATION <= duration <= MAX_DURATION):
        raise MediaError("bad-duration")
    if not measured:
        _check_tail(path, duration)

    return MediaInfo(
        duration=duration,
        has_video=video is not None,
        has_audio=audio is not None,
        width=width,
        height=height,
        fps=fps,
        video_codec=video.get("codec_name") if video else None,
        audio_codec=audio.get("codec_name") if audio else None,
        audio_channels=_int(audio.get("channels")) if audio else None,
        bit_rate=_int(fmt.get("bit_rate")),
        format_name=format_name,
        pixel_format=video.get("pix_fmt") if video else None,
        video_profile=video.get("profile") if video else None,
    )


def _ffprobe(path: Path) -> dict:
    argv = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", *input_args(path)]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=PROBE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("not-media") from exc
    if done.returncode != 0:
        raise MediaError("not-media")
    try:
        return json.loads(done.stdout.decode("utf-8", "replace"))
    except ValueError as exc:
        raise MediaError("not-media") from exc


def _main_video(streams: list[dict]) -> dict | None:
    """The first real video stream: cover art in an MP3 or M4A (attached_pic) and still images do not count."""
    for stream in streams:
        if stream.get("codec_type") != "video":
            continue
        if (stream.get("disposition") or {}).get("attached_pic"):
            continue
        if stream.get("codec_name") in STILL_IMAGE_CODECS:
            continue
        return stream
    return None


def _check_tail(path: Path, duration: float) -> None:
    """Decodes the last seconds: a file cut short (an MP4 with its index in front, a WebM) still probes fine,
    but its end cannot be decoded."""
    argv = ["ffmpeg", "-nostdin", "-v", "error", "-sseof", f"-{TAIL_SECONDS}", *input_args(path),
            "-f", "null", "-progress", "pipe:1", "-nostats", "-"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=PROBE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("truncated") from exc
    errors = done.stderr.decode("utf-8", "replace").lower()
    reached = _last_out_time(done.stdout.decode("utf-8", "replace"))
    expected = min(TAIL_SECONDS, duration)
    if done.returncode != 0 or any(marker in errors for marker in _TRUNCATION_MARKERS) or reached < expected / 2:
        raise MediaError("truncated")


def _measure_duration(path: Path) -> float | None:
    argv = ["ffmpeg", "-nostdin", "-v", "error", *input_args(path), "-map", "0:a?", "-map", "0:v?", "-c", "copy",
            "-f", "null", "-progress", "pipe:1", "-nostats", "-"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=PROBE_TIMEOUT * 5, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("not-media") from exc
    errors = done.stderr.decode("utf-8", "replace").lower()
    if done.returncode != 0:
        raise MediaError("not-media")
    if any(marker in errors for marker in _TRUNCATION_MARKERS):
        raise MediaError("truncated")
    seconds = _last_out_time(done.stdout.decode("utf-8", "replace"))
    return seconds or None


def _last_out_time(progress: str) -> float:
    values = re.findall(r"^out_time_us=(\d+)\s*$", progress, flags=re.MULTILINE)
    return int(values[-1]) / 1_000_000 if values else 0.0


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _rate(value) -> float | None:
    try:
        rate = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return round(float(rate), 3) if rate > 0 else None
