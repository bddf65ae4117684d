"""Recordings browsers cannot play as they are (H.264 4:4:4, 10-bit, odd sizes) still end as published replays: the
quick copy is skipped, and the full ladder converts them to 8-bit 4:2:0 at even sizes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import m3u8
import pytest
import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.media import operations, pipeline
from lecturehall.modules.media.models import JobStatus, Replay, TranscodeJob
from lecturehall.modules.media.probe import probe

# name -> (lavfi source, pixel format): what phones, screen recorders and editing tools really produce.
HARD_CLIPS = {
    "yuv444p": ("testsrc2=size=640x360:rate=25:duration=2", "yuv444p"),
    "yuv420p10le": ("testsrc2=size=640x360:rate=25:duration=2", "yuv420p10le"),
    "odd-321x241": ("testsrc=size=321x241:rate=25:duration=2", "yuv444p"),
}


@pytest.fixture(scope="session")
def hard_clips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hard-clips")
    made = {}
    for name, (video, pixel_format) in HARD_CLIPS.items():
        path = folder / f"{name}.mp4"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", video, "-f", "lavfi", "-i",
                        "sine=frequency=300:duration=2", "-c:v", "libx264", "-pix_fmt", pixel_format, "-c:a", "aac",
                        "-shortest", str(path)], check=True, timeout=120)
        made[name] = path
    return made


def first_video_frame(playlist: Path) -> dict:
    """Pixel format and size of the first segment of a rendition, as a browser's decoder would meet them."""
    init = next(playlist.parent.glob("init*.mp4"))
    segment = sorted(playlist.parent.glob("seg_*.m4s"))[0]
    joined = playlist.parent / "probe.mp4"
    joined.write_bytes(init.read_bytes() + segment.read_bytes())
    done = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "stream=codec_name,pix_fmt,width,height,profile", "-of", "json", str(joined)],
                          capture_output=True, text=True, check=True)
    joined.unlink()
    return json.loads(done.stdout)["streams"][0]


def transcode(app, lecture, add_recording, source: Path, *, forget_pixel_format: bool = False) -> TranscodeJob:
    recording = add_recording(lecture, source)
    if forget_pixel_format:
        # Recordings uploaded before pixel formats were kept: quick_remux finds out by itself.
        recording.info = {key: value for key, value in recording.info.items()
                          if key not in ("pixel_format", "video_profile")}
    job = operations.recording_added(recording)
    db.session.commit()
    scheduler_module._runner_app = app
    run_job("media.transcode", job.id)
    db.session.expire_all()
    return db.session.get(TranscodeJob, job.id)


@pytest.mark.parametrize("name", list(HARD_CLIPS))
def test_a_recording_browsers_cannot_play_becomes_a_replay(app, client, create_lecture, add_recording, hard_clips,
                                                           name):
    source = hard_clips[name]
    info = probe(source)
    assert info.video_codec == "h264" and info.pixel_format == HARD_CLIPS[name][1]
    assert not pipeline.quick_remux_possible(info)  # copying it would publish something browsers cannot play

    lecture = create_lecture()
    job = transcode(app, lecture, add_recording, source)
    assert job.status is JobStatus.succeeded, job.error
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert not replay.quick
    folder = get_storage().local_path(replay.directory)
    master = m3u8.load(str(folder / "master.m3u8"))
    video = [p for p in master.playlists if p.stream_info.resolution]
    assert video
    for playlist in video:
        frame = first_video_frame(folder / playlist.uri)
        assert frame["codec_name"] == "h264" and frame["pix_fmt"] == "yuv420p"
        assert frame["width"] % 2 == 0 and frame["height"] % 2 == 0
        assert "4:4:4" not in frame["profile"] and "10" not in frame["profile"]
    if name == "odd-321x241":
        assert [p.stream_info.resolution for p in video] == [(320, 240)]
    assert (folder / "poster.jpg").exists() and (folder / "download.mp4").exists()


def test_an_older_recording_without_its_pixel_format_falls_back_to_the_ladder(app, create_lecture, add_recording,
                                                                               hard_clips):
    lecture = create_lecture()
    job = transcode(app, lecture, add_recording, hard_clips["yuv444p"], forget_pixel_format=True)
    assert job.status is JobStatus.succeeded, job.error
    assert job.error is None
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert not replay.quick
    # No quick folder was left behind.
    assert [p.name for p in get_storage().local_path(f"replays/{lecture.id}").iterdir()] == [
        Path(replay.directory).name]


def test_a_browser_ready_recording_still_gets_its_quick_first_version(app, clip):
    info = probe(clip)
    assert info.pixel_format == "yuv420p" and pipeline.quick_remux_possible(info)
