"""The playlists viewers load, composed from what each run of the packager wrote: a sliding live playlist per
rendition while the lecture is on, the complete VOD playlist when it has ended, and the master playlist.

Composition rules, the same live and VOD, so that hls.js lines renditions up:

* every rendition lists the same runs, joined by EXT-X-DISCONTINUITY, each run with its own EXT-X-MAP; the
  discontinuity sequence number of a run is its rank among the runs that produced media (a run that died before
  writing a segment in every rendition is left out everywhere), so a given number means the same stretch of the
  lecture in every playlist — hls.js matches audio to video by it;
* an interpretation language lists, for the runs its interpreter was not pushing, the floor sound's segments
  (audio/main), so every audio rendition covers the whole session and a listener is never left without sound;
* while a run is live, a rendition lists only segments that end before every other rendition's latest segment
  ends, so no playlist runs ahead of another;
* EXT-X-PROGRAM-DATE-TIME is the session's epoch plus the segment's own decode time (its tfdt box), the same clock
  in every rendition."""

from __future__ import annotations

import datetime as dt
import math
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from lecturehall.modules.live.session import VIDEO, SessionInfo
from lecturehall.modules.live.settings import MAIN
from lecturehall.modules.media.packaging import AAC_LC, AudioRendition, Manifest, VideoRendition, language_name, \
    write_master

INDEX = "index.m3u8"
LOCKSTEP_TOLERANCE = 0.5  # seconds a rendition's segment may end after the slowest rendition's latest


@dataclass(frozen=True)
class Segment:
    run: int
    cc: int
    init: str  # relative to the rendition's folder
    uri: str
    duration: float
    start: float  # seconds since the session's epoch


# --- fMP4 timing ----------------------------------------------------------------------------------------------

def _boxes(data: bytes, start: int = 0, end: int | None = None):
    end = len(data) if end is None else end
    while start + 8 <= end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        header = 8
        if size == 1 and start + 16 <= end:
            size, header = struct.unpack(">Q", data[start + 8:start + 16])[0], 16
        elif size == 0:
            size = end - start
        if size < header:
            return
        yield kind.decode("latin-1"), start + header, min(start + size, end)
        start += size


