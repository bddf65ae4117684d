"""Running ffmpeg for replays: the full ladder (run_ladder), a quick copy-only replay while the ladder is being made
(quick_remux), the MP4 download, the poster and the seek-bar thumbnails.

Every function writes beside its target and renames into place only when ffmpeg has succeeded, so a reader never
sees half a replay: a failure or a cancellation removes what was written. ffmpeg's own words about a failure stay in
``TranscodeFailed.detail`` for the log; ``reason`` says it plainly, translated, for the organiser."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import fcntl
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ffmpeg
from flask_babel import lazy_gettext as _l

from lecturehall.modules.media import ladder
from lecturehall.modules.media.probe import MediaInfo, input_args, require_ffmpeg

if TYPE_CHECKING:
    from lecturehall.modules.media.packaging import Manifest

ProgressCallback = Callable[[float, "float | None"], None]

DOWNLOAD_SHORT_SIDE = 720
DOWNLOAD_KBPS = 1600
POSTER_WIDTH = 1280
THUMB_WIDTH = 160
THUMB_COLUMNS = 10
MAX_THUMBS = 600  # one sprite stays a few MB: a longer recording gets a longer interval instead
QUICK_REMUX_MAX_BITRATE = 3_500_000  # the 1080p cap plus generous audio
STOP_GRACE_SECONDS = 5


class Cancelled(Exception):
    """The job was cancelled; nothing was published and what had been written is gone."""


class TranscodeFailed(Exception):
    """ffmpeg failed. ``reason`` is a plain, translated sentence; ``detail`` the end of ffmpeg's output."""

    def __init__(self, reason, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return str(self.reason) + (f" ({self.detail.splitlines()[-1]})" if self.detail.strip() else "")


@dataclass(frozen=True)
class LadderResult:
    out_dir: Path
    manifest: Manifest
    elapsed: float

    @property
    def master(self) -> Path:
        return self.out_dir / "master.m3u8"


# --- running ffmpeg -----------------------------------------------------------------------------------------------

_FAILURES = (
    (("no space left on device", "disk quota exceeded"),
     _l("The server ran out of disk space while preparing the replay. Ask an administrator to free some space, "
        "then try again.")),
    (("permission denied", "read-only file system"),
     _l("The server could not write the replay files. Ask an administrator to check the media folder.")),
    (("cannot allocate memory", "out of memory"),
     _l("The server ran out of memory while converting the recording. Try again later.")),
    (("unknown encoder", "encoder not found"),
     _l("This server's ffmpeg cannot encode H.264 or AAC. Ask an administrator to install the full ffmpeg "
        "package.")),
    (("decoder (codec", "unsupported codec", "no decoder"),
     _l("The recording uses a video or audio format this server cannot read. Export it as MP4 (H.264 video, AAC "
        "audio) and upload it again.")),
    (("invalid data found", "moov atom not found", "partial file", "ended prematurely", "corrupt",
      "error while decoding", "could not find codec parameters", "no such file or directory",
      "matches no streams", "does not contain any stream", "format not on whitelist"),
     _l("The recording is damaged or incomplete, so it could not be converted. Upload the original file again.")),
)
UNKNOWN_FAILURE = _l("The recording could not be converted. Try again; if it fails again, upload the file once more "
                      "or export it as MP4.")


def failure_reason(stderr_tail: str, returncode: int | None = None):
    """A plain-words reason for an ffmpeg failure, from the end of what it wrote to stderr."""
    text = stderr_tail.lower()
    for markers, reason in _FAILURES:
        if any(marker in text for marker in markers):
            return reason
    if returncode is not None and returncode < 0 and -returncode == 9:
        return _FAILURES[2][1]  # killed, most often by the kernel's out-of-memory killer
    return UNKNOWN_FAILURE


def run_ffmpeg(argv: list[str], duration: float, on_progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None, cap_percent: float = 100.0) -> None:
    """Runs an ffmpeg command that writes ``-progress pipe:1`` to stdout, reporting percent and an estimate of
    the seconds left (None until there is enough to go on). Raises Cancelled when ``cancel`` is set (ffmpeg is
    stopped) and TranscodeFailed when ffmpeg fails."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    tail: collections.deque[str] = collections.deque(maxlen=40)
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=_die_with_parent)  # noqa: PLW1509 -- only a pre-resolved C call runs
    stopped = threading.Event()

    def read_stderr() -> None:
        for raw in process.stderr:
            tail.append(raw.decode("utf-8", "replace").rstrip())

    def watch_cancel() -> None:
        while process.poll() is None:
            if cancel.wait(0.1):
                stopped.set()
                _stop(process)
                return

    readers = [threading.Thread(target=read_stderr, daemon=True)]
    if cancel is not None:
        readers.append(threading.Thread(target=watch_cancel, daemon=True))
    for thread in readers:
        thread.start()
    tracker = _ProgressTracker(duration, on_progress, cap_percent)
    try:
        for raw in process.stdout:
            key, _, value = raw.decode("ascii", "replace").strip().partition("=")
            tracker.feed(key, value)
        process.wait()
    except BaseException:
        _stop(process)
        raise
    finally:
        for thread in readers:
            thread.join(timeout=STOP_GRACE_SECONDS + 1)
        process.stdout.close()
        process.stderr.close()
    if stopped.is_set() or (cancel is not None and cancel.is_set() and process.returncode != 0):
        raise Cancelled()
    if process.returncode != 0:
        detail = "\n".join(tail)
        raise TranscodeFailed(failure_reason(detail, process.returncode), detail)


def _load_prctl():
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except OSError:  # not Linux/glibc: no such guard
        return None


# Resolved here, in the parent: the child runs _die_with_parent between fork and exec, where importing or loading
# a library could deadlock on a lock another thread of the worker held at the fork.
_PRCTL = _load_prctl()


def _die_with_parent() -> None:
    """ffmpeg is killed with the worker that started it (Linux), so a crashed worker leaves no encoder running."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _ProgressTracker:
    """ffmpeg -progress output (key=value lines) as a percentage that only rises, and an estimate of time left."""

    def __init__(self, duration: float, on_progress: ProgressCallback | None, cap_percent: float):
        self.duration = max(duration, 0.001)
        self.on_progress = on_progress
        self.cap = cap_percent
        self.started = time.monotonic()
        self.percent = 0.0
        self.seconds: float | None = None

    def feed(self, key: str, value: str) -> None:
        if key == "out_time_us":
            self.seconds = _number(value, 1e-6)
        elif key == "out_time" and self.seconds is None:
            self.seconds = _clock(value)
        elif key == "out_time_ms" and self.seconds is None:
            self.seconds = _number(value, 1e-6)  # ffmpeg has always written microseconds under this name
        elif key == "progress":
            done = value == "end"
            reached = 100.0 if done else min(100.0, 100.0 * (self.seconds or 0.0) / self.duration)
            self.seconds = None
            self.report(min(reached, self.cap))

    def report(self, percent: float) -> None:
        if percent < self.percent or self.on_progress is None:
            self.percent = max(self.percent, percent)
            return
        self.percent = percent
        elapsed = time.monotonic() - self.started
        eta = None
        if percent >= 100.0:
            eta = 0.0
        elif percent >= 1.0:
            eta = elapsed * (100.0 - percent) / percent
        self.on_progress(round(percent, 1), None if eta is None else round(eta, 1))


def _number(value: str, scale: float) -> float | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number * scale if number >= 0 else None


def _clock(value: str) -> float | None:
    match = re.fullmatch(r"(\d+):(\d{2}):(\d{2}(?:\.\d+)?)", value.strip())
    if not match:
        return None
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60 + float(match.group(3))


# --- publishing ---------------------------------------------------------------------------------------------------

PARTIAL_NAME = re.compile(r"^\..+\.(?:partial|old)-[0-9a-f]{8}$")
STALE_PARTIAL_SECONDS = 2  # only guards the instant between creating a partial and locking it


def partial_path(target: Path) -> Path:
    """A hidden sibling of ``target`` to write into before publishing."""
    target = Path(target)
    return target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")


@contextlib.contextmanager
def writing(target, *, directory: bool):
    """A hidden, locked sibling of ``target`` to write into (a directory or an empty file); removed if the block
    fails. The lock is released when this process ends however it ends, so the partial of a killed worker is
    recognised as abandoned and swept away by the next write into the same folder."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_partials(target.parent)
    partial = partial_path(target)
    if directory:
        partial.mkdir()
    else:
        partial.touch(exist_ok=False)
    handle = os.open(partial, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield partial
    except BaseException:
        discard(partial)
        raise
    finally:
        os.close(handle)


def sweep_partials(folder: Path) -> None:
    """Removes partials in ``folder`` whose writer has died (nobody holds their lock)."""
    try:
        entries = list(Path(folder).iterdir())
    except FileNotFoundError:
        return
    for entry in entries:
        if not PARTIAL_NAME.match(entry.name):
            continue
        try:
            if time.time() - entry.lstat().st_mtime < STALE_PARTIAL_SECONDS:
                continue
            handle = os.open(entry, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live writer holds it
        else:
            discard(entry)
        finally:
            os.close(handle)


def publish(partial: Path, target: Path) -> None:
    """Puts a finished directory or file in place of ``target``. The rename is atomic; when a previous version is
    replaced it is moved aside first, so readers see the old version or the new one, never a mixture."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{secrets.token_hex(4)}")
        os.rename(target, old)
        os.rename(partial, target)
        discard(old)
    else:
        os.rename(partial, target)


