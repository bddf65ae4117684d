"""A worker stopped, then one killed, in the middle of a transcode: the stopped one waits its grace and leaves
(naming the job), the killed one's ffmpeg dies with it; each time another worker starts the job again from scratch,
and the full ladder is published once, with no partial files left."""

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
from tests.conftest import stop_worker

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
        "LECTUREHALL_SCHEDULER_STOP_GRACE_SECONDS": "1",
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

    def transcoding(attempt: int) -> bool:
        job = state()
        return job.status is JobStatus.running and job.attempts == attempt and job.progress > 5

    try:
        # Stopped: it waits SCHEDULER_STOP_GRACE_SECONDS for the job, then leaves and says which job it left.
        first = start()
        assert wait_for(lambda: transcoding(1)), state()
        encoders = ffmpeg_children(first.pid)
        assert encoders, "no ffmpeg was running under the worker"
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0
        log = (tmp_path / "worker-0.log").read_text()
        assert f"had not finished and run again on the next leader: media.transcode:{job_id}" in log, log
        assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in encoders), 10), "ffmpeg outlived it"

        # Killed.
        second = start()
        assert wait_for(lambda: transcoding(2)), state()
        encoders = ffmpeg_children(second.pid)
        assert encoders, "no ffmpeg was running under the worker"
        second.send_signal(signal.SIGKILL)
        second.wait(10)
        assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in encoders), 10), "ffmpeg outlived it"

        start()
        assert wait_for(lambda: state().status is JobStatus.succeeded, 180), (state().status, state().error)
        assert state().attempts == 3
    finally:
        for number, worker in enumerate(workers):
            stop_worker(worker, tmp_path / f"worker-{number}.log")  # its grace is 1 s
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert replay.version == 1 and not replay.quick
    folder = get_storage().local_path(f"replays/{lecture.id}")
    assert [p.name for p in folder.iterdir()] == [Path(replay.directory).name]  # no partial ladder left