def _find(data: bytes, path: list[str], start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    for kind, body, stop in _boxes(data, start, end):
        if kind == path[0]:
            return (body, stop) if len(path) == 1 else _find(data, path[1:], body, stop)
    return None


def timescale(init_path: Path) -> int:
    """The media timescale of an fMP4 init segment's (first) track, from its mdhd box."""
    data = Path(init_path).read_bytes()
    found = _find(data, ["moov", "trak", "mdia", "mdhd"])
    if found is None:
        raise ValueError(f"{init_path}: no mdhd box")
    body = found[0]
    offset = body + (20 if data[body] == 1 else 12)
    return struct.unpack(">I", data[offset:offset + 4])[0]


def decode_time(segment_path: Path) -> int:
    """The baseMediaDecodeTime of an fMP4 segment's first fragment (tfdt box), in the track's timescale."""
    with open(segment_path, "rb") as handle:
        data = handle.read(4096)  # moof comes first and is small
    found = _find(data, ["moof", "traf", "tfdt"])
    if found is None:
        raise ValueError(f"{segment_path}: no tfdt box in its first fragment")
    body = found[0]
    return struct.unpack(">Q", data[body + 4:body + 12])[0] if data[body] == 1 else \
        struct.unpack(">I", data[body + 4:body + 8])[0]


def read_run_playlist(path: Path) -> tuple[str | None, list[tuple[float, str]]]:
    """(init file, [(duration, segment file)]) from one run's ffmpeg playlist; empty when it does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    init, segments, duration = None, [], None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-MAP:"):
            init = line.split('URI="', 1)[1].split('"', 1)[0]
        elif line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",", 1)[0])
        elif line and not line.startswith("#") and duration is not None:
            segments.append((duration, line))
            duration = None
    return init, segments


# --- composing ------------------------------------------------------------------------------------------------

class Composer:
    """Composes a session's playlists; remembers segment start times (read once per segment) and what it last
    wrote, so that calling it every fraction of a second costs a few small reads."""

    def __init__(self, directory: Path, segment_seconds: int = 2, window_seconds: float = 16.0):
        self.directory = Path(directory)
        self.segment_seconds = segment_seconds
        self.window_seconds = window_seconds
        self._starts: dict[Path, float] = {}
        self._scales: dict[Path, int] = {}
        self._written: dict[Path, str] = {}

    def _start(self, folder: Path, init: str, uri: str) -> float:
        path = folder / uri
        if path not in self._starts:
            scale_path = folder / init
            if scale_path not in self._scales:
                self._scales[scale_path] = timescale(scale_path)
            self._starts[path] = decode_time(path) / self._scales[scale_path]
        return self._starts[path]

    def _source(self, info: SessionInfo, rendition: str, run_languages: list[str]) -> str:
        if rendition.startswith("audio/") and rendition != f"audio/{MAIN}" and \
                rendition.split("/", 1)[1] not in run_languages:
            return f"audio/{MAIN}"  # the floor, while the interpreter is not pushing
        return rendition

    def segments(self, info: SessionInfo, *, live: bool) -> dict[str, list[Segment]]:
        """Every rendition's segments across the session's runs, by the rules in the module docstring."""
        renditions = info.rendition_dirs()
        per_run = []
        for position, run in enumerate(info.runs):
            current = live and position == len(info.runs) - 1 and run.ended_at is None
            found = {}
            for rendition in renditions:
                if rendition == VIDEO and not run.has_video:
                    continue
                if rendition != VIDEO and not run.has_audio:
                    continue
                source = self._source(info, rendition, run.languages)
                folder = self.directory / source
                init, listed = read_run_playlist(folder / f"run_{run.index}.m3u8")
                items = []
                for duration, uri in listed:
                    try:
                        start = self._start(folder, init, uri)
                    except (OSError, ValueError):
                        break  # not on disk yet or damaged: stop this rendition's run here
                    items.append((start, duration, os.path.relpath(folder / uri, self.directory / rendition),
                                  os.path.relpath(folder / init, self.directory / rendition)))
                found[rendition] = items
            if not found:
                continue
            if current:
                ends = [items[-1][0] + items[-1][1] if items else -math.inf for items in found.values()]
                horizon = min(ends) + LOCKSTEP_TOLERANCE
                found = {r: [i for i in items if i[0] + i[1] <= horizon] for r, items in found.items()}
            elif not all(found.values()):
                continue  # a run that died before writing media in every rendition is left out everywhere
            per_run.append((run.index, found))

        result: dict[str, list[Segment]] = {rendition: [] for rendition in renditions}
        for cc, (run_index, found) in enumerate(per_run):
            for rendition, items in found.items():
                result[rendition] += [Segment(run_index, cc, init, uri, duration, start)
                                      for start, duration, uri, init in items]
        return result

    def write(self, info: SessionInfo, *, live: bool) -> dict[str, list[Segment]]:
        """Writes every rendition's index.m3u8 (sliding while ``live``, complete with ENDLIST otherwise); returns
        the segments composed."""
        composed = self.segments(info, live=live)
        for rendition, segments in composed.items():
            if not segments and live:
                continue
            text = render_media_playlist(segments, info.epoch, self.segment_seconds,
                                         window_seconds=self.window_seconds if live else None)
            path = self.directory / rendition / INDEX
            if self._written.get(path) != text:
                _write_atomic(path, text)
                self._written[path] = text
        return composed


def render_media_playlist(segments: list[Segment], epoch: float, segment_seconds: int, *,
                          window_seconds: float | None) -> str:
    """A media playlist: the last ``window_seconds`` of ``segments`` (live), or all of them as VOD."""
    first = 0
    if window_seconds is not None and segments:
        end = segments[-1].start + segments[-1].duration
        first = len(segments) - 1
        while first > 0 and (segments[first - 1].start >= end - window_seconds or len(segments) - first < 3):
            first -= 1
    listed = segments[first:]
    target = max([segment_seconds] + [math.floor(s.duration + 0.5) for s in segments])  # EXTINF rounded ≤ target
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", f"#EXT-X-TARGETDURATION:{target}", f"#EXT-X-MEDIA-SEQUENCE:{first}"]
    if window_seconds is None:
        lines.append("#EXT-X-PLAYLIST-TYPE:VOD")
    if listed:
        lines.append(f"#EXT-X-DISCONTINUITY-SEQUENCE:{listed[0].cc}")
    lines.append("#EXT-X-INDEPENDENT-SEGMENTS")
    previous = None
    for segment in listed:
        if previous is not None and segment.cc != previous.cc:
            lines.append("#EXT-X-DISCONTINUITY")
        if previous is None or segment.init != previous.init:
            lines.append(f'#EXT-X-MAP:URI="{segment.init}"')
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{_pdt(epoch + segment.start)}")
        lines += [f"#EXTINF:{segment.duration:.3f},", segment.uri]
        previous = segment
    if window_seconds is None:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def _pdt(seconds: float) -> str:
    moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


# --- the master playlist --------------------------------------------------------------------------------------

def manifest_for(directory: Path, info: SessionInfo, *, video: dict | None, duration: float = 0.0,
                 segment_seconds: int = 2, main_language: str | None = None,
                 names: dict[str, str] | None = None) -> Manifest:
    """The recordings pipeline's Manifest for a live session: one video rendition (the publisher's own, copied),
    the floor sound as the default audio, one audio rendition per interpretation language. ``video`` holds
    width, height, frame_rate and codecs (see packager.video_codecs)."""
    names = names or {}
    manifest = Manifest(duration=round(duration, 3), segment_seconds=segment_seconds)
    if video is not None and (Path(directory) / VIDEO / INDEX).is_file():
        manifest.video.append(VideoRendition("source", int(video.get("width") or 0), int(video.get("height") or 0),
                                             f"{VIDEO}/{INDEX}", video.get("codecs") or "avc1.4d401f",
                                             video.get("frame_rate")))
    if (Path(directory) / "audio" / MAIN / INDEX).is_file():
        manifest.audio.append(AudioRendition(MAIN, main_language, names.get(MAIN, "Original"),
                                             f"audio/{MAIN}/{INDEX}", AAC_LC, 2, True))
        for language in info.languages:
            if (Path(directory) / "audio" / language / INDEX).is_file():
                manifest.audio.append(AudioRendition(language, language, names.get(language) or
                                                     language_name(language), f"audio/{language}/{INDEX}"))
    return manifest


def write_live_master(directory: Path, manifest: Manifest) -> Path:
    """master.m3u8 written by the recordings pipeline's own writer (bandwidths measured from the segments)."""
    return write_master(directory, manifest)
