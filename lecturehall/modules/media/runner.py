"""Running ffmpeg for the media pipeline: one process at a time, its ``-progress`` output read as a percentage and an
estimate of the time left, a cancel that stops it, and a plain, translated reason when it fails (ffmpeg's own words
stay in ``TranscodeFailed.detail`` for the log). The encoder dies with the worker that started it."""

from __future__ import annotations

import collections
import ctypes
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable

import ffmpeg
from flask_babel import lazy_gettext as _l

from lecturehall.modules.media.probe import input_args

ProgressCallback = Callable[[float, "float | None"], None]

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


# --- running ffmpeg -------------------------------------------------------------------------------------------

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
                               preexec_fn=die_with(os.getpid()))  # noqa: PLW1509 -- pre-resolved calls only
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


# Resolved here, in the parent: the child runs the guard of die_with between fork and exec, where importing or loading
# a library could deadlock on a lock another thread of the worker held at the fork.
_PRCTL = _load_prctl()


def die_with(parent: int):
    """A preexec function: the child (ffmpeg) is killed with the worker ``parent`` that started it (Linux), so a
    crashed worker leaves no encoder running. The death signal only covers a parent that dies after it is set: a
    worker that died between the fork and that call has already been replaced as our parent, so the child checks
    and exits at once rather than run unwatched."""

    def guard() -> None:
        if _PRCTL is not None:
            _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)

    return guard


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


def source_input(source):
    """An ffmpeg-python input for an upload or a local file, reading only the formats we accept."""
    args = input_args(source)
    return ffmpeg.input(args[-1], format_whitelist=args[1])


def ffmpeg_argv(command) -> list[str]:
    """The argv of an ffmpeg-python command, quiet but for progress on stdout (what run_ffmpeg reads)."""
    command = command.global_args("-nostdin", "-hide_banner", "-v", "error", "-progress", "pipe:1", "-nostats")
    return command.overwrite_output().compile()
