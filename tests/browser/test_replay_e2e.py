"""End to end in Chromium: a recording with an interpretation track and subtitles goes through the real pipeline
and plays on the lecture page through hls.js; audio language and subtitles switch while playback advances."""

import subprocess

import pytest

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import ReplayVisibility
from lecturehall.modules.media.models import Recording, Track, TrackKind
from lecturehall.modules.media.operations import recording_added
from lecturehall.modules.media.probe import probe
from lecturehall.modules.programmes.models import Programme

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\nBienvenue au cours.\n"


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    video, spanish = folder / "lecture.mp4", folder / "es.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=6", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(video)], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=600:duration=6", "-c:a", "aac",
                    str(spanish)], check=True)
    return video, spanish


def publish_replay(app, video, spanish) -> int:
    with app.app_context():
        from datetime import datetime

        programme = Programme(name="E2E programme", description="")
        db.session.add(programme)
        db.session.flush()
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title="Payments for cross-border trade", summary="", description="",
            original_language="en", lecture_language="en", local_start=datetime(2026, 1, 5, 10, 0), timezone="UTC",
            duration_minutes=60, replay_visibility=ReplayVisibility.public), None, publish=True)
        storage = get_storage()
        recording = Recording(lecture_id=lecture.id, path=f"recordings/{lecture.id}/1-lecture.mp4",
                              original_filename="lecture.mp4", size=video.stat().st_size)
        with video.open("rb") as handle:
            storage.save(recording.path, handle)
        info = probe(storage.local_path(recording.path))
        recording.info = {key: getattr(info, key) for key in info.__dataclass_fields__}
        db.session.add(recording)
        with spanish.open("rb") as handle:
            storage.save(f"tracks/{lecture.id}/audio-es.m4a", handle)
        db.session.add(Track(lecture_id=lecture.id, kind=TrackKind.audio, language="es",
                             path=f"tracks/{lecture.id}/audio-es.m4a"))
        storage.save(f"tracks/{lecture.id}/subtitles-fr.vtt", __import__("io").BytesIO(VTT.encode()))
        db.session.add(Track(lecture_id=lecture.id, kind=TrackKind.subtitles, language="fr",
                             path=f"tracks/{lecture.id}/subtitles-fr.vtt"))
        db.session.flush()
        job = recording_added(recording)
        db.session.commit()
        job_id, lecture_id = job.id, lecture.id
        scheduler_module._runner_app = app
        run_job("media.transcode", job_id)
        return lecture_id


def test_replay_plays_and_switches_language_and_subtitles(live_server, new_context, sources):
    """The page logs no console error and no CSP violation: new_context (tests/conftest.py) checks at the end."""
    lecture_id = publish_replay(live_server, *sources)
    context = new_context(locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_server.live_url}/lectures/{lecture_id}")
        player = "window.LectureHallPlayers[0]"
        page.wait_for_function(f"() => window.LectureHallPlayers && {player} && {player}.hls "
                               f"&& {player}.hls.audioTracks.length === 2 && {player}.hls.subtitleTracks.length === 1",
                               timeout=20_000)
        page.evaluate(f"() => {{ {player}.video.muted = true; return {player}.video.play(); }}")
        start = page.evaluate(f"() => {player}.video.currentTime")
        page.wait_for_function(f"() => {player}.video.currentTime > {start} + 0.5", timeout=15_000)
        page.evaluate(f"() => {player}.setAudio('es')")
        page.wait_for_function(f"() => {player}.hls.audioTracks[{player}.hls.audioTrack].lang === 'es'",
                               timeout=10_000)
        page.evaluate(f"() => {player}.setSubtitle('fr')")
        page.wait_for_function(f"() => Array.from({player}.video.textTracks).some(t => t.mode === 'showing' "
                               "&& t.language === 'fr')", timeout=10_000)
        now = page.evaluate(f"() => {player}.video.currentTime")
        if now > 4.5:
            page.evaluate(f"() => {{ {player}.video.currentTime = 0.5; }}")
            now = 0.5
        page.wait_for_function(f"() => {player}.video.currentTime > {now} + 0.5 && !{player}.video.paused",
                               timeout=15_000)
        assert errors == []
    finally:
        context.close()
