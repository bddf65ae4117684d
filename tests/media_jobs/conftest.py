import subprocess

import pytest

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.media.models import Recording
from lecturehall.modules.media.probe import probe
from tests.lectures.conftest import create_lecture, create_programme  # noqa: F401 - shared factories


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """4 s of 640x360 H.264/AAC: a two-rung ladder (360p and below), quick to transcode."""
    path = tmp_path_factory.mktemp("clips") / "lecture.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=4",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


@pytest.fixture
def add_recording(app):
    def add(lecture, source) -> Recording:
        storage = get_storage()
        recording = Recording(lecture_id=lecture.id, path="", original_filename=source.name,
                              size=source.stat().st_size)
        db.session.add(recording)
        db.session.flush()
        recording.path = f"recordings/{lecture.id}/{recording.id}-{source.name}"
        with source.open("rb") as handle:
            storage.save(recording.path, handle)
        info = probe(storage.local_path(recording.path))
        recording.info = {key: getattr(info, key) for key in info.__dataclass_fields__}
        db.session.commit()
        return recording

    return add


@pytest.fixture
def transcoded(app, add_recording, clip):
    """``clip`` attached to the lecture and transcoded as the worker would do it; returns the recording."""
    from lecturehall.core import scheduler as scheduler_module
    from lecturehall.core.scheduler import run_job
    from lecturehall.modules.media import operations

    def run(lecture) -> Recording:
        recording = add_recording(lecture, clip)
        job = operations.recording_added(recording)
        db.session.commit()
        scheduler_module._runner_app = app
        run_job("media.transcode", job.id)
        return recording

    return run


@pytest.fixture
def add_audio_track(app, clip):
    """``clip``'s sound stored as the lecture's interpretation into ``language`` (as an upload leaves it)."""
    from lecturehall.modules.media.models import Track, TrackKind

    def add(lecture, language: str) -> Track:
        path = f"tracks/{lecture.id}/audio-{language}.mp4"
        with clip.open("rb") as handle:
            get_storage().save(path, handle)
        track = Track(lecture_id=lecture.id, kind=TrackKind.audio, language=language, path=path)
        db.session.add(track)
        db.session.flush()
        return track

    return add
