"""The ladder, the quick remux, the download, the poster and the thumbnails: what a viewer gets plays, and what is
not finished is never left behind."""

from __future__ import annotations

import dataclasses
import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

import m3u8
import pytest

from lecturehall.modules.media import extras, ladder, pipeline, runner
from lecturehall.modules.media.runner import Cancelled, TranscodeFailed
from lecturehall.modules.media.probe import MediaInfo, probe
from tests.media.conftest import ProgressLog, decode_errors, stream_of


def info_of(width: int | None, height: int | None, fps: float | None = 30.0, **changes) -> MediaInfo:
    base = MediaInfo(duration=60.0, has_video=width is not None, has_audio=True, width=width, height=height,
                     fps=fps, video_codec="h264" if width else None, audio_codec="aac", audio_channels=2,
                     bit_rate=2_000_000, format_name="mov,mp4,m4a,3gp,3g2,mj2")
    return dataclasses.replace(base, **changes)


def leftovers(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir()) if parent.exists() else []


# --- the rung plan ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("size", "expected"), [
    ((1920, 1080), [(1920, 1080), (1280, 720), (854, 480), (640, 360)]),
    ((3840, 2160), [(1920, 1080), (1280, 720), (854, 480), (640, 360)]),
    ((1280, 720), [(1280, 720), (854, 480), (640, 360)]),
    ((1024, 768), [(960, 720), (640, 480), (480, 360)]),
    ((1080, 1920), [(1080, 1920), (720, 1280), (480, 854), (360, 640)]),
    ((640, 360), [(640, 360)]),
    ((320, 240), [(320, 240)]),
    ((321, 181), [(320, 180)]),
])
def test_rungs_never_exceed_the_source(size, expected):
    rungs = ladder.plan_rungs(info_of(*size))
    assert [(r.width, r.height) for r in rungs] == expected
    assert all(r.width % 2 == 0 and r.height % 2 == 0 for r in rungs)
    assert [r.max_kbps for r in rungs] == sorted((r.max_kbps for r in rungs), reverse=True)


def test_audio_only_has_no_rungs():
    assert ladder.plan_rungs(info_of(None, None)) == []


def test_keyframes_fall_on_every_segment_boundary():
    assert ladder.gop_frames(info_of(1280, 720, fps=30.0)) == 120
    assert ladder.gop_frames(info_of(1280, 720, fps=60.0)) == 120  # 60 fps is encoded at 30
    assert ladder.gop_frames(info_of(1280, 720, fps=29.97)) == 120  # 4.004 s: never short of a segment
    assert ladder.gop_frames(info_of(1280, 720, fps=24.1)) == 97


def test_one_ffmpeg_decodes_once_for_every_rendition(tmp_path):
    argv = ladder.ladder_command(Path("/recordings/lecture.mp4"), tmp_path, info_of(1920, 1080))
    assert argv[0] == "ffmpeg" and argv.count("-i") == 1
    graph = argv[argv.index("-filter_complex") + 1]
    assert "split=2" in graph and graph.count("scale=") == 3
    options = {argv[i]: argv[i + 1] for i in range(len(argv) - 1)}
    assert options["-hls_segment_type"] == "fmp4" and options["-hls_time"] == "4"
    assert options["-var_stream_map"].split() == [
        "v:0,agroup:audio,name:1080p", "v:1,agroup:audio,name:720p", "v:2,agroup:audio,name:480p",
        "v:3,agroup:audio,name:360p", "a:0,agroup:audio,name:main"]
    assert options["-b:a"] == "64k" and options["-master_pl_name"] == "master.m3u8"
    assert "keyint=120:min-keyint=120" in options["-x264-params"] and "scenecut=0" in options["-x264-params"]
    assert options["-progress"] == "pipe:1"


# --- the ladder ---------------------------------------------------------------------------------------------------

def test_the_master_lists_every_rung_and_the_audio_group(hd_replay):
    result, info, _ = hd_replay
    master = m3u8.load(str(result.master))
    assert master.is_variant
    video = [p for p in master.playlists if p.stream_info.resolution]
    assert [p.stream_info.resolution for p in video] == [(854, 480), (640, 360), (1280, 720)]
    assert all(p.stream_info.resolution[1] <= info.height for p in video)
    assert all(p.stream_info.audio == "audio" and p.stream_info.bandwidth > 0 for p in master.playlists)
    assert all(p.stream_info.codecs.startswith("avc1.") and p.stream_info.codecs.endswith(",mp4a.40.2")
               for p in video)
    audio_only = [p for p in master.playlists if not p.stream_info.resolution]
    assert [p.stream_info.codecs for p in audio_only] == ["mp4a.40.2"]
    assert audio_only[0].stream_info.bandwidth <= 80_000  # 64 kbit/s AAC plus container
    [audio] = [m for m in master.media if m.type == "AUDIO"]
    assert (audio.group_id, audio.default, audio.uri) == ("audio", "YES", "audio/main/index.m3u8")


