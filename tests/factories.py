"""The one set of factories every test folder uses (loaded as a plugin by the root conftest): programmes, lectures,
recordings. Each commits, as a request would. Users come from ``create_user`` in the root conftest."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

import pytest

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import jobs as lecture_jobs
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Lecture, Visibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.media import operations as media
from lecturehall.modules.media.models import Recording, Track, TrackKind
from lecturehall.modules.media.probe import probe
from lecturehall.modules.notifications import jobs as mail_jobs
from lecturehall.modules.programmes import operations as programmes
from lecturehall.modules.programmes.models import Programme


def make_programme(name: str = "Cloud Lecture Hall 2026", *, organisers=(), countries=(), description: str = "")\
        -> Programme:
    """A programme made through its operations module (name checks, countries), committed."""
    programme = programmes.create_programme(programmes.ProgrammeData(
        name=name, description=description, countries=list(countries), organisers=list(organisers)))
    db.session.commit()
    return programme


def job_ids(lecture_id: int) -> dict[str, str]:
    """Every scheduler job a lecture may have: its start and end (lectures), its reminders and notices (mail)."""
    return {**lecture_jobs.job_ids(lecture_id), **mail_jobs.job_ids(lecture_id)}


def lecture_data(lecture: Lecture, **changes) -> lectures.LectureData:
    """The lecture as it stands, as the edit form would send it, with ``changes`` applied."""
    data = lectures.LectureData(
        programme_id=lecture.programme_id, title=lecture.title, summary=lecture.summary,
        description=lecture.description, original_language=lecture.original_language,
        lecture_language=lecture.lecture_language, local_start=to_local(lecture.starts_at, lecture.timezone),
        timezone=lecture.timezone, duration_minutes=lecture.duration_minutes, capacity=lecture.capacity,
        visibility=lecture.visibility, countries=lecture.country_codes,
        replay_visibility=lecture.replay_visibility,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def create_programme(app):
    counter = iter(range(1, 1000))

    def create(name: str | None = None, organisers=()) -> Programme:
        programme = Programme(name=name or f"Cloud Lecture Hall {next(counter)}", description="")
        programme.organisers = list(organisers)
        db.session.add(programme)
        db.session.commit()
        return programme

    return create


@pytest.fixture
def create_lecture(app, create_programme, create_user):
    """A lecture a week ahead, published unless ``publish=False``, in one programme shared by the test's lectures
    unless ``programme`` is given; made by an admin unless ``by`` is given."""
    state = {}

    def create(title: str = "Cross-border e-commerce policy", *, starts_at: datetime | None = None,
               local_start: datetime | None = None, timezone: str = "Asia/Shanghai", duration: int = 60,
               capacity: int | None = None, visibility: Visibility = Visibility.public, countries=(),
               publish: bool = True, programme=None, original_language: str = "en", summary: str = "",
               by=None, **extra) -> Lecture:
        if programme is None:
            programme = state.get("programme") or create_programme()
            state["programme"] = programme
        if by is None:
            by = state.get("admin")
            if by is None:
                by = state["admin"] = create_user("organiser-admin@example.org", role=Role.admin, country="CN")
        if local_start is None:
            local_start = to_local(starts_at or utcnow() + timedelta(days=7), timezone)
        data = lectures.LectureData(
            programme_id=programme.id, title=title, summary=summary, description="",
            original_language=original_language, lecture_language=original_language,
            local_start=local_start.replace(second=0, microsecond=0), timezone=timezone,
            duration_minutes=duration, capacity=capacity, visibility=visibility, countries=list(countries), **extra)
        lecture = lectures.create_lecture(data, by, publish=publish)
        db.session.commit()
        return lecture

    return create


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
    """A file stored as the lecture's recording, probed as an upload would be (no transcoding queued)."""

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

    def run(lecture) -> Recording:
        recording = add_recording(lecture, clip)
        job = media.recording_added(recording)
        db.session.commit()
        scheduler_module._runner_app = app
        scheduler_module.run_job("media.transcode", job.id)
        return recording

    return run


@pytest.fixture
def add_audio_track(app, clip):
    """``clip``'s sound stored as the lecture's interpretation into ``language`` (as an upload leaves it)."""

    def add(lecture, language: str) -> Track:
        path = f"tracks/{lecture.id}/audio-{language}.mp4"
        with clip.open("rb") as handle:
            get_storage().save(path, handle)
        track = Track(lecture_id=lecture.id, kind=TrackKind.audio, language=language, path=path)
        db.session.add(track)
        db.session.flush()
        return track

    return add
