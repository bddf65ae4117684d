"""The replay's ladder: the full HLS ladder in one ffmpeg process (run_ladder), and a quick copy-only replay to
show while the ladder is being made (quick_remux). Both write into a hidden folder that is renamed into place only
when complete (publishing.py), so a reader never sees half a replay. The extras (download, poster, thumbnails) are
in extras.py; running ffmpeg, its progress and its failures in runner.py."""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from lecturehall.modules.media import ladder, packaging
from lecturehall.modules.media.packaging import Manifest
from lecturehall.modules.media.probe import MediaInfo, input_args, require_ffmpeg
from lecturehall.modules.media.publishing import publish, writing
from lecturehall.modules.media.runner import Cancelled, ProgressCallback, ffmpeg_argv, run_ffmpeg, source_input

QUICK_REMUX_MAX_BITRATE = 3_500_000  # the 1080p cap plus generous audio
# What browsers decode in H.264: 8-bit 4:2:0 (High 10, 4:2:2 and 4:4:4 profiles play almost nowhere).
BROWSER_PIXEL_FORMATS = frozenset({"yuv420p", "yuvj420p"})


class QuickRemuxUnsuitable(ValueError):
    """The upload cannot be published by copying its streams; the full ladder converts it instead."""


@dataclass(frozen=True)
class LadderResult:
    out_dir: Path
    manifest: Manifest
    elapsed: float

    @property
    def master(self) -> Path:
        return self.out_dir / "master.m3u8"


def run_ladder(source, out_dir, info: MediaInfo, on_progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None, *, segment_seconds: int = ladder.SEGMENT_SECONDS,
               language: str | None = None, audio_name: str = "Original") -> LadderResult:
    """Transcodes ``source`` into the HLS ladder at ``out_dir`` (replacing any previous one): video/<rung>/,
    audio/main/, manifest.json and master.m3u8. ``language`` and ``audio_name`` describe the recording's own
    sound in the master playlist."""
    require_ffmpeg()
    if not info.has_video and not info.has_audio:
        raise ValueError("a recording without audio or video cannot be transcoded")
    out_dir = Path(out_dir)
    started = time.monotonic()
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    with writing(out_dir, directory=True) as partial:
        argv = ladder.ladder_command(source, partial, info, segment_seconds)
        run_ffmpeg(argv, info.duration, on_progress, cancel, cap_percent=99.0)
        manifest = packaging.arrange_ladder(partial, info, ladder.plan_rungs(info), segment_seconds,
                                            language=language, audio_name=audio_name)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        publish(partial, out_dir)
    if on_progress is not None:
        on_progress(100.0, 0.0)
    return LadderResult(out_dir, manifest, time.monotonic() - started)


def quick_remux_possible(info: MediaInfo) -> bool:
    """Whether the upload can be published as it is, by copying (no re-encoding): 8-bit 4:2:0 H.264 video no
    larger than 1080p and at most the top rung's bitrate, with AAC audio or none. A recording probed before pixel
    formats were kept is checked again by quick_remux itself."""
    if not info.has_video or info.video_codec != "h264" or not info.width or not info.height:
        return False
    if info.pixel_format is not None and not _browser_h264(info.pixel_format, info.video_profile):
        return False
    if info.has_audio and info.audio_codec != "aac":
        return False
    if min(info.width, info.height) > 1080 or max(info.width, info.height) > 1920:
        return False
    if info.fps is not None and info.fps > 60.5:
        return False
    return info.bit_rate is None or info.bit_rate <= QUICK_REMUX_MAX_BITRATE


def quick_remux(source, out_dir, info: MediaInfo, *, segment_seconds: int = ladder.SEGMENT_SECONDS,
                cancel: threading.Event | None = None, language: str | None = None,
                audio_name: str = "Original") -> LadderResult:
    """A playable single-rendition replay in seconds, with the same layout as the ladder (video/<size>p/ and
    audio/main/), by copying the upload's streams into fMP4 segments. Segments end at the upload's own keyframes.
    QuickRemuxUnsuitable when the stream is not one browsers play as it is: the full ladder is then the way."""
    require_ffmpeg()
    if not quick_remux_possible(info):
        raise QuickRemuxUnsuitable("this recording cannot be published without transcoding")
    if info.pixel_format is None:
        _require_browser_h264(source)
    out_dir = Path(out_dir)
    started = time.monotonic()
    rung = ladder.Rung(f"{min(info.width, info.height)}p", info.width, info.height,
                       max(1, (info.bit_rate or 0) // 1000), "")
    with writing(out_dir, directory=True) as partial:
        inp = source_input(source)
        streams = [inp["v:0"]]
        variants = [f"v:0{',agroup:audio' if info.has_audio else ''},name:{rung.name}"]
        if info.has_audio:
            streams.append(inp["a:0"])
            variants.append(f"a:0,agroup:audio,name:{ladder.MAIN_AUDIO}")
        options = {"c": "copy", "f": "hls", "hls_time": segment_seconds, "hls_playlist_type": "vod",
                   "hls_segment_type": "fmp4", "hls_segment_filename": str(partial / "%v" / "seg_%05d.m4s"),
                   "var_stream_map": " ".join(variants), "master_pl_name": "master.m3u8"}
        command = ffmpeg_argv(ffmpeg.output(*streams, str(partial / "%v" / "index.m3u8"), **options))
        run_ffmpeg(command, info.duration, None, cancel)
        manifest = packaging.arrange_ladder(partial, info, [rung], segment_seconds, language=language,
                                            audio_name=audio_name, frame_rate=info.fps)
        publish(partial, out_dir)
    return LadderResult(out_dir, manifest, time.monotonic() - started)


def _browser_h264(pixel_format: str | None, profile: str | None) -> bool:
    profile = (profile or "").lower()
    return pixel_format in BROWSER_PIXEL_FORMATS and not any(word in profile for word in ("4:4:4", "4:2:2", "10"))


def _require_browser_h264(source) -> None:
    argv = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=pix_fmt,profile",
            "-of", "default=nw=1", *input_args(source)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    fields = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    if not _browser_h264(fields.get("pix_fmt"), fields.get("profile")):
        raise QuickRemuxUnsuitable(f"pix_fmt={fields.get('pix_fmt')} profile={fields.get('profile')}")
