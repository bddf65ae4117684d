"""What an uploaded file really is, judged by its content with ffprobe, never by its name: recordings, extra
interpretation tracks and subtitle files are checked here before anything is stored or transcoded.

Only a short list of ordinary audio and video containers is ever opened (``DEMUXERS``): playlists, concat lists and
image sequences could make ffmpeg read other files on the server, and images or text are not recordings."""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from flask_babel import lazy_gettext as _l

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

MESSAGES = {
    "empty": _l("The file is empty. Choose the recording again and upload it once more."),
    "not-media": _l("This file is not an audio or video recording we can read. Upload a video (such as MP4, WebM "
                    "or MOV) or an audio file (such as MP3, M4A or WAV)."),
    "truncated": _l("This recording is incomplete: the file ends early, probably because the upload or the "
                    "recording was interrupted. Upload the complete file."),
    "no-streams": _l("This file holds neither sound nor pictures. Upload the recording itself."),
    "no-audio": _l("This file has no sound. An interpretation track must contain audio."),
    "bad-dimensions": _l("The picture size of this video is not supported: it must be between 32×32 and 7680×4320 "
                         "pixels."),
    "bad-duration": _l("The recording must last between half a second and 12 hours."),
    "bad-name": _l("This file name cannot be used. Rename the file with letters or digits and upload it again."),
    "not-subtitles": _l("This file is not a subtitle file we can read. Upload WebVTT (.vtt) or SubRip (.srt) "
                        "subtitles saved as UTF-8."),
}


class MediaError(Exception):
    """A refused file: ``code`` names the reason for code ("truncated"), ``message`` says it to the uploader in
    their language (a lazy string)."""

    def __init__(self, code: str, message=None):
        self.code = code
        self.message = message if message is not None else MESSAGES.get(code, MESSAGES["not-media"])
        super().__init__(code)


class FFmpegMissing(RuntimeError):
    """ffmpeg or ffprobe is not installed; said to the operator, not to an uploader."""


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


# --- file names ---------------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                               *(f"lpt{i}" for i in range(1, 10))})
MAX_NAME = 120


def safe_filename(name: str) -> str:
    """A name safe to store and to offer for download: no directories, no control characters, ASCII letters,
    digits, dots, hyphens and underscores only, the extension kept. A name in another script (讲座.mp4) becomes
    ``file-<hash>.mp4`` so that it stays distinct; MediaError("bad-name") if nothing usable is left."""
    name = (name or "").replace("\x00", "")
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")
    name = re.split(r"[\\/]", name)[-1].strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    safe_stem = _ascii(stem).strip("._-")
    safe_extension = _ascii(extension).strip("._-").lower()[:10]
    if not safe_stem:
        if not any(ch.isalnum() for ch in stem):
            raise MediaError("bad-name")
        safe_stem = "file-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    safe_stem = safe_stem[: MAX_NAME - len(safe_extension) - 1].rstrip("._-")
    if safe_stem.lower().split(".")[0] in _WINDOWS_RESERVED:
        safe_stem = f"{safe_stem}_"
    return f"{safe_stem}.{safe_extension}" if safe_extension else safe_stem


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _UNSAFE.sub("_", folded.replace(" ", "_"))
    return re.sub(r"\.{2,}", ".", re.sub(r"_{2,}", "_", folded))


# --- subtitles ----------------------------------------------------------------------------------------------------

_SRT_TIMING = re.compile(
    r"^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(.*)$"
)
_ALLOWED_TAG = re.compile(r"</?(i|b|u)>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^}]*\}")  # HTML-ish tags and {\an8}-style SSA overrides
MAX_SUBTITLE_BYTES = 5 * 1024 * 1024


def subtitle_to_webvtt(data: bytes) -> str:
    """WebVTT text from a WebVTT or SubRip file (recognised by content, UTF-8 with or without BOM), or
    MediaError("not-subtitles")."""
    if not data or len(data) > MAX_SUBTITLE_BYTES:
        raise MediaError("not-subtitles")
    text = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise MediaError("not-subtitles")
    if re.match(r"WEBVTT(?:[ \t\n]|$)", text):
        # A header followed by text that is neither a cue nor a note is not a subtitle file.
        stray = "-->" not in text and text.strip() != "WEBVTT"
        if stray and not re.search(r"^NOTE\b", text, flags=re.MULTILINE):
            raise MediaError("not-subtitles")
        return text if text.endswith("\n") else text + "\n"
    return _srt_to_webvtt(text)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MediaError("not-subtitles") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MediaError("not-subtitles") from exc


def _srt_to_webvtt(text: str) -> str:
    cues = []
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [line for line in block.split("\n")]
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        if not lines:
            continue
        match = _SRT_TIMING.match(lines[0])
        if not match:
            raise MediaError("not-subtitles")
        h1, m1, s1, f1, h2, m2, s2, f2, _rest = match.groups()
        start, end = _timestamp(h1, m1, s1, f1), _timestamp(h2, m2, s2, f2)
        body = [_cue_text(line) for line in lines[1:]]
        body = [line for line in body if line.strip()]
        cues.append(f"{start} --> {end}\n" + "\n".join(body))
    if not cues:
        raise MediaError("not-subtitles")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _timestamp(hours: str, minutes: str, seconds: str, fraction: str) -> str:
    if int(minutes) > 59 or int(seconds) > 59:
        raise MediaError("not-subtitles")
    return f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}.{fraction.ljust(3, '0')}"


def _cue_text(line: str) -> str:
    """SubRip cue text as WebVTT cue text: <i>, <b> and <u> stay, other markup goes, and & < > are escaped."""
    kept = []
    position = 0
    for match in _ANY_TAG.finditer(line):
        kept.append(_escape(line[position:match.start()]))
        if _ALLOWED_TAG.fullmatch(match.group(0)):
            kept.append(match.group(0).lower())
        position = match.end()
    kept.append(_escape(line[position:]))
    return "".join(kept)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
