"""Building the static files for serving: every file of ``lecturehall/static`` gets a content-hashed name
(``js/app.js`` -> ``js/app.3f2a9c1b04d5.js``) and gzip and brotli copies, written with a manifest into the build
folder (STATIC_BUILD_DIR) that the app (through WhiteNoise) and nginx serve from.

References between files are rewritten to the hashed names before a file is hashed: ES module imports
(``import … from "./dom.js"``, ``export … from``, ``import("./x.js")``) and CSS ``url()`` / ``@import``. A file's
hash therefore covers the hashed names of what it imports, so a change to ``dom.js`` gives new names to
``dom.js`` and to every module that imports it, directly or not, and to nothing else. An import cycle cannot be
named this way and stops the build (as does a relative import of a file that is not there).

Writing is additive and safe to run twice or from two processes at once (a file lock serialises builds): hashed
files never change once written, the plain names and the manifest are replaced atomically, and the files named by
the previous manifest stay, so pages rendered just before a deploy still find their files. Older ones are removed.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import json
import os
import posixpath
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import brotli

# Bumped when the output of the build changes for the same sources, so that an existing build is redone.
BUILD_FORMAT = 1
HASH_LENGTH = 12
FILES = "files"  # the folder under STATIC_BUILD_DIR that is served as /static/
MANIFEST = "manifest.json"
LOCK = "build.lock"
# Not worth compressing: already compressed formats.
INCOMPRESSIBLE = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".gz", ".br", ".zip",
                  ".mp4", ".m4a", ".webm", ".mp3"}
# A compressed copy is kept only when it saves at least 5% (as WhiteNoise's compressor decides).
WORTH_IT = 0.95
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[^./]+)?$")

# Relative specifiers of static and dynamic imports and of re-exports (the player's modules use these forms).
JS_IMPORT = re.compile(r"""(?P<lead>\bfrom\s*|\bimport\s*(?:\(\s*)?)(?P<quote>["'])(?P<ref>\.{1,2}/[^"'\n]+)(?P=quote)""")
CSS_URL = re.compile(r"""(?P<lead>url\(\s*|@import\s+(?!url\())(?P<quote>["']?)(?P<ref>[^"'()\s]+)(?P=quote)""")


class BuildError(Exception):
    """The static files cannot be built as they are (a missing import target, an import cycle)."""


@dataclass
class Manifest:
    """What a build made: the plain name -> hashed name of every file, the sources it was made from (to tell
    whether it is up to date), the modules each JS file imports (for modulepreload) and the previous build's
    hashed names (kept one build longer)."""

    sources: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    imports: dict[str, list[str]] = field(default_factory=dict)
    previous: list[str] = field(default_factory=list)
    format: int = BUILD_FORMAT

    @classmethod
    def read(cls, build_dir: Path) -> Manifest | None:
        try:
            data = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != BUILD_FORMAT:
            return None
        return cls(sources=data["sources"], files=data["files"], imports=data["imports"],
                   previous=data.get("previous", []))

    def write(self, build_dir: Path) -> None:
        data = {"format": self.format, "sources": self.sources, "files": self.files, "imports": self.imports,
                "previous": self.previous}
        _write_atomically(build_dir / MANIFEST, json.dumps(data, indent=1, sort_keys=True).encode())

    def transitive_imports(self, name: str) -> list[str]:
        """Every module ``name`` imports, directly or not, in a stable order (without ``name`` itself)."""
        seen: list[str] = []
        stack = list(reversed(self.imports.get(name, [])))
        while stack:
            current = stack.pop()
            if current in seen or current == name:
                continue
            seen.append(current)
            stack.extend(reversed(self.imports.get(current, [])))
        return seen


def source_files(source_dir: Path) -> dict[str, bytes]:
    """The files to publish, by path relative to ``source_dir`` (hidden files and compressed leftovers excluded)."""
    found = {}
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir).as_posix()
        if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in relative.split("/")):
            continue
        if path.suffix in (".gz", ".br"):
            continue
        found[relative] = path.read_bytes()
    return found


def source_digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def is_up_to_date(manifest: Manifest | None, source_dir: Path) -> bool:
    return manifest is not None and manifest.sources == source_digests(source_files(source_dir))


def hashed_name(name: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    folder, base = posixpath.split(name)
    stem, dot, suffix = base.rpartition(".")
    hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{base}.{digest}"
    return posixpath.join(folder, hashed) if folder else hashed


# -- references between files ---------------------------------------------------------------------------------

def _target(name: str, ref: str) -> tuple[str, str] | None:
    """The file a relative reference in ``name`` points at, and the query/fragment after it; None for URLs that
    are not files of ours (absolute, data:, another site, a fragment)."""
    if not ref or ref.startswith(("/", "#", "data:")) or ":" in ref.split("/")[0]:
        return None
    path_only = re.split(r"[?#]", ref, maxsplit=1)[0]
    tail = ref[len(path_only):]
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), path_only)), tail


def references(name: str, data: bytes, known: set[str]) -> list[str]:
    """The files of ours that ``name`` refers to and that must be hashed before it."""
    pattern, strict = _pattern_for(name)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(data.decode("utf-8")):
        target = _target(name, match["ref"])
        if target is None:
            continue
        if target[0] in known:
            found.append(target[0])
        elif strict:
            raise BuildError(f"{name} imports {match['ref']!r}, which is not a file in static/")
    return found


