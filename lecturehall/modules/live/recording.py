"""The recording becomes the replay: finalising a live session writes VOD playlists over the segments already on
disk (every run, every language, discontinuities kept), manifest.json and master.m3u8 — the recordings pipeline's
layout and writers (media/packaging.py), so the replay page, adding subtitles or a language, and deleting work on it
unchanged. Nothing is re-encoded and nothing is copied: finalising a two-hour lecture reads a few bytes per segment.

For the full transcoding ladder that may follow (media/pipeline.py run_ladder), export_mp4() joins the runs into
one MP4 by stream copy: the video, the floor sound, and one audio track per interpretation language (each language
with the floor where its interpreter was absent), runs laid end to end as the replay plays them."""

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pycountry

from lecturehall.modules.live import session as sessions
from lecturehall.modules.live.playlists import INDEX, Composer, manifest_for
from lecturehall.modules.live.session import VIDEO
from lecturehall.modules.live.settings import MAIN
from lecturehall.modules.media.packaging import Manifest, save_manifest, write_master
from lecturehall.modules.media.publishing import publish


def finalise(directory: Path, *, segment_seconds: int = 2, main_language: str | None = None,
             names: dict[str, str] | None = None) -> Manifest:
    """Turns a stopped live session's folder into a replay in place; safe to run again. The packager must have
    stopped (the supervisor stops it first)."""
    directory = Path(directory)
    info = sessions.load(directory)
    now = time.time()
    for run in info.runs:
        run.ended_at = run.ended_at or now
    info.ended_at = info.ended_at or now
    sessions.save(directory, info)
    composed = Composer(directory, segment_seconds).write(info, live=False)
    reference = composed.get(VIDEO) or composed.get(f"audio/{MAIN}") or []
    duration = sum(segment.duration for segment in reference)
    manifest = manifest_for(directory, info, video=info.video, duration=duration, segment_seconds=segment_seconds,
                            main_language=main_language, names=names)
    save_manifest(directory, manifest)
    write_master(directory, manifest)
    return manifest


def publish_replay(directory: Path, target: Path) -> Path:
    """Moves a finalised session to where the app keeps replays (one rename on the same file system)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    publish(Path(directory), target)
    return target


@dataclass(frozen=True)
class _Part:
    init: str
    segments: list[tuple[float, str]]


def _runs_of(playlist: Path) -> dict[int, _Part]:
    """A composed playlist's segments grouped by discontinuity sequence number."""
    parts: dict[int, _Part] = {}
    cc, init, duration = 0, None, None
    for line in playlist.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-DISCONTINUITY-SEQUENCE:"):
            cc = int(line.split(":", 1)[1])
        elif line == "#EXT-X-DISCONTINUITY":
            cc += 1
        elif line.startswith("#EXT-X-MAP:"):
            init = line.split('URI="', 1)[1].split('"', 1)[0]
        elif line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",", 1)[0])
        elif line and not line.startswith("#") and duration is not None:
            parts.setdefault(cc, _Part(init, [])).segments.append((duration, line))
            duration = None
    return parts


def _iso639_2(language: str) -> str:
    found = pycountry.languages.get(alpha_2=language.split("-")[0])
    return getattr(found, "bibliographic", None) or getattr(found, "alpha_3", None) or "und"


def export_mp4(directory: Path, target: Path, *, ffmpeg: str = "ffmpeg") -> Path:
    """One MP4 of the whole recording by stream copy (see the module docstring); returns ``target``."""
    directory, target = Path(directory), Path(target)
    info = sessions.load(directory)
    renditions = [r for r in [VIDEO, f"audio/{MAIN}", *(f"audio/{lang}" for lang in info.languages)]
                  if (directory / r / INDEX).is_file()]
    if not renditions:
        raise ValueError(f"{directory}: nothing recorded")
    parts = {rendition: _runs_of(directory / rendition / INDEX) for rendition in renditions}
    reference = parts[renditions[0]]
    with tempfile.TemporaryDirectory(prefix=".export-", dir=target.parent) as work:
        work = Path(work)
        listing = []
        for cc in sorted(reference):
            inputs = []
            for number, rendition in enumerate(renditions):
                part = parts[rendition].get(cc)
                if part is None:
                    raise ValueError(f"{rendition} lacks part {cc} of the recording")
                joined = work / f"{cc}_{number}.mp4"
                with open(joined, "wb") as out:  # init + segments is itself a valid fragmented MP4
                    for name in [part.init] + [uri for _, uri in part.segments]:
                        out.write((directory / rendition / name).read_bytes())
                inputs += ["-i", str(joined)]
            piece = work / f"{cc}.mkv"
            # -copyts keeps the renditions' relative timing (they share the session's clock); -ss drops the sound
            # pushed before the run's first picture, so the pieces join where their pictures do
            maps = [arg for n in range(len(renditions)) for arg in ("-map", f"{n}:0")]
            start = _start_time(Path(inputs[1]))
            trim = ["-ss", f"{start:.6f}"] if start is not None else []
            _ffmpeg([ffmpeg, "-copyts", *inputs, *maps, *trim, "-c", "copy", str(piece)])
            length = sum(duration for duration, _ in reference[cc].segments)
            listing.append(f"file '{piece.name}'\nduration {length:.6f}\n")
        (work / "list.txt").write_text("".join(listing), encoding="utf-8")
        metadata = []
        audio_number = 0
        for rendition in renditions[1 if renditions[0] == VIDEO else 0:]:
            language = rendition.split("/", 1)[1]
            if language != MAIN:
                metadata += [f"-metadata:s:a:{audio_number}", f"language={_iso639_2(language)}",
                             f"-metadata:s:a:{audio_number}", f"title={language}"]
            audio_number += 1
        partial = work / "whole.mp4"
        _ffmpeg([ffmpeg, "-f", "concat", "-safe", "0", "-i", str(work / "list.txt"), "-map", "0", "-c", "copy",
                 *metadata, "-movflags", "+faststart", str(partial)])
        partial.replace(target)
    return target


def _start_time(path: Path) -> float | None:
    done = subprocess.run(["ffprobe", "-v", "error", "-ignore_editlist", "1", "-show_entries", "format=start_time",
                           "-of", "default=nw=1:nk=1", str(path)], capture_output=True, text=True, timeout=60,
                          check=False)
    try:
        return float(done.stdout.strip())
    except ValueError:
        return None


def _ffmpeg(argv: list[str]) -> None:
    done = subprocess.run([argv[0], "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *argv[1:]],
                          capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr.strip()[-2000:]}")
