"""Child processes of the live engine (nginx, the packagers' ffmpeg): started so that they die with the process that
started them (Linux's parent-death signal), and stopped gently first (so ffmpeg closes its last segment), then
firmly."""

from __future__ import annotations

import ctypes
import signal
import subprocess


def _load_prctl():
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except OSError:  # not Linux/glibc: no such guard
        return None


# Resolved here, in the parent: between fork and exec nothing may load a library (another thread may hold a lock).
_PRCTL = _load_prctl()


def _die_with_parent() -> None:
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def spawn(argv: list[str], *, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=None) -> subprocess.Popen:
    """Starts a child that is killed when the *thread* that started it ends (that is how PR_SET_PDEATHSIG works),
    so call it from a long-lived thread: the supervisor's own, or the one that owns the engine."""
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=cwd,
                            preexec_fn=_die_with_parent)  # noqa: PLW1509 -- only a pre-resolved C call runs


def stop(process: subprocess.Popen, *, grace: float = 5.0, sig: int = signal.SIGTERM) -> int | None:
    """Asks a child to stop (SIGTERM by default: ffmpeg then finishes the segment it is writing), kills it after
    ``grace`` seconds; returns its exit code."""
    if process.poll() is None:
        try:
            process.send_signal(sig)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        except ProcessLookupError:
            pass
    return process.returncode
