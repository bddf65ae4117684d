"""The media page words the replay's state as it is: no recording; uploaded and waiting or being transcoded (with
progress); published, as a first version or in full; failed with its reason; cancelled."""

from __future__ import annotations

import re

import pytest

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus, Replay


def state_of(client, lecture_id) -> tuple[str, str]:
    html = client.get(f"/manage/lectures/{lecture_id}/media").get_data(as_text=True)
    match = re.search(r'<p id="media-state" data-state="([a-z-]+)">(.*?)</p>', html, flags=re.S)
    assert match, "the page states nothing about the replay"
    return match.group(1), " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split()), html


@pytest.fixture
def organiser_page(client, create_user, login, create_lecture):
    login(create_user(role=Role.admin))
    return create_lecture()


def test_no_recording(client, organiser_page):
    key, text, _html = state_of(client, organiser_page.id)
    assert key == "empty" and text.startswith("No recording yet")


def test_uploaded_waiting_then_transcoding_with_progress(client, organiser_page, add_recording, clip):
    lecture = organiser_page
    job = operations.recording_added(add_recording(lecture, clip))
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "queued" and "The recording is uploaded" in text and "waits for the worker" in text
    assert "No recording yet" not in html and "No replay yet" not in html
    assert "lecture.mp4" in html  # the recording is listed below

    job.status, job.progress, job.eta_seconds, job.started_at = JobStatus.running, 42.0, 90, utcnow()
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "transcoding" and "being made" in text
    assert 'value="42.0"' in html and "42% done" in html and "Cancel transcoding" in html


def test_failed_with_its_reason_and_a_way_to_try_again(client, organiser_page, add_recording, clip):
    lecture = organiser_page
    job = operations.recording_added(add_recording(lecture, clip))
    job.status, job.error, job.finished_at = JobStatus.failed, "The disk is full.", utcnow()
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "failed" and "failed" in text
    assert "The disk is full." in html and "Try again" in html


def test_cancelled(client, organiser_page, add_recording, clip):
    lecture = organiser_page
    job = operations.recording_added(add_recording(lecture, clip))
    operations.cancel_job(job)
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "cancelled" and "cancelled" in text and "Try again" in html


def test_published_first_version_then_in_full(client, organiser_page, add_recording, clip):
    lecture = organiser_page
    job = operations.recording_added(add_recording(lecture, clip))
    job.status = JobStatus.running
    db.session.add(Replay(lecture_id=lecture.id, directory=f"replays/{lecture.id}/quick", quick=True, duration=4))
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "published-quick" and "first version" in text and "being prepared" in text
    assert "Watch it on the lecture page" in html

    job.status, job.progress = JobStatus.succeeded, 100.0
    db.session.execute(db.update(Replay).values(quick=False))
    db.session.commit()
    key, text, html = state_of(client, lecture.id)
    assert key == "published" and text.startswith("The replay is published.")
    assert "Done" not in html and "Try again" not in html


def test_a_real_transcode_ends_published(client, organiser_page, transcoded):
    transcoded(organiser_page)
    key, text, _html = state_of(client, organiser_page.id)
    assert (key, text) == ("published", "The replay is published. Watch it on the lecture page")
