"""Who may upload, CSRF on every write, cancelling, and the clean-up of uploads left behind."""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

import pytest

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media import uploads
from lecturehall.modules.media.models import Upload, UploadPurpose, UploadStatus
from tests.media_upload.conftest import UploadClient


def _upload_count() -> int:
    return len(db.session.execute(db.select(Upload)).scalars().all())


def test_the_media_page_offers_the_three_uploads(app, uploader, lecture):
    response = uploader.client.get(uploader.page)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for purpose in ("recording", "audio", "subtitles"):
        assert f'data-purpose="{purpose}"' in page and f'for="{purpose}-file"' in page
    assert 'for="audio-language"' in page and 'for="subtitles-language"' in page
    assert re.search(r'src="/static/js/upload\.[0-9a-f]{12}\.js"', page) and "<script>" not in page
    assert "Uploading needs JavaScript" in page
    assert f'data-start-url="/manage/lectures/{lecture.id}/uploads"' in page
    edit = uploader.client.get(f"/manage/lectures/{lecture.id}").get_data(as_text=True)
    assert f'href="/manage/lectures/{lecture.id}/media"' in edit and "Upload the recording" in edit


@pytest.mark.parametrize("who", ["participant", "other-organiser"])
def test_people_who_do_not_manage_the_lecture_are_refused(app, client, login, create_user, create_programme,
                                                          lecture, uploader, media_files, who):
    data = media_files.recording.read_bytes()
    upload_id = uploader.start("lecture.mp4", len(data)).get_json()["id"]
    token = uploader.token()
    client.post("/logout", data={"csrf_token": token})

    other = create_user(f"{who}@example.org", role=Role.participant)
    if who == "other-organiser":
        create_programme("Another programme", organisers=[other])
    login(other)
    assert client.get(f"/manage/lectures/{lecture.id}/media").status_code == 403
    stranger = UploadClient(client, lecture.id)
    stranger._token = _token_from_home(client)
    refused = stranger.start("lecture.mp4", len(data))
    assert refused.status_code == 403
    assert refused.get_json() == {"error": "Only the lecture's organisers can upload its recording."}
    assert stranger.start("lecture.mp4", len(data), lecture_id=999999).status_code == 404
    # Someone else's upload does not exist, whatever is asked of it.
    assert stranger.state(upload_id).status_code == 404
    assert stranger.put(upload_id, data[:100], 0, len(data)).status_code == 404
    assert client.delete(f"/uploads/{upload_id}", headers=stranger.headers()).status_code == 404
    assert db.session.get(Upload, upload_id).received == 0
    assert _upload_count() == 1


def test_an_organiser_removed_from_the_programme_loses_their_upload(app, uploader, lecture, media_files):
    upload_id = uploader.start("lecture.mp4", 1000).get_json()["id"]
    lecture.programme.organisers = []
    db.session.commit()
    assert uploader.state(upload_id).status_code == 404
    assert uploader.put(upload_id, b"x" * 10, 0, 1000).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(app, client, lecture):
    response = client.get(f"/manage/lectures/{lecture.id}/media")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/uploads/anything").status_code == 401  # the API answers in JSON (test_json_errors.py)


def test_writes_without_the_csrf_token_are_refused(app, uploader, media_files, media_dir):
    data = media_files.recording.read_bytes()
    upload_id = uploader.start("lecture.mp4", len(data)).get_json()["id"]
    client = uploader.client
    no_token = client.post(f"/manage/lectures/{uploader.lecture_id}/uploads",
                           json={"filename": "a.mp4", "size": 10, "purpose": "recording"})
    assert no_token.status_code == 400
    bad_token = client.post(f"/manage/lectures/{uploader.lecture_id}/uploads", headers={"X-CSRFToken": "forged"},
                            json={"filename": "a.mp4", "size": 10, "purpose": "recording"})
    assert bad_token.status_code == 400
    put = client.put(f"/uploads/{upload_id}", data=data[:100], headers={
        "Content-Range": f"bytes 0-99/{len(data)}", "Content-Type": "application/octet-stream"})
    assert put.status_code == 400
    assert client.delete(f"/uploads/{upload_id}").status_code == 400
    assert _upload_count() == 1 and db.session.get(Upload, upload_id).received == 0
    assert [p.name for p in (media_dir / "uploads").iterdir()] == [f"{upload_id}.part"]


def test_cancelling_removes_the_part_file_and_the_upload(app, uploader, media_files, media_dir):
    data = media_files.recording.read_bytes()
    upload_id = uploader.start("lecture.mp4", len(data)).get_json()["id"]
    uploader.put(upload_id, data[:1000], 0, len(data))
    response = uploader.client.delete(f"/uploads/{upload_id}", headers=uploader.headers())
    assert response.status_code == 204
    assert _upload_count() == 0
    assert list((media_dir / "uploads").iterdir()) == []
    assert uploader.state(upload_id).status_code == 404


def test_stale_uploads_are_removed_with_their_part_files(app, uploader, media_files, media_dir, organiser, lecture):
    data = media_files.recording.read_bytes()
    stale_id = uploader.start("old.mp4", len(data)).get_json()["id"]
    uploader.put(stale_id, data[:1000], 0, len(data))
    fresh_id = uploader.start("new.mp4", len(data)).get_json()["id"]
    db.session.execute(db.update(Upload).where(Upload.id == stale_id)
                       .values(updated_at=utcnow() - timedelta(days=1, minutes=1)))
    # A part file whose upload was never stored (the request failed after writing it), two days old.
    orphan = media_dir / "uploads" / "never-stored.part"
    orphan.write_bytes(b"x")
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    db.session.commit()

    assert uploads.remove_stale_uploads(timedelta(days=1)) == 1
    db.session.commit()
    assert [u.id for u in db.session.execute(db.select(Upload)).scalars()] == [fresh_id]
    assert sorted(p.name for p in (media_dir / "uploads").iterdir()) == [f"{fresh_id}.part"]
    assert uploader.state(fresh_id).get_json()["status"] == "receiving"


def test_stale_clean_up_leaves_finished_uploads(app, organiser, lecture):
    done = Upload(user_id=organiser.id, lecture_id=lecture.id, purpose=UploadPurpose.recording, filename="a.mp4",
                  size=10, received=10, status=UploadStatus.complete,
                  updated_at=utcnow() - timedelta(days=3))
    db.session.add(done)
    db.session.commit()
    assert uploads.remove_stale_uploads() == 0


def _token_from_home(client) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert match
    return match.group(1)
