"""File names safe to store and to offer for download, whatever an uploader's file was called."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from lecturehall.modules.media.errors import MediaError

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
