"""What a publisher sends, for the organiser's page ("set 2-second keyframes"): codecs, picture size, frame rate
and bitrates as nginx sees them (statistics), and the keyframe interval read from the video the packager copied (the
keyframes ffprobe finds in a recent segment)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lecturehall.modules.live.playlists import read_run_playlist
from lecturehall.modules.live.stat import PublishedStream

MAX_KEYFRAME_INTERVAL = 2.0  # seconds: longer makes live segments (and the delay) longer
MAX_VIDEO_KBPS = 6000


@dataclass(frozen=True)
class PublisherReport:
    stream: str
    video_codec: str | None
    width: int | None
    height: int | None
    frame_rate: float | None
    video_kbps: int
    audio_codec: str | None
    audio_kbps: int
    audio_channels: int | None
    sample_rate: int | None
    keyframe_interval: float | None  # seconds between keyframes, when a segment was there to read
    warnings: list[str] = field(default_factory=list)  # codes: keyframes, video-codec, audio-codec, bitrate, no-video, no-audio


def keyframe_interval(video_dir: Path, run: int) -> float | None:
    """The largest distance between keyframes in the latest complete segment of ``run`` (or the segment's length
    when it holds only one keyframe, which is then a lower bound)."""
    init, segments = read_run_playlist(Path(video_dir) / f"run_{run}.m3u8")
    if init is None or not segments:
        return None
    duration, uri = segments[-1]
    try:
        data = (Path(video_dir) / init).read_bytes() + (Path(video_dir) / uri).read_bytes()
    except OSError:
        return None
    done = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "packet=pts_time,flags", "-of", "csv=p=0", "-f", "mp4", "-i", "pipe:0"],
                          input=data, capture_output=True, timeout=20, check=False)
    keys = []
    for line in done.stdout.decode("ascii", "replace").splitlines():
        parts = line.split(",")
        if len(parts) >= 2 and "K" in parts[1]:
            try:
                keys.append(float(parts[0]))
            except ValueError:
                continue
    if len(keys) < 2:
        return round(duration, 2) if keys else None
    return round(max(b - a for a, b in zip(keys, keys[1:])), 2)


def report(stream: PublishedStream, interval: float | None) -> PublisherReport:
    warnings = []
    if stream.video_codec is None and not stream.bw_video:
        warnings.append("no-video")
    elif stream.video_codec and stream.video_codec.upper() != "H264":
        warnings.append("video-codec")
    if stream.audio_codec is None and not stream.bw_audio:
        warnings.append("no-audio")
    elif stream.audio_codec and stream.audio_codec.upper() != "AAC":
        warnings.append("audio-codec")
    if interval is not None and interval > MAX_KEYFRAME_INTERVAL + 0.05:
        warnings.append("keyframes")
    if stream.bw_video > MAX_VIDEO_KBPS * 1000:
        warnings.append("bitrate")
    return PublisherReport(stream.name, stream.video_codec, stream.width, stream.height, stream.frame_rate,
                           stream.bw_video // 1000, stream.audio_codec, stream.bw_audio // 1000,
                           stream.audio_channels, stream.sample_rate, interval, warnings)
