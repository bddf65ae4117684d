"""A live session on disk: the lecture's folder, its clock (``epoch``) and its runs, kept in ``live.json`` so that
whoever finalises it (the supervisor, or the worker after a restart) knows what was recorded.

A *run* is one life of the lecture's packager (one ffmpeg): a reconnect, a crash or an interpreter joining ends a
run and starts the next. Every run writes its own init segment and segments (``init_<run>.mp4``,
``seg_<run>_<n>.m4s``) and its own ffmpeg playlist (``run_<run>.m3u8``) in each rendition's folder, so nothing a
previous run wrote is ever overwritten; playlists.py joins the runs with discontinuities::

    <lecture>/live.json   master.m3u8   video/source/   audio/main/   audio/<language>/

Every timestamp in the segments is seconds since ``epoch`` (wall clock) — see packager.py — so a segment's place in
time, its EXT-X-PROGRAM-DATE-TIME and its sync with the other renditions all follow from its tfdt."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lecturehall.modules.live.settings import MAIN

SESSION_FILE = "live.json"
VIDEO = "video/source"


@dataclass
class Run:
    index: int
    started_at: float  # wall clock
    languages: list[str]  # interpretation languages with their own push in this run (others play the floor)
    has_video: bool = True
    has_audio: bool = True
    ended_at: float | None = None
    reason: str = "publish"  # why it started: publish, reconnect, crash, stall, interpreter


@dataclass
class SessionInfo:
    lecture: str
    epoch: float  # wall clock of media time 0
    languages: list[str] = field(default_factory=list)  # every language heard in this session, in order of arrival
    runs: list[Run] = field(default_factory=list)
    ended_at: float | None = None
    video: dict | None = None  # width, height, frame_rate, codecs of the lecture's video (for the master)

    def rendition_dirs(self) -> list[str]:
        """Every rendition folder of the session, relative to it: the video, the floor sound, the languages."""
        dirs = [VIDEO] if any(run.has_video for run in self.runs) else []
        if any(run.has_audio for run in self.runs):
            dirs.append(f"audio/{MAIN}")
            dirs += [f"audio/{language}" for language in self.languages]
        return dirs


def new_session(directory: Path, lecture: str, epoch: float | None = None) -> SessionInfo:
    info = SessionInfo(lecture=str(lecture), epoch=time.time() if epoch is None else epoch)
    Path(directory).mkdir(parents=True, exist_ok=True)
    save(directory, info)
    return info


def load(directory: Path) -> SessionInfo:
    data = json.loads((Path(directory) / SESSION_FILE).read_text(encoding="utf-8"))
    data["runs"] = [Run(**run) for run in data.get("runs", [])]
    return SessionInfo(**data)


def save(directory: Path, info: SessionInfo) -> None:
    path = Path(directory) / SESSION_FILE
    partial = path.with_name(f".{SESSION_FILE}.tmp")
    partial.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