def discard(path: Path) -> None:
    """Removes a partial file or directory, whichever it is; nothing if it is already gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


# --- the ladder ---------------------------------------------------------------------------------------------------

def run_ladder(source, out_dir, info: MediaInfo, on_progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None, *, segment_seconds: int = ladder.SEGMENT_SECONDS,
               language: str | None = None, audio_name: str = "Original") -> LadderResult:
    """Transcodes ``source`` into the HLS ladder at ``out_dir`` (replacing any previous one): video/<rung>/,
    audio/main/, manifest.json and master.m3u8. ``language`` and ``audio_name`` describe the recording's own
    sound in the master playlist."""
    # Imported here: packaging runs its ffmpeg commands through this module.
    from lecturehall.modules.media import packaging

    require_ffmpeg()
    if not info.has_video and not info.has_audio:
        raise ValueError("a recording without audio or video cannot be transcoded")
    out_dir = Path(out_dir)
    started = time.monotonic()
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    with writing(out_dir, directory=True) as partial:
        argv = ladder.ladder_command(source, partial, info, segment_seconds)
        run_ffmpeg(argv, info.duration, on_progress, cancel, cap_percent=99.0)
        manifest = packaging.arrange_ladder(partial, info, ladder.plan_rungs(info), segment_seconds,
                                            language=language, audio_name=audio_name)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        publish(partial, out_dir)
    if on_progress is not None:
        on_progress(100.0, 0.0)
    return LadderResult(out_dir, manifest, time.monotonic() - started)


def quick_remux_possible(info: MediaInfo) -> bool:
    """Whether the upload can be published as it is, by copying (no re-encoding): H.264 video no larger than
    1080p and at most the top rung's bitrate, with AAC audio or none."""
    if not info.has_video or info.video_codec != "h264" or not info.width or not info.height:
        return False
    if info.has_audio and info.audio_codec != "aac":
        return False
    if min(info.width, info.height) > 1080 or max(info.width, info.height) > 1920:
        return False
    if info.fps is not None and info.fps > 60.5:
        return False
    return info.bit_rate is None or info.bit_rate <= QUICK_REMUX_MAX_BITRATE


