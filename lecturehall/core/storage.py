"""Where media files live: one small interface (save, open, delete, URL for a path) with a local-disk
implementation over the media folder, so an object store can be added later behind the same calls.

Paths are relative, with forward slashes ("replays/12/v3/master.m3u8"); a path that would leave the root is refused.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from flask import Flask, current_app

CHUNK = 1024 * 1024


class StorageError(ValueError):
    pass


class Storage(Protocol):
    def save(self, path: str, stream: BinaryIO) -> int: ...
    def open(self, path: str) -> BinaryIO: ...
    def delete(self, path: str) -> None: ...
    def exists(self, path: str) -> bool: ...
    def url(self, path: str) -> str: ...
    def local_path(self, path: str) -> Path: ...


class LocalStorage:
    def __init__(self, root: str | Path, url_prefix: str = "/media-files"):
        self.root = Path(root).resolve()
        self.url_prefix = url_prefix.rstrip("/")

    def local_path(self, path: str) -> Path:
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts or "\\" in path or "\x00" in path or not path:
            raise StorageError(f"refused path {path!r}")
        full = (self.root / relative).resolve()
        if full != self.root and self.root not in full.parents:
            raise StorageError(f"refused path {path!r}")
        return full

    def save(self, path: str, stream: BinaryIO) -> int:
        """Streams to a temporary file beside the target, then renames: a reader never sees half a file."""
        target = self.local_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        written = 0
        try:
            with open(temporary, "wb") as handle:
                while chunk := stream.read(CHUNK):
                    handle.write(chunk)
                    written += len(chunk)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        return written

    def open(self, path: str) -> BinaryIO:
        return open(self.local_path(path), "rb")

    def delete(self, path: str) -> None:
        """Removes a file, or a folder with everything in it; a missing path is not an error."""
        target = self.local_path(path)
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)

    def exists(self, path: str) -> bool:
        return self.local_path(path).exists()

    def url(self, path: str) -> str:
        return f"{self.url_prefix}/{PurePosixPath(path)}"


def get_storage(app: Flask | None = None) -> LocalStorage:
    app = app or current_app._get_current_object()
    return app.extensions["lecturehall.storage"]


def init_app(app: Flask) -> None:
    app.extensions["lecturehall.storage"] = LocalStorage(app.config["MEDIA_DIR"])
