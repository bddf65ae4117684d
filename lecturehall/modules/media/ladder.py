"""The rendition ladder of a replay: which rungs a recording gets, and the one ffmpeg command that makes them all.

The command decodes the upload once and encodes every rung from that single decode (split + scale), with keyframes
every ``segment_seconds`` on every rung, so that a player can switch rung at any segment boundary. Audio is encoded
once, as a separate AAC rendition that every rung shares (an HLS audio group), so extra interpretation languages can
be added later without touching the video (see packaging.py).

The encoder settings are tuned for lectures: mostly still slides with a small moving speaker. A fast x264 setting
with CABAC, deblocking and macroblock-tree rate control keeps slides sharp and sends few bits for a still picture
(and for camera noise in the speaker inset); a capped CRF means a still slide costs a fraction of the cap."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from lecturehall.modules.media.probe import MediaInfo
from lecturehall.modules.media.runner import ffmpeg_argv, source_input

SEGMENT_SECONDS = 4
MAX_FPS = 30.0  # lectures gain nothing from 50/60 fps screen recordings; halving the frames halves the work
AUDIO_BITRATE = "64k"
AUDIO_SAMPLE_RATE = 48000
MAIN_AUDIO = "main"  # the audio rendition made from the recording itself (audio/main/)

# (short side, peak kbit/s, H.264 level). Below 360p a source gets one rung at its own size (SMALL_KBPS).
STANDARD_RUNGS = ((1080, 3000, "4.0"), (720, 1600, "3.1"), (480, 800, "3.0"), (360, 500, "3.0"))
SMALL_KBPS = 350

X264_PRESET = "ultrafast"
# On top of ultrafast (measured with bench/transcode.py on a 1080p lecture, 2 cores): CABAC and deblocking (fewer
# bits, cleaner text), mb-tree with a short lookahead (bits go to what persists, the slide, not to camera noise that
# is gone the next frame: a third of the bitrate), adaptive quantisation (no banding on flat slide backgrounds) and
# two fixed B-frames (a fifth fewer bits for 7 % more time). Sub-pixel motion search, more partitions and adaptive
# B-frames cost 10-25 % more time for a few percent of bitrate on this content. Keyframes are set by
# ladder_command: every segment boundary, never at scene cuts.
X264_PARAMS = "cabac=1:deblock=1:mbtree=1:rc-lookahead=10:aq-mode=1:bframes=2:b-adapt=0:scenecut=0:open-gop=0"
CRF = 23


@dataclass(frozen=True)
class Rung:
    name: str  # "720p": the directory under video/ and the label a player shows
    width: int
    height: int
    max_kbps: int
    level: str

    @property
    def bufsize_kbps(self) -> int:
        return self.max_kbps * 2


def plan_rungs(info: MediaInfo) -> list[Rung]:
    """The video rungs for a recording, largest first: the standard sizes no taller than the source (judged on the
    short side, so a portrait phone video gets the same ladder), or one rung at the source's own size when it is
    smaller than 360p. An audio-only recording has no rungs."""
    if not info.has_video or not info.width or not info.height:
        return []
    short = min(info.width, info.height)
    rungs = [
        _rung(info, target, kbps, level) for target, kbps, level in STANDARD_RUNGS if target <= short
    ]
    if not rungs:
        width, height = max(2, info.width // 2 * 2), max(2, info.height // 2 * 2)  # x264 needs even sizes
        kbps = max(150, round(SMALL_KBPS * width * height / (640 * 360)))
        rungs = [Rung(f"{min(width, height)}p", width, height, kbps, "3.0")]
    return rungs


def _rung(info: MediaInfo, short_side: int, kbps: int, level: str) -> Rung:
    landscape = info.width >= info.height
    ratio = max(info.width, info.height) / min(info.width, info.height)
    long_side = _even(short_side * ratio)
    width, height = (long_side, short_side) if landscape else (short_side, long_side)
    return Rung(f"{short_side}p", width, height, kbps, level)


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def output_fps(info: MediaInfo) -> float:
    """The frame rate of every rung: the source's, at most MAX_FPS; 25 when the source does not say."""
    fps = info.fps or 25.0
    return min(fps, MAX_FPS)


def gop_frames(info: MediaInfo, segment_seconds: int = SEGMENT_SECONDS) -> int:
    """Frames between keyframes: never less than a segment, so every segment boundary falls on a keyframe."""
    return max(1, math.ceil(segment_seconds * output_fps(info) - 1e-6))


def audio_channels(info: MediaInfo) -> int:
    return 1 if (info.audio_channels or 2) == 1 else 2