def quick_remux(source, out_dir, info: MediaInfo, *, segment_seconds: int = ladder.SEGMENT_SECONDS,
                cancel: threading.Event | None = None, language: str | None = None,
                audio_name: str = "Original") -> LadderResult:
    """A playable single-rendition replay in seconds, with the same layout as the ladder (video/<size>p/ and
    audio/main/), by copying the upload's streams into fMP4 segments. Segments end at the upload's own keyframes.
    TranscodeFailed when the stream is not one browsers play (not 8-bit 4:2:0)."""
    from lecturehall.modules.media import packaging

    require_ffmpeg()
    if not quick_remux_possible(info):
        raise ValueError("this recording cannot be published without transcoding")
    _require_browser_h264(source)
    out_dir = Path(out_dir)
    started = time.monotonic()
    rung = ladder.Rung(f"{min(info.width, info.height)}p", info.width, info.height,
                       max(1, (info.bit_rate or 0) // 1000), "")
    with writing(out_dir, directory=True) as partial:
        inp = _input(source)
        streams = [inp["v:0"]]
        variants = [f"v:0{',agroup:audio' if info.has_audio else ''},name:{rung.name}"]
        if info.has_audio:
            streams.append(inp["a:0"])
            variants.append(f"a:0,agroup:audio,name:{ladder.MAIN_AUDIO}")
        options = {"c": "copy", "f": "hls", "hls_time": segment_seconds, "hls_playlist_type": "vod",
                   "hls_segment_type": "fmp4", "hls_segment_filename": str(partial / "%v" / "seg_%05d.m4s"),
                   "var_stream_map": " ".join(variants), "master_pl_name": "master.m3u8"}
        command = _finish(ffmpeg.output(*streams, str(partial / "%v" / "index.m3u8"), **options))
        run_ffmpeg(command, info.duration, None, cancel)
        manifest = packaging.arrange_ladder(partial, info, [rung], segment_seconds, language=language,
                                            audio_name=audio_name, frame_rate=info.fps)
        publish(partial, out_dir)
    return LadderResult(out_dir, manifest, time.monotonic() - started)


def _require_browser_h264(source) -> None:
    argv = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=pix_fmt,profile",
            "-of", "default=nw=1", *input_args(source)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    fields = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    if fields.get("pix_fmt") not in ("yuv420p", "yuvj420p") or "4:4:4" in fields.get("profile", ""):
        raise TranscodeFailed(_l("This recording cannot be published without converting it first."),
                              f"pix_fmt={fields.get('pix_fmt')} profile={fields.get('profile')}")


# --- download, poster, thumbnails ---------------------------------------------------------------------------------

def make_mp4_download(source, out_path, info: MediaInfo, *, on_progress: ProgressCallback | None = None,
                      cancel: threading.Event | None = None) -> Path:
    """An MP4 to download (H.264 no larger than 720p, AAC, index at the front so it plays while downloading).
    ``source`` may be a finished replay directory: its rung of 720p or below is then copied, not re-encoded."""
    require_ffmpeg()
    out_path = Path(out_path)
    replay = _replay_manifest(source)
    with writing(out_path, directory=False) as partial:
        if replay is not None:
            command = _download_from_replay(Path(source), replay, partial)
        else:
            command = _download_transcode(source, info, partial)
        run_ffmpeg(command, info.duration, on_progress, cancel)
        publish(partial, out_path)
    return out_path


def _download_from_replay(replay_dir: Path, manifest, partial: Path) -> list[str]:
    fitting = [v for v in manifest.video if min(v.width, v.height) <= DOWNLOAD_SHORT_SIDE]
    video = max(fitting, key=lambda v: v.height, default=None)
    audio = next((a for a in manifest.audio if a.default), manifest.audio[0] if manifest.audio else None)
    if video is None and manifest.video:
        raise ValueError("the replay has no rendition of 720p or below")
    inputs = [playlist for playlist in (video and video.uri, audio and audio.uri) if playlist]
    argv = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-progress", "pipe:1", "-nostats", "-y"]
    for uri in inputs:
        argv += ["-protocol_whitelist", "file", "-format_whitelist", "hls,mov",
                 "-i", f"file:{(replay_dir / uri).resolve()}"]
    for index in range(len(inputs)):
        argv += ["-map", f"{index}"]
    return argv + ["-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(partial)]


def _download_transcode(source, info: MediaInfo, partial: Path) -> list[str]:
    inp = _input(source)
    streams, options = [], {"movflags": "+faststart", "f": "mp4"}
    if info.has_video:
        video = inp["v:0"].filter("fps", fps=f"{ladder.output_fps(info):g}").filter("format", "yuv420p")
        short = min(info.width, info.height)
        if short > DOWNLOAD_SHORT_SIDE:
            scale = DOWNLOAD_SHORT_SIDE / short
            video = video.filter("scale", _even(info.width * scale), _even(info.height * scale), flags="bicubic")
        streams.append(video.filter("setsar", 1))
        options.update({"c:v": "libx264", "preset": ladder.X264_PRESET, "x264-params": ladder.X264_PARAMS,
                        "crf": ladder.CRF, "maxrate": f"{DOWNLOAD_KBPS}k", "bufsize": f"{DOWNLOAD_KBPS * 2}k"})
    if info.has_audio:
        streams.append(ladder.audio_stream(inp, info))
        options.update(ladder.audio_options(info))
    return _finish(ffmpeg.output(*streams, str(partial), **options))


def make_poster(source, out_path, info: MediaInfo) -> Path | None:
    """A JPEG still at about a tenth of the recording (past title cards), at most 1280 pixels wide; None for a
    recording without pictures."""
    if not info.has_video:
        return None
    require_ffmpeg()
    out_path = Path(out_path)
    args = input_args(source)
    stream = ffmpeg.input(args[-1], format_whitelist=args[1], ss=f"{info.duration * 0.1:.3f}")["v:0"]
    if info.width and info.width > POSTER_WIDTH:
        stream = stream.filter("scale", POSTER_WIDTH, _even(info.height * POSTER_WIDTH / info.width))
    with writing(out_path, directory=False) as partial:
        run_ffmpeg(_finish(ffmpeg.output(stream, str(partial), **{
            "frames:v": 1, "q:v": 3, "f": "image2", "c:v": "mjpeg", "pix_fmt": "yuvj420p"})), 1.0)
        if partial.stat().st_size == 0:
            raise TranscodeFailed(UNKNOWN_FAILURE, "no frame was written")
        publish(partial, out_path)
    return out_path


def make_thumbnails(source, out_dir, info: MediaInfo, interval: int = 10) -> Path | None:
    """Seek-bar previews: ``sprite.jpg`` (tiles 160 pixels wide, ten to a row) and ``thumbnails.vtt`` whose cues
    point into it (``sprite.jpg#xywh=x,y,w,h``). Returns the WebVTT path; None for a recording without pictures."""
    if not info.has_video or not info.width or not info.height:
        return None
    require_ffmpeg()
    out_dir = Path(out_dir)
    interval = max(interval, math.ceil(info.duration / MAX_THUMBS))
    count = max(1, math.ceil(info.duration / interval))
    columns = min(THUMB_COLUMNS, count)
    rows = math.ceil(count / columns)
    width = THUMB_WIDTH
    height = _even(THUMB_WIDTH * info.height / info.width)

    args = input_args(source)
    # Every frame is decoded: with only keyframes, a recording with few of them would leave the sprite empty.
    stream = ffmpeg.input(args[-1], format_whitelist=args[1])["v:0"]
    stream = (stream.filter("fps", fps=f"1/{interval}").filter("scale", width, height)
              .filter("tile", f"{columns}x{rows}"))
    with writing(out_dir / "sprite.jpg", directory=False) as sprite_partial, \
            writing(out_dir / "thumbnails.vtt", directory=False) as vtt_partial:
        run_ffmpeg(_finish(ffmpeg.output(stream, str(sprite_partial), **{
            "frames:v": 1, "q:v": 4, "f": "image2", "c:v": "mjpeg", "pix_fmt": "yuvj420p"})), info.duration)
        cues = ["WEBVTT", ""]
        for index in range(count):
            start, end = index * interval, min((index + 1) * interval, info.duration)
            x, y = (index % columns) * width, (index // columns) * height
            cues += [f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}",
                     f"sprite.jpg#xywh={x},{y},{width},{height}", ""]
        vtt_partial.write_text("\n".join(cues), encoding="utf-8")
        publish(sprite_partial, out_dir / "sprite.jpg")
        publish(vtt_partial, out_dir / "thumbnails.vtt")
    return out_dir / "thumbnails.vtt"


# --- helpers ------------------------------------------------------------------------------------------------------

def _input(source):
    args = input_args(source)
    return ffmpeg.input(args[-1], format_whitelist=args[1])


def _finish(command) -> list[str]:
    command = command.global_args("-nostdin", "-hide_banner", "-v", "error", "-progress", "pipe:1", "-nostats")
    return command.overwrite_output().compile()


def _replay_manifest(source):
    from lecturehall.modules.media import packaging

    path = Path(source)
    if path.is_dir() and (path / packaging.MANIFEST).is_file():
        return packaging.read_manifest(path)
    return None


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def vtt_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