def _pattern_for(name: str) -> tuple[re.Pattern | None, bool]:
    if name.endswith((".js", ".mjs")):
        return JS_IMPORT, True  # a module that imports a missing file is broken: say so at build time
    if name.endswith(".css"):
        return CSS_URL, False  # a stylesheet may name an image it does not ship; leave such a url() as it is
    return None, False


def rewrite(name: str, data: bytes, hashed: dict[str, str]) -> bytes:
    """``data`` with its references to other files of ours replaced by their hashed names."""
    pattern, _strict = _pattern_for(name)
    if pattern is None:
        return data

    def replace(match: re.Match) -> str:
        target = _target(name, match["ref"])
        if target is None or target[0] not in hashed:
            return match.group(0)
        path_only = match["ref"][: len(match["ref"]) - len(target[1])]
        new_ref = posixpath.join(posixpath.dirname(path_only), posixpath.basename(hashed[target[0]]))
        if path_only.startswith("./") and not new_ref.startswith("."):
            new_ref = "./" + new_ref
        return f"{match['lead']}{match['quote']}{new_ref}{target[1]}{match['quote']}"

    return pattern.sub(replace, data.decode("utf-8")).encode("utf-8")


def _order(files: dict[str, bytes]) -> tuple[list[str], dict[str, list[str]]]:
    """Every file after the files it refers to (depth first); an import cycle is a BuildError."""
    known = set(files)
    refs = {name: references(name, data, known) for name, data in files.items()}
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycle = trail[trail.index(name):] + [name]
            raise BuildError("import cycle, which content-hashed names cannot express: " + " -> ".join(cycle))
        state[name] = "visiting"
        for target in refs[name]:
            visit(target, trail + [name])
        state[name] = "done"
        order.append(name)

    for name in sorted(files):
        visit(name, [])
    return order, refs


# -- writing --------------------------------------------------------------------------------------------------

def compressed(name: str, data: bytes) -> dict[str, bytes]:
    """The brotli and gzip copies worth keeping (none for formats that are compressed already)."""
    if posixpath.splitext(name)[1].lower() in INCOMPRESSIBLE or not data:
        return {}
    copies = {}
    brotli_data = brotli.compress(data, quality=11)
    if len(brotli_data) <= len(data) * WORTH_IT:
        copies[".br"] = brotli_data
        buffer = io.BytesIO()
        # mtime=0 keeps the output the same for the same input (no timestamp in the header)
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as handle:
            handle.write(data)
        if len(buffer.getvalue()) <= len(data) * WORTH_IT:
            copies[".gz"] = buffer.getvalue()
    return copies


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    _write_atomically(path, data)


def _publish(files_dir: Path, name: str, hashed: str, data: bytes) -> None:
    """The hashed file and its compressed copies (each written once: a hashed name never changes content), then
    the same under the plain name. The hashed file is written last, so its presence means its copies are there."""
    target = files_dir / hashed
    if target.exists():
        copies = {suffix: (files_dir / (hashed + suffix)).read_bytes() for suffix in (".br", ".gz")
                  if (files_dir / (hashed + suffix)).exists()}
    else:
        copies = compressed(name, data)
        for suffix, content in copies.items():
            _write_atomically(files_dir / (hashed + suffix), content)
        _write_atomically(target, data)
    plain = files_dir / name
    for suffix in (".br", ".gz"):
        if suffix in copies:
            _write_if_changed(files_dir / (name + suffix), copies[suffix])
        else:
            (files_dir / (name + suffix)).unlink(missing_ok=True)
    _write_if_changed(plain, data)


def _prune(files_dir: Path, keep: set[str]) -> None:
    """Removes what neither this build nor the previous one names (with their compressed copies)."""
    wanted = keep | {name + suffix for name in keep for suffix in (".br", ".gz")}
    for path in sorted(files_dir.rglob("*"), reverse=True):
        relative = path.relative_to(files_dir).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


@contextmanager
def _locked(build_dir: Path):
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(source_dir: Path, build_dir: Path, *, force: bool = False) -> tuple[Manifest, bool]:
    """Builds ``source_dir`` into ``build_dir`` unless the build there is up to date; returns the manifest and
    whether anything was built. Two processes starting together build once: the second waits for the lock,
    then finds the first one's build up to date."""
    source_dir, build_dir = Path(source_dir), Path(build_dir)
    with _locked(build_dir):
        previous = Manifest.read(build_dir)
        files = source_files(source_dir)
        digests = source_digests(files)
        if not force and previous is not None and previous.sources == digests:
            return previous, False
        order, refs = _order(files)
        hashed: dict[str, str] = {}
        files_dir = build_dir / FILES
        for name in order:
            data = rewrite(name, files[name], hashed)
            hashed[name] = hashed_name(name, data)
            _publish(files_dir, name, hashed[name], data)
        kept_before = sorted(set(previous.files.values()) - set(hashed.values())) if previous else []
        manifest = Manifest(sources=digests, files=hashed, previous=kept_before,
                            imports={name: targets for name, targets in refs.items()
                                     if targets and name.endswith((".js", ".mjs"))})
        _prune(files_dir, set(files) | set(hashed.values()) | set(kept_before))
        manifest.write(build_dir)
        return manifest, True
