"""Deleting a recording, or everything of a lecture, removes the files too (once the deletion commits)."""

import re
import subprocess
import threading
import time

import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.media import operations
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media.models import Recording, Replay, Track, TranscodeJob


def test_deleting_a_recording_removes_its_file(app, create_lecture, add_recording, clip):
    recording = add_recording(create_lecture(), clip)
    path = get_storage().local_path(recording.path)
    assert path.exists()
    operations.delete_recording(recording)
    assert path.exists()  # not before the commit: a rolled-back deletion keeps its file
    db.session.commit()
    assert not path.exists()


def test_deleting_a_lectures_media_removes_every_file(app, create_lecture, transcoded):
    lecture = create_lecture()
    transcoded(lecture)
    storage = get_storage()
    assert storage.local_path(f"replays/{lecture.id}").exists()
    operations.delete_lecture_media(lecture.id)
    db.session.commit()
    for folder in ("recordings", "tracks", "replays"):
        assert not storage.local_path(f"{folder}/{lecture.id}").exists()
    assert db.session.execute(sa.select(Recording)).first() is None
    assert db.session.execute(sa.select(Replay)).first() is None


def test_deleting_a_recording_stops_its_running_job(app, create_lecture, add_recording, tmp_path):
    # Long enough (at this size) that the job is still encoding when the recording goes; PCM sound, so there is no
    # quick copy-only replay to publish first.
    long_clip = tmp_path / "long.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=40",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=40", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-shortest", str(long_clip)], check=True)
    lecture = create_lecture()
    recording = add_recording(lecture, long_clip)
    job = operations.recording_added(recording)
    db.session.commit()
    job_id, lecture_id = job.id, lecture.id
    scheduler_module._runner_app = app
    errors = []
    worker = threading.Thread(target=lambda: _run_catching(errors, "media.transcode", job_id))
    worker.start()

    def progress():
        db.session.rollback()
        return db.session.execute(sa.select(TranscodeJob.progress).where(TranscodeJob.id == job_id)).scalar()

    deadline = time.monotonic() + 60
    while (progress() or 0) <= 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert progress() > 1
    operations.delete_recording(db.session.get(Recording, recording.id))
    db.session.commit()
    worker.join(60)
    assert not worker.is_alive() and errors == []
    assert db.session.execute(sa.select(TranscodeJob)).first() is None
    assert db.session.execute(sa.select(Replay)).first() is None  # the ladder was never published
    replays = get_storage().local_path(f"replays/{lecture_id}")
    assert not replays.exists() or list(replays.iterdir()) == []


def _run_catching(errors, *args):
    try:
        run_job(*args)
    except Exception as exc:  # the test thread reports it
        errors.append(exc)


def test_the_media_page_removes_a_language_a_recording_and_everything(app, client, create_lecture, create_user,
                                                                     login, transcoded, add_audio_track):
    lecture = create_lecture()
    recording = transcoded(lecture)
    storage = get_storage()
    track = add_audio_track(lecture, "fr")
    db.session.commit()
    run_job("media.package_tracks", lecture.id)
    replay_dir = storage.local_path(db.session.execute(sa.select(Replay.directory)).scalar_one())
    assert (replay_dir / "audio/fr").is_dir()
    other = create_lecture("Another lecture")
    login(create_user(role=Role.admin))
    page = client.get(f"/manage/lectures/{lecture.id}/media").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    base = f"/manage/lectures/{lecture.id}/media"
    assert f"{base}/tracks/{track.id}/delete" in page and f"{base}/recordings/{recording.id}/delete" in page

    # Another lecture's address does not reach this lecture's files.
    assert client.post(f"/manage/lectures/{other.id}/media/tracks/{track.id}/delete",
                       data={"csrf_token": token}).status_code == 404
    response = client.post(f"{base}/tracks/{track.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.execute(sa.select(Track)).first() is None
    assert not storage.local_path(f"tracks/{lecture.id}/audio-fr.mp4").exists()
    run_job("media.package_tracks", lecture.id)  # queued by the deletion; the worker runs it
    assert not (replay_dir / "audio/fr").exists()
    assert "audio/fr/" not in (replay_dir / "master.m3u8").read_text(encoding="utf-8")

    client.post(f"{base}/recordings/{recording.id}/delete", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.execute(sa.select(Recording)).first() is None
    assert db.session.execute(sa.select(Replay)).first() is not None  # the replay does not need its source
    assert client.get(f"/lectures/{lecture.id}").status_code == 200

    client.post(f"{base}/delete", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.execute(sa.select(Replay)).first() is None
    assert not storage.local_path(f"replays/{lecture.id}").exists()
    assert "Delete the replay and recordings" not in client.get(base).get_data(as_text=True)


def test_participants_cannot_delete_media(app, client, create_lecture, create_user, login, add_recording, clip):
    lecture = create_lecture()
    recording = add_recording(lecture, clip)
    login(create_user())
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    base = f"/manage/lectures/{lecture.id}/media"
    assert client.post(f"{base}/recordings/{recording.id}/delete", data={"csrf_token": token}).status_code == 403
    assert client.post(f"{base}/delete", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Recording, recording.id) is not None
    assert get_storage().local_path(recording.path).exists()