def test_every_rendition_decodes_cleanly(hd_replay):
    result, _, _ = hd_replay
    for uri in ["video/720p/index.m3u8", "video/480p/index.m3u8", "video/360p/index.m3u8",
                "audio/main/index.m3u8"]:
        assert decode_errors(result.out_dir / uri) == ""
    rung = stream_of(result.out_dir / "video/480p/index.m3u8")
    assert (rung["codec_name"], rung["width"], rung["height"], rung["pix_fmt"]) == ("h264", "854", "480", "yuv420p")


def test_keyframes_are_aligned_across_rungs(hd_replay):
    result, _, _ = hd_replay
    durations = {
        rung: [round(s.duration, 3) for s in m3u8.load(str(result.out_dir / f"video/{rung}/index.m3u8")).segments]
        for rung in ("720p", "480p", "360p")
    }
    assert durations["720p"] == durations["480p"] == durations["360p"] == [4.0, 4.0, 1.0]
    audio = m3u8.load(str(result.out_dir / "audio/main/index.m3u8"))
    assert audio.segment_map[0].uri and len(audio.segments) == 3  # fMP4, segmented like the video


def test_progress_rises_to_100(hd_replay):
    _, _, progress = hd_replay
    percents = progress.percents
    assert percents[-1] == 100.0 and percents.count(100.0) == 1
    assert percents == sorted(percents) and len(percents) >= 2
    assert progress.calls[-1][1] == 0.0


def test_nothing_is_left_beside_the_replay(hd_replay):
    result, _, _ = hd_replay
    assert leftovers(result.out_dir.parent) == [result.out_dir.name]


def test_a_new_ladder_replaces_the_old_one(clips, tmp_path):
    info = probe(clips.small)
    target = tmp_path / "replay"
    target.mkdir()
    (target / "stale.txt").write_text("from before")
    pipeline.run_ladder(clips.small, target, info)
    assert not (target / "stale.txt").exists() and (target / "master.m3u8").exists()
    assert leftovers(tmp_path) == ["replay"]


def test_a_killed_writers_partial_is_swept_but_a_live_one_is_kept(clips, tmp_path):
    abandoned = tmp_path / ".replay-1.partial-0badc0de"
    (abandoned / "video").mkdir(parents=True)
    live = tmp_path / ".replay-3.partial-00c0ffee"
    live.mkdir()
    os.utime(abandoned, (time.time() - 60, time.time() - 60))
    os.utime(live, (time.time() - 60, time.time() - 60))
    handle = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as the writer does while it works
        pipeline.run_ladder(clips.small, tmp_path / "replay-2", probe(clips.small))
        assert leftovers(tmp_path) == [live.name, "replay-2"]
    finally:
        os.close(handle)


def test_cancelling_leaves_nothing(clips, tmp_path):
    info = probe(clips.hd)
    cancel = threading.Event()
    progress = ProgressLog()

    def on_progress(percent, eta):
        progress(percent, eta)
        cancel.set()

    with pytest.raises(Cancelled):
        pipeline.run_ladder(clips.hd, tmp_path / "replay", info, on_progress=on_progress, cancel=cancel)
    assert leftovers(tmp_path) == []
    assert progress.percents and progress.percents[-1] < 100.0


