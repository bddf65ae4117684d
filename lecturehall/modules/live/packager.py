"""The packager: one ffmpeg per live lecture that pulls the lecture's push and every interpreter's push from nginx
and writes live HLS (fMP4, ``segment_seconds`` segments cut at the publisher's keyframes) for every rendition in
one process. The video is copied, never re-encoded; each audio rendition is encoded once to AAC at 64 kbit/s, which
also serves as the audio-only rendition for poor connections.

Lining up independent pushes (the hard part)
-------------------------------------------
An interpreter's push carries its own RTMP timestamps, which say nothing about the lecture's: each publisher starts
counting when *it* connects. What a listener needs is that the sound that reached us at a given moment plays with
the picture that reached us at that moment. So every input is put on one clock, the *arrival wall clock*:

1. nginx's statistics give, for every publisher, the last RTMP timestamp received; read together with the wall
   clock, ``wall_at_zero = read_at - timestamp`` says when that publisher's timestamp 0 arrived (the smallest value
   over a few readings: a reading can only be late, never early);
2. ffmpeg keeps the inputs' own timestamps (``-copyts``) and shifts each input by ``-itsoffset = wall_at_zero -
   epoch``, so every output timestamp is *seconds since the session's epoch* on the arrival clock;
3. every rendition is written by the same process, so the runs (and the discontinuities between them) are the same
   in all playlists, which is what hls.js needs to match an audio rendition to the video (it pairs them by
   discontinuity sequence and then by media time).

The set of inputs of an ffmpeg is fixed, so an interpreter joining or leaving starts a new run (a discontinuity and
a gap of about one keyframe interval); the alternative — one ffmpeg per push on the shared clock — keeps the video
running but lets each playlist's discontinuities drift apart, and hls.js then waits forever for the audio of a
discontinuity the video does not have. Measured with bench/live_sync.py (markers pushed with a random offset between
the lecture's and the interpreter's start): see the module docstring of lecturehall.modules.live for the figures.
Publisher clocks that drift from real time over hours are the remaining error; every run re-aligns."""

from __future__ import annotations

import collections
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from lecturehall.modules.live import processes
from lecturehall.modules.live.session import VIDEO, Run
from lecturehall.modules.live.settings import MAIN, LiveSettings
from lecturehall.modules.live.stat import PublishedStream, read_stat


@dataclass(frozen=True)
class Input:
    stream: str  # internal stream name in nginx
    offset: float  # seconds added to its RTMP timestamps: wall_at_zero - epoch


def measure_offsets(settings: LiveSettings, streams: list[str], epoch: float, *, samples: int = 5,
                    interval: float = 0.04) -> tuple[dict[str, float], dict[str, PublishedStream]]:
    """Each stream's -itsoffset (see the module docstring) from ``samples`` readings of nginx's statistics, and the
    last reading of each (codecs, size, bitrates). Streams not being published are missing from both."""
    best: dict[str, float] = {}
    last: dict[str, PublishedStream] = {}
    for attempt in range(samples):
        if attempt:
            time.sleep(interval)
        published = read_stat(settings.stat_url)
        for name in streams:
            if name in published:
                stream = published[name]
                last[name] = stream
                best[name] = min(best.get(name, stream.wall_at_zero), stream.wall_at_zero)
    return {name: wall - epoch for name, wall in best.items()}, last


def _hls(settings: LiveSettings, directory: Path, rendition: str, run: int) -> list[str]:
    folder = directory / rendition
    folder.mkdir(parents=True, exist_ok=True)
    return ["-f", "hls", "-hls_time", str(settings.segment_seconds), "-hls_list_size", "0",
            "-hls_segment_type", "fmp4", "-hls_flags", "independent_segments+temp_file",
            # without it the mp4 muxer starts every output's decode times at 0 (tfdt) and hides the real start in
            # an edit list, which hls.js ignores: the renditions' common clock would be lost
            "-hls_segment_options", "movflags=+frag_discont",
            "-hls_fmp4_init_filename", f"init_{run}.mp4",
            "-hls_segment_filename", str(folder / f"seg_{run}_%05d.m4s"), str(folder / f"run_{run}.m3u8")]


def packager_command(settings: LiveSettings, directory: Path, run: Run, main: Input,
                     interpreters: dict[str, Input], all_languages: list[str]) -> list[str]:
    """The ffmpeg command of one run: one input per interpreter pushing now, then the lecture's push. A language
    of the session whose interpreter is not pushing gets the floor sound (playlists.py)."""
    argv = [settings.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "warning", "-copyts"]
    # ffmpeg opens its inputs one after the other and reads nothing that was pushed before it opened one (nginx
    # keeps no backlog): the interpreters' audio is known from its first packets (0.3 s), the lecture's push must
    # show a keyframe (up to 1.5 s); opened first, the lecture's would leave each run's languages that much short
    inputs = [interpreters[language] for language in run.languages] + [main]
    for item in inputs:
        probe = "1500000" if item is main else "300000"
        argv += ["-thread_queue_size", "1024", "-analyzeduration", probe, "-itsoffset", f"{item.offset:.6f}",
                 "-i", settings.pull_url(item.stream)]
    lecture = len(inputs) - 1
    audio = ["-c:a", "aac", "-b:a", settings.audio_bitrate, "-ac", "2"]
    if run.has_video:
        argv += ["-map", f"{lecture}:v:0", "-c:v", "copy", *_hls(settings, directory, VIDEO, run.index)]
    if run.has_audio:
        argv += ["-map", f"{lecture}:a:0", *audio, *_hls(settings, directory, f"audio/{MAIN}", run.index)]
    for position, language in enumerate(run.languages):
        argv += ["-map", f"{position}:a:0", *audio, *_hls(settings, directory, f"audio/{language}", run.index)]
    for language in all_languages:
        (directory / "audio" / language).mkdir(parents=True, exist_ok=True)  # the floor stands in (playlists.py)
    return argv


def video_codecs(init_path: Path) -> str | None:
    """avc1.PPCCLL from the avcC box of an init segment (profile, constraints, level as the publisher encoded)."""
    try:
        data = Path(init_path).read_bytes()
    except OSError:
        return None
    at = data.find(b"avcC")
    if at < 0 or len(data) < at + 8:
        return None
    return "avc1.{:02x}{:02x}{:02x}".format(*data[at + 5:at + 8])


class PackagerProcess:
    """One running ffmpeg of a run, with the end of what it said (for the health page and the log)."""

    def __init__(self, argv: list[str], run: Run):
        self.argv = argv
        self.run = run
        self.started = time.monotonic()
        self.tail: collections.deque[str] = collections.deque(maxlen=30)
        self.process = processes.spawn(argv, stderr=subprocess.PIPE)
        self._reader = threading.Thread(target=self._read, name=f"packager-{self.process.pid}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for raw in self.process.stderr:
            self.tail.append(raw.decode("utf-8", "replace").rstrip())
        self.process.stderr.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def poll(self) -> int | None:
        return self.process.poll()

    def stop(self, grace: float = 5.0) -> int | None:
        code = processes.stop(self.process, grace=grace)
        self._reader.join(timeout=1.0)
        return code
