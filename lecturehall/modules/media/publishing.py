"""Writing media files so that a reader never sees half of one: everything is written into a hidden, locked sibling
of its target and renamed into place when complete; a failure, a cancel or a dead worker leaves nothing behind (a
dead writer's partials are swept by the next write into the same folder)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import time
from pathlib import Path


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