def ladder_command(source, out_dir, info: MediaInfo, segment_seconds: int = SEGMENT_SECONDS) -> list[str]:
    """The ffmpeg argv that writes the whole ladder into ``out_dir``: ``<rung>/index.m3u8`` per video rung,
    ``main/index.m3u8`` for the audio, fMP4 segments, and master.m3u8. Progress goes to stdout (-progress)."""
    out_dir = Path(out_dir)
    if "%" in str(out_dir):
        raise ValueError("the output directory must not contain '%' (ffmpeg reads it as a pattern)")
    rungs = plan_rungs(info)
    streams, options, variants = [], {}, []

    inp = source_input(source)
    if rungs:
        fps = output_fps(info)
        gop = gop_frames(info, segment_seconds)
        decoded = inp["v:0"].filter("fps", fps=_fps_text(fps)).filter("format", "yuv420p").filter("setsar", 1)
        copies = decoded.filter_multi_output("split", 2 if len(rungs) > 1 else 1)
        top = _scaled(copies[0], rungs[0], info, flags="bicubic")
        outputs = [top]
        if len(rungs) > 1:
            # The second rung is scaled from the decoded source; smaller ones from the second rung, which is cheaper
            # than scaling each from full size and looks the same at these ratios.
            second = _scaled(copies[1], rungs[1], info, flags="bicubic")
            if len(rungs) > 2:
                parts = second.filter_multi_output("split", len(rungs) - 1)
                outputs.append(parts[0])
                for index, rung in enumerate(rungs[2:], start=1):
                    outputs.append(parts[index].filter("scale", rung.width, rung.height, flags="bilinear"))
            else:
                outputs.append(second)
        streams.extend(outputs)
        options.update({
            "c:v": "libx264",
            "preset": X264_PRESET,
            "x264-params": f"{X264_PARAMS}:keyint={gop}:min-keyint={gop}",
            "crf": CRF,
        })
        for index, rung in enumerate(rungs):
            options[f"maxrate:v:{index}"] = f"{rung.max_kbps}k"
            options[f"bufsize:v:{index}"] = f"{rung.bufsize_kbps}k"
            options[f"level:v:{index}"] = rung.level
        agroup = ",agroup:audio" if info.has_audio else ""
        variants += [f"v:{index}{agroup},name:{rung.name}" for index, rung in enumerate(rungs)]
    if info.has_audio:
        streams.append(audio_stream(inp, info))
        options.update(audio_options(info))
        variants.append(f"a:0,agroup:audio,name:{MAIN_AUDIO}")

    options.update(_hls_options(out_dir, segment_seconds))
    options["var_stream_map"] = " ".join(variants)
    options["master_pl_name"] = "master.m3u8"
    return ffmpeg_argv(ffmpeg.output(*streams, str(out_dir / "%v" / "index.m3u8"), **options))


def _scaled(stream, rung: Rung, info: MediaInfo, flags: str):
    if (rung.width, rung.height) == (info.width, info.height):
        return stream
    return stream.filter("scale", rung.width, rung.height, flags=flags)


def _fps_text(fps: float) -> str:
    for numerator, denominator in ((24000, 1001), (30000, 1001)):
        if abs(fps - numerator / denominator) < 0.005:
            return f"{numerator}/{denominator}"
    return f"{fps:g}"


def audio_stream(inp, info: MediaInfo):
    # async resampling fills gaps and trims overlaps in browser recordings, whose audio clock wanders.
    return inp["a:0"].filter("aresample", AUDIO_SAMPLE_RATE, **{"async": 1, "first_pts": 0})


def audio_options(info: MediaInfo) -> dict:
    return {"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": audio_channels(info), "ar": AUDIO_SAMPLE_RATE}


def _hls_options(out_dir: Path, segment_seconds: int) -> dict:
    return {
        "f": "hls",
        "hls_time": segment_seconds,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_flags": "independent_segments",
        "hls_segment_filename": str(out_dir / "%v" / "seg_%05d.m4s"),
    }


def hls_audio_command(source, out_dir, info: MediaInfo, segment_seconds: int = SEGMENT_SECONDS,
                      max_seconds: float | None = None) -> list[str]:
    """The ffmpeg argv for one audio rendition on its own (an interpretation language, or an audio-only replay):
    ``out_dir/index.m3u8`` with AAC fMP4 segments of ``segment_seconds``."""
    out_dir = Path(out_dir)
    if "%" in str(out_dir):
        raise ValueError("the output directory must not contain '%' (ffmpeg reads it as a pattern)")
    options = {**audio_options(info), "f": "hls", "hls_time": segment_seconds, "hls_playlist_type": "vod",
               "hls_segment_type": "fmp4", "hls_flags": "independent_segments",
               "hls_segment_filename": str(out_dir / "seg_%05d.m4s")}
    if max_seconds:
        options["t"] = f"{max_seconds:.3f}"
    return ffmpeg_argv(ffmpeg.output(audio_stream(source_input(source), info), str(out_dir / "index.m3u8"), **options))