def test_a_cancel_before_the_start_starts_nothing(clips, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        pipeline.run_ladder(clips.small, tmp_path / "replay", probe(clips.small), cancel=cancel)
    assert leftovers(tmp_path) == []


def test_a_failure_is_explained_and_leaves_nothing(clips, tmp_path):
    # The description of a good recording, but the file is not one: ffmpeg fails reading it.
    with pytest.raises(TranscodeFailed) as caught:
        pipeline.run_ladder(clips.text, tmp_path / "replay", probe(clips.small))
    assert "damaged or incomplete" in str(caught.value.reason)
    assert "Invalid data" in caught.value.detail
    assert leftovers(tmp_path) == []


def test_a_recording_without_pictures_gets_an_audio_replay(clips, tmp_path):
    result = pipeline.run_ladder(clips.wav, tmp_path / "replay", probe(clips.wav))
    master = m3u8.load(str(result.master))
    assert [p.stream_info.codecs for p in master.playlists] == ["mp4a.40.2"]
    assert [m.uri for m in master.media] == ["audio/main/index.m3u8"]
    assert not any((result.out_dir / "video").iterdir())
    assert decode_errors(result.out_dir / "audio/main/index.m3u8") == ""


def test_a_silent_recording_gets_video_without_an_audio_group(clips, tmp_path):
    result = pipeline.run_ladder(clips.video_only, tmp_path / "replay", probe(clips.video_only))
    master = m3u8.load(str(result.master))
    assert [p.stream_info.audio for p in master.playlists] == [None]
    assert len(master.media) == 0


# --- quick remux --------------------------------------------------------------------------------------------------

def test_quick_remux_is_for_h264_and_aac_within_the_caps():
    assert pipeline.quick_remux_possible(info_of(1280, 720))
    assert not pipeline.quick_remux_possible(info_of(1280, 720, video_codec="vp8"))
    assert not pipeline.quick_remux_possible(info_of(1280, 720, audio_codec="opus"))
    assert not pipeline.quick_remux_possible(info_of(3840, 2160))
    assert not pipeline.quick_remux_possible(info_of(1280, 720, bit_rate=12_000_000))
    assert not pipeline.quick_remux_possible(info_of(None, None))


def test_a_quick_remux_plays(clips, tmp_path):
    info = probe(clips.small)
    assert pipeline.quick_remux_possible(info)
    result = pipeline.quick_remux(clips.small, tmp_path / "quick", info)
    master = m3u8.load(str(result.master))
    assert [p.stream_info.resolution for p in master.playlists if p.stream_info.resolution] == [(320, 240)]
    assert decode_errors(result.out_dir / "video/240p/index.m3u8") == ""
    assert decode_errors(result.out_dir / "audio/main/index.m3u8") == ""
    assert leftovers(tmp_path) == ["quick"]


# --- download, poster, thumbnails ---------------------------------------------------------------------------------

def test_the_download_is_at_most_720p(clips, tmp_path):
    info = probe(clips.full_hd)
    path = extras.make_mp4_download(clips.full_hd, tmp_path / "lecture.mp4", info)
    video, audio = stream_of(path), stream_of(path, "a:0")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", "1280", "720")
    assert audio["codec_name"] == "aac"
    data = path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # the index comes first: it plays while downloading
    assert leftovers(tmp_path) == ["lecture.mp4"]


def test_the_download_copies_a_finished_replay(hd_replay, tmp_path):
    result, info, _ = hd_replay
    path = extras.make_mp4_download(result.out_dir, tmp_path / "lecture.mp4", info)
    assert (stream_of(path)["width"], stream_of(path)["height"]) == ("1280", "720")
    data = path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")
    assert decode_errors(path) == ""


def test_the_poster_is_a_jpeg(clips, tmp_path):
    path = extras.make_poster(clips.hd, tmp_path / "poster.jpg", probe(clips.hd))
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert stream_of(path)["codec_name"] == "mjpeg"
    assert extras.make_poster(clips.wav, tmp_path / "none.jpg", probe(clips.wav)) is None


def test_thumbnails_point_into_the_sprite(clips, tmp_path):
    info = probe(clips.hd)
    vtt = extras.make_thumbnails(clips.hd, tmp_path / "thumbs", info, interval=2)
    text = vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    cues = [line for line in text.splitlines() if line.startswith("sprite.jpg#xywh=")]
    assert len(cues) == 5  # 9 s at one every 2 s
    assert cues[0] == "sprite.jpg#xywh=0,0,160,90" and cues[1] == "sprite.jpg#xywh=160,0,160,90"
    sprite = tmp_path / "thumbs" / "sprite.jpg"
    assert sprite.read_bytes()[:3] == b"\xff\xd8\xff"
    assert (stream_of(sprite)["width"], stream_of(sprite)["height"]) == ("800", "90")
    assert "00:00:08.000 --> 00:00:09.000" in text


def test_thumbnails_from_a_finished_replay_read_its_smallest_rung(hd_replay, tmp_path):
    result, info, _ = hd_replay
    vtt = extras.make_thumbnails(result.out_dir, tmp_path / "thumbs", info, interval=4)
    cues = [line for line in vtt.read_text(encoding="utf-8").splitlines() if line.startswith("sprite.jpg#")]
    assert cues == ["sprite.jpg#xywh=0,0,160,90", "sprite.jpg#xywh=160,0,160,90", "sprite.jpg#xywh=320,0,160,90"]
    sprite = tmp_path / "thumbs" / "sprite.jpg"
    assert (stream_of(sprite)["width"], stream_of(sprite)["height"]) == ("480", "90")
    tiles = sprite_tiles(sprite, 3, 160, 90)
    # One keyframe per tile, each from another moment of the moving test picture: no tile is blank or repeated.
    assert all(max(tile) - min(tile) > 50 for tile in tiles)
    assert len({bytes(tile) for tile in tiles}) == 3


def sprite_tiles(sprite: Path, count: int, width: int, height: int) -> list[bytes]:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(sprite), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    row = width * count
    return [b"".join(raw[y * row + i * width:y * row + (i + 1) * width] for y in range(height))
            for i in range(count)]


def test_failure_reasons_are_plain_words():
    assert "disk space" in str(runner.failure_reason("av_interleaved_write_frame(): No space left on device"))
    assert "damaged" in str(runner.failure_reason("moov atom not found\nInvalid data found"))
    assert "Try again" in str(runner.failure_reason("something nobody expected"))
