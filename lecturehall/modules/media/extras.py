"""What a replay has besides its ladder: the MP4 download, the poster and the seek-bar thumbnails.

Each is written beside its target and renamed into place only when ffmpeg has succeeded (publishing.py). When a
finished ladder is given, they are made from it rather than from the upload: the download copies the 720p rung
(no second encode), and the thumbnails decode only the keyframes of the smallest rung."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import ffmpeg

from lecturehall.modules.media import ladder, packaging
from lecturehall.modules.media.probe import MediaInfo, input_args, require_ffmpeg
from lecturehall.modules.media.publishing import publish, writing
from lecturehall.modules.media.subtitles import vtt_timestamp
from lecturehall.modules.media.runner import (
    UNKNOWN_FAILURE,
    ProgressCallback,
    TranscodeFailed,
    ffmpeg_argv,
    run_ffmpeg,
    source_input,
)

DOWNLOAD_SHORT_SIDE = 720
DOWNLOAD_KBPS = 1600
POSTER_WIDTH = 1280
THUMB_WIDTH = 160
THUMB_COLUMNS = 10
MAX_THUMBS = 600  # one sprite stays a few MB: a longer recording gets a longer interval instead


def make_mp4_download(source, out_path, info: MediaInfo, *, on_progress: ProgressCallback | None = None,
                      cancel: threading.Event | None = None) -> Path:
    """An MP4 to download (H.264 no larger than 720p, AAC, index at the front so it plays while downloading).
    ``source`` may be a finished replay directory: its rung of 720p or below is then copied, not re-encoded."""
    require_ffmpeg()
    out_path = Path(out_path)
    replay = _replay_manifest(source)
    with writing(out_path, directory=False) as partial:
        if replay is not None:
            command = _download_from_replay(Path(source), replay, partial)
        else:
            command = _download_transcode(source, info, partial)
        run_ffmpeg(command, info.duration, on_progress, cancel)
        publish(partial, out_path)
    return out_path


def _download_from_replay(replay_dir: Path, manifest, partial: Path) -> list[str]:
    fitting = [v for v in manifest.video if min(v.width, v.height) <= DOWNLOAD_SHORT_SIDE]
    video = max(fitting, key=lambda v: v.height, default=None)
    audio = next((a for a in manifest.audio if a.default), manifest.audio[0] if manifest.audio else None)
    if video is None and manifest.video:
        raise ValueError("the replay has no rendition of 720p or below")
    streams = [_replay_input(replay_dir, rendition.uri) for rendition in (video, audio) if rendition is not None]
    return ffmpeg_argv(ffmpeg.output(*streams, str(partial), c="copy", movflags="+faststart", f="mp4"))


def _download_transcode(source, info: MediaInfo, partial: Path) -> list[str]:
    inp = source_input(source)
    streams, options = [], {"movflags": "+faststart", "f": "mp4"}
    if info.has_video:
        video = inp["v:0"].filter("fps", fps=f"{ladder.output_fps(info):g}").filter("format", "yuv420p")
        short = min(info.width, info.height)
        if short > DOWNLOAD_SHORT_SIDE:
            scale = DOWNLOAD_SHORT_SIDE / short
            video = video.filter("scale", _even(info.width * scale), _even(info.height * scale), flags="bicubic")
        streams.append(video.filter("setsar", 1))
        options.update({"c:v": "libx264", "preset": ladder.X264_PRESET, "x264-params": ladder.X264_PARAMS,
                        "crf": ladder.CRF, "maxrate": f"{DOWNLOAD_KBPS}k", "bufsize": f"{DOWNLOAD_KBPS * 2}k"})
    if info.has_audio:
        streams.append(ladder.audio_stream(inp, info))
        options.update(ladder.audio_options(info))
    return ffmpeg_argv(ffmpeg.output(*streams, str(partial), **options))


def make_poster(source, out_path, info: MediaInfo) -> Path | None:
    """A JPEG still at about a tenth of the recording (past title cards), at most 1280 pixels wide; None for a
    recording without pictures."""
    if not info.has_video:
        return None
    require_ffmpeg()
    out_path = Path(out_path)
    args = input_args(source)
    stream = ffmpeg.input(args[-1], format_whitelist=args[1], ss=f"{info.duration * 0.1:.3f}")["v:0"]
    if info.width and info.width > POSTER_WIDTH:
        stream = stream.filter("scale", POSTER_WIDTH, _even(info.height * POSTER_WIDTH / info.width))
    with writing(out_path, directory=False) as partial:
        run_ffmpeg(ffmpeg_argv(ffmpeg.output(stream, str(partial), **{
            "frames:v": 1, "q:v": 3, "f": "image2", "c:v": "mjpeg", "pix_fmt": "yuvj420p"})), 1.0)
        if partial.stat().st_size == 0:
            raise TranscodeFailed(UNKNOWN_FAILURE, "no frame was written")
        publish(partial, out_path)
    return out_path


def make_thumbnails(source, out_dir, info: MediaInfo, interval: int = 10) -> Path | None:
    """Seek-bar previews: ``sprite.jpg`` (tiles 160 pixels wide, ten to a row) and ``thumbnails.vtt`` whose cues
    point into it (``sprite.jpg#xywh=x,y,w,h``). Returns the WebVTT path; None for a recording without pictures.
    ``source`` may be a finished replay directory: its smallest rung is read then, which is far cheaper to decode
    than the upload (an hour of 1080p takes minutes to decode; of 360p keyframes, seconds)."""
    if not info.has_video or not info.width or not info.height:
        return None
    require_ffmpeg()
    out_dir = Path(out_dir)
    interval = max(interval, math.ceil(info.duration / MAX_THUMBS))
    count = max(1, math.ceil(info.duration / interval))
    columns = min(THUMB_COLUMNS, count)
    rows = math.ceil(count / columns)
    width = THUMB_WIDTH
    height = _even(THUMB_WIDTH * info.height / info.width)

    stream = _thumbnail_input(source, interval)
    stream = (stream.filter("fps", fps=f"1/{interval}", eof_action="pass").filter("scale", width, height)
              .filter("tile", f"{columns}x{rows}"))
    with writing(out_dir / "sprite.jpg", directory=False) as sprite_partial, \
            writing(out_dir / "thumbnails.vtt", directory=False) as vtt_partial:
        run_ffmpeg(ffmpeg_argv(ffmpeg.output(stream, str(sprite_partial), **{
            "frames:v": 1, "q:v": 4, "f": "image2", "c:v": "mjpeg", "pix_fmt": "yuvj420p"})), info.duration)
        cues = ["WEBVTT", ""]
        for index in range(count):
            start, end = index * interval, min((index + 1) * interval, info.duration)
            x, y = (index % columns) * width, (index // columns) * height
            cues += [f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}",
                     f"sprite.jpg#xywh={x},{y},{width},{height}", ""]
        vtt_partial.write_text("\n".join(cues), encoding="utf-8")
        publish(sprite_partial, out_dir / "sprite.jpg")
        publish(vtt_partial, out_dir / "thumbnails.vtt")
    return out_dir / "thumbnails.vtt"


def _thumbnail_input(source, interval: int):
    replay = _replay_manifest(source)
    if replay is None or not replay.video:
        # Every frame of an upload is decoded: with only keyframes, one with few of them would leave tiles empty.
        return source_input(source)["v:0"]
    smallest = min(replay.video, key=lambda v: v.width * v.height)
    # The ladder has a keyframe at every segment boundary: when there is one within each interval, only keyframes
    # are decoded.
    options = {"skip_frame": "nokey"} if interval >= replay.segment_seconds else {}
    return _replay_input(Path(source), smallest.uri, **options)["v:0"]


def _replay_input(replay_dir: Path, uri: str, **options):
    """One of the replay's own HLS playlists as an input, reading nothing but its local files."""
    return ffmpeg.input(f"file:{(replay_dir / uri).resolve()}", protocol_whitelist="file",
                        format_whitelist="hls,mov", **options)


def _replay_manifest(source):
    path = Path(source)
    if path.is_dir() and (path / packaging.MANIFEST).is_file():
        return packaging.read_manifest(path)
    return None


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)
