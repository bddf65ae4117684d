"""A worker killed in the middle of a transcode: its ffmpeg dies with it, another worker starts the job again
from scratch, and the full ladder is published once, with no partial files left."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus, Replay, TranscodeJob

LECTUREHALL = str(Path(sys.executable).parent / "lecturehall")


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("clips") / "long.mkv"  # MKV + MPEG-4 Part 2: no quick remux, the full ladder only
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=60",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=60", "-c:v", "mpeg4", "-q:v", "5",
                    "-c:a", "mp3", "-shortest", str(path)], check=True)
    return path


def ffmpeg_children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=,ppid=,comm=", "-e"], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if line.split()[1] == str(pid) and "ffmpeg" in line]


def wait_for(condition, timeout=90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_killed_worker_job_runs_again_and_publishes_once(app, _schema, tmp_path, create_lecture, add_recording,
                                                         long_clip):
    lecture = create_lecture()
    job = operations.recording_added(add_recording(lecture, long_clip))
    db.session.commit()
    env = dict(os.environ)
    env.update({
        "LECTUREHALL_DATABASE_URL": _schema, "LECTUREHALL_INSTANCE_DIR": str(tmp_path / "instance"),
        "LECTUREHALL_MEDIA_DIR": app.config["MEDIA_DIR"], "LECTUREHALL_SECRET_KEY": app.config["SECRET_KEY"],
        "LECTUREHALL_SCHEDULER_LEADER_POLL": "0.5", "LECTUREHALL_SCHEDULER_SWEEP_SECONDS": "1",
        "LECTUREHALL_MEDIA_JOB_STALE_SECONDS": "3", "LECTUREHALL_OUTBOX_DIR": str(tmp_path / "outbox"),
    })
    workers = []

    def start():
        with open(tmp_path / f"worker-{len(workers)}.log", "w") as log:
            workers.append(subprocess.Popen([LECTUREHALL, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=log))
        return workers[-1]

    job_id = job.id

    def state():
        row = db.session.execute(sa.select(TranscodeJob.status, TranscodeJob.progress, TranscodeJob.attempts,
                                           TranscodeJob.error).where(TranscodeJob.id == job_id)).one()
        db.session.rollback()  # end the read: SQLite lets the worker write only when no transaction is open
        return row

    try:
        first = start()
        assert wait_for(lambda: (lambda j: j.status is JobStatus.running and j.progress > 5)(state())), state()
        encoders = ffmpeg_children(first.pid)
        assert encoders, "no ffmpeg was running under the worker"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in encoders), 10), "ffmpeg outlived it"
        start()
        assert wait_for(lambda: state().status is JobStatus.succeeded, 180), (state().status, state().error)
        assert state().attempts == 2
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                # A worker finishes what it is running before it stops (the scheduler's shutdown waits for its
                # jobs); on a busy machine (CI runs both databases at once) that can take longer than 20 s.
                worker.wait(90)
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert replay.version == 1 and not replay.quick
    folder = get_storage().local_path(f"replays/{lecture.id}")
    assert [p.name for p in folder.iterdir()] == [Path(replay.directory).name]  # no partial ladder left
