"""The organisers' media page: live status as JSON, cancel and retry buttons, the download switch, and a
language added after publication packaged without re-encoding the video."""

import re

import m3u8
import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus, Replay, TranscodeJob


def page_token(client, lecture_id) -> str:
    html = client.get(f"/manage/lectures/{lecture_id}/media").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_status_cancel_retry_and_download_switch(app, client, create_lecture, create_user, login, add_recording,
                                                 clip):
    login(create_user(role=Role.admin))
    lecture = create_lecture()
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    status = client.get(f"/manage/lectures/{lecture.id}/media/status").get_json()
    assert status["job"]["status"] == "queued" and status["replay"] is None
    token = page_token(client, lecture.id)
    client.post(f"/manage/lectures/{lecture.id}/media/jobs/{job.id}/cancel", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(TranscodeJob, job.id).status is JobStatus.cancelled
    client.post(f"/manage/lectures/{lecture.id}/media/jobs/{job.id}/retry", data={"csrf_token": token})
    retried = db.session.execute(sa.select(TranscodeJob).order_by(TranscodeJob.id.desc())).scalars().first()
    assert retried.id != job.id and retried.status is JobStatus.queued
    scheduler_module._runner_app = app
    run_job("media.transcode", retried.id)
    status = client.get(f"/manage/lectures/{lecture.id}/media/status").get_json()
    assert status["job"]["status"] == "succeeded" and status["job"]["progress"] == 100
    client.post(f"/manage/lectures/{lecture.id}/media/download", data={"csrf_token": token, "allow": "1"})
    db.session.expire_all()
    assert db.session.execute(sa.select(Replay.allow_download)).scalar_one() is True
    assert client.get(f"/lectures/{lecture.id}/replay/download").status_code == 200


def test_participant_cannot_control_jobs(app, client, create_lecture, create_user, login, add_recording, clip):
    lecture = create_lecture()
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    login(create_user())
    assert client.get(f"/manage/lectures/{lecture.id}/media/status").status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    assert client.post(f"/manage/lectures/{lecture.id}/media/jobs/{job.id}/cancel",
                       data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(TranscodeJob, job.id).status is JobStatus.queued


def test_language_added_later_keeps_the_video(app, create_lecture, transcoded, add_audio_track):
    lecture = create_lecture()
    transcoded(lecture)
    replay = db.session.execute(sa.select(Replay)).scalar_one()
    folder = get_storage().local_path(replay.directory)
    videos = sorted(folder.glob("video/*/*.m4s"))
    before = {path: path.stat().st_mtime_ns for path in videos}
    operations.track_added(add_audio_track(lecture, "fr"))
    db.session.commit()
    run_job("media.package_tracks", lecture.id)
    master = m3u8.load(str(folder / "master.m3u8"))
    assert "fr" in {media.language for media in master.media if media.type == "AUDIO"}
    assert {path: path.stat().st_mtime_ns for path in videos} == before  # no video segment was rewritten


def test_languages_follow_the_tracks_without_redoing_the_others(app, create_lecture, transcoded, add_audio_track):
    lecture = create_lecture()
    transcoded(lecture)
    folder = get_storage().local_path(db.session.execute(sa.select(Replay.directory)).scalar_one())
    storage = get_storage()
    tracks = {language: add_audio_track(lecture, language) for language in ("fr", "es")}
    db.session.commit()
    run_job("media.package_tracks", lecture.id)
    spanish = folder / "audio/es/index.m3u8"
    made = spanish.stat().st_mtime_ns

    operations.delete_track(tracks["fr"])
    db.session.commit()
    assert not storage.local_path(f"tracks/{lecture.id}/audio-fr.mp4").exists()
    run_job("media.package_tracks", lecture.id)
    master = m3u8.load(str(folder / "master.m3u8"))
    assert {m.language for m in master.media if m.type == "AUDIO"} == {None, "es"}
    assert not (folder / "audio/fr").exists()
    assert spanish.stat().st_mtime_ns == made  # Spanish was already packaged from the same file: left alone
