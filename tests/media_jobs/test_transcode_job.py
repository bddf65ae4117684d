"""The transcoding job end to end: queued after an upload, run as the worker runs it, published whole once;
cancelled, failed and interrupted jobs leave nothing half-made."""

from datetime import timedelta

import m3u8
import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler, run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.models import ReplayVisibility
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus, Replay, TranscodeJob


def run(app, *args):
    scheduler_module._runner_app = app
    run_job(*args)


def test_recording_becomes_a_published_replay(app, client, create_lecture, add_recording, clip):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    recording = add_recording(lecture, clip)
    job = operations.recording_added(recording)
    db.session.commit()
    stored = {j.id: j for j in get_scheduler(app).jobs()}
    assert f"transcode:{job.id}" in stored
    run(app, "media.transcode", job.id)
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert job.status is JobStatus.succeeded and job.progress == 100
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert not replay.quick and replay.duration > 3
    folder = get_storage().local_path(replay.directory)
    master = m3u8.load(str(folder / "master.m3u8"))
    heights = sorted(p.stream_info.resolution[1] for p in master.playlists if p.stream_info.resolution)
    assert heights and max(heights) <= 360
    assert (folder / "poster.jpg").exists() and (folder / "download.mp4").exists()
    replays = get_storage().local_path(f"replays/{lecture.id}")
    assert [p.name for p in replays.iterdir()] == [folder.name]  # the quick version was replaced, nothing partial
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "lh-player" in body
    # A second run of the same job does nothing.
    run(app, "media.transcode", job.id)
    db.session.expire_all()
    assert db.session.execute(sa.select(Replay.version).where(Replay.lecture_id == lecture.id)).scalar_one() == \
        replay.version


def test_cancelled_job_publishes_nothing(app, create_lecture, add_recording, clip):
    lecture = create_lecture()
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    operations.cancel_job(job)
    db.session.commit()
    run(app, "media.transcode", job.id)
    assert db.session.execute(sa.select(Replay)).first() is None


def test_failed_job_says_why_and_leaves_nothing(app, create_lecture, add_recording, clip, tmp_path):
    lecture = create_lecture()
    recording = add_recording(lecture, clip)
    # The source is damaged after it was checked.
    path = get_storage().local_path(recording.path)
    path.write_bytes(path.read_bytes()[:2000])
    job = operations.recording_added(recording)
    db.session.commit()
    run(app, "media.transcode", job.id)
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert job.status is JobStatus.failed and job.error
    assert db.session.execute(sa.select(Replay).where(Replay.quick.is_(False))).first() is None
    folder = get_storage().local_path(f"replays/{lecture.id}")
    assert not folder.exists() or all(".partial" not in p.name for p in folder.iterdir())
    retried = operations.retry_job(job)
    db.session.commit()
    assert retried.status is JobStatus.queued


def test_interrupted_job_is_started_again(make_app, create_lecture, add_recording, clip):
    from lecturehall.modules.media.tasks import recover_jobs

    app = make_app(MEDIA_JOB_STALE_SECONDS=1)
    with app.app_context():
        lecture = create_lecture()
        job = operations.recording_added(add_recording(lecture, clip))
        db.session.commit()
        # A worker claimed it, then died: the heartbeat stopped long ago.
        job.status, job.attempts, job.heartbeat_at = JobStatus.running, 1, utcnow() - timedelta(minutes=5)
        db.session.commit()
        get_scheduler(app).remove(f"transcode:{job.id}")
        recover_jobs()
        assert f"transcode:{job.id}" in {j.id for j in get_scheduler(app).jobs()}
        run(app, "media.transcode", job.id)
        db.session.expire_all()
        assert db.session.get(TranscodeJob, job.id).status is JobStatus.succeeded
        assert db.session.execute(sa.select(sa.func.count(Replay.id))).scalar_one() == 1
