"""Deleting a recording, or everything of a lecture, removes the files too (once the deletion commits)."""

import sqlalchemy as sa

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.core.storage import get_storage
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import Recording, Replay


def test_deleting_a_recording_removes_its_file(app, create_lecture, add_recording, clip):
    recording = add_recording(create_lecture(), clip)
    path = get_storage().local_path(recording.path)
    assert path.exists()
    operations.delete_recording(recording)
    assert path.exists()  # not before the commit: a rolled-back deletion keeps its file
    db.session.commit()
    assert not path.exists()


def test_deleting_a_lectures_media_removes_every_file(app, create_lecture, add_recording, clip):
    lecture = create_lecture()
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    scheduler_module._runner_app = app
    run_job("media.transcode", job.id)
    storage = get_storage()
    assert storage.local_path(f"replays/{lecture.id}").exists()
    operations.delete_lecture_media(lecture.id)
    db.session.commit()
    for folder in ("recordings", "tracks", "replays"):
        assert not storage.local_path(f"{folder}/{lecture.id}").exists()
    assert db.session.execute(sa.select(Recording)).first() is None
    assert db.session.execute(sa.select(Replay)).first() is None
