"""The upload API answers every error in JSON, ``{"error": message}`` in the viewer's language, with the error's own
status: a missing CSRF token (400), no sign-in (401, not a redirect to the login page), someone else's lecture
(403), no such upload or lecture (404), a method the address does not take (405), a body too large (413), too many
uploads started (429) and a crash in production (500). HTML pages keep their HTML errors."""

from __future__ import annotations

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.media import uploads
from lecturehall.modules.media.models import Upload
from tests.conftest import STRONG_PASSWORD, Forms
from tests.media_upload.conftest import UploadClient

MAX_BODY = 64 * 1024


@pytest.fixture
def app(make_app):
    """Small limits, so that a body too large and too many uploads are quick to reach."""
    app = make_app(MAX_CONTENT_LENGTH=MAX_BODY, UPLOAD_CHUNK_BYTES=32 * 1024, UPLOAD_RATE_LIMIT="3 per hour")
    with app.app_context():
        yield app


def json_error(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    return body["error"]


def _start(client, lecture_id: int, headers: dict | None = None, **payload):
    payload = {"filename": "lecture.mp4", "size": 1000, "purpose": "recording", **payload}
    return client.post(f"/manage/lectures/{lecture_id}/uploads", json=payload, headers=headers or {})


def test_400_without_the_csrf_token(app, uploader, lecture):
    upload_id = uploader.start("lecture.mp4", 1000).get_json()["id"]
    client = uploader.client
    message = json_error(_start(client, lecture.id), 400)
    assert "Reload the page" in message
    json_error(_start(client, lecture.id, {"X-CSRFToken": "forged"}), 400)
    json_error(client.put(f"/uploads/{upload_id}", data=b"x" * 10, headers={
        "Content-Range": "bytes 0-9/1000", "Content-Type": "application/octet-stream"}), 400)
    json_error(client.delete(f"/uploads/{upload_id}"), 400)
    assert db.session.get(Upload, upload_id).received == 0


def test_401_when_not_signed_in_instead_of_a_redirect(app, client, lecture):
    token = Forms(client).token("/")
    for response in (client.get("/uploads/anything"),
                     client.put("/uploads/anything", data=b"x", headers={"X-CSRFToken": token}),
                     client.delete("/uploads/anything", headers={"X-CSRFToken": token}),
                     _start(client, lecture.id, {"X-CSRFToken": token})):
        assert "Location" not in response.headers
        assert "Log in again" in json_error(response, 401)
    french = client.get("/uploads/anything", headers={"Accept-Language": "fr"})
    assert "connecté" in json_error(french, 401)
    # A page is still a page: a person is sent to the login page.
    page = client.get(f"/manage/lectures/{lecture.id}/media")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")


def test_403_for_someone_who_does_not_manage_the_lecture(app, client, login, create_user, lecture):
    login(create_user("participant@example.org", role=Role.participant, language="es"))
    stranger = UploadClient(client, lecture.id)
    stranger._token = Forms(client).token("/")
    assert "organizadores" in json_error(stranger.start("lecture.mp4", 1000), 403)


def test_404_for_an_unknown_upload_or_lecture(app, uploader, lecture):
    json_error(uploader.state("no-such-upload"), 404)
    json_error(uploader.start("lecture.mp4", 1000, lecture_id=999999), 404)
    # An id no route takes: the client asked for JSON, and gets it.
    huge = uploader.client.post("/manage/lectures/99999999999999999999/uploads", json={},
                                headers=uploader.headers(Accept="application/json"))
    json_error(huge, 404)
    page = uploader.client.get("/manage/lectures/99999999999999999999/media")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_405_for_a_method_the_address_does_not_take(app, uploader, lecture):
    upload_id = uploader.start("lecture.mp4", 1000).get_json()["id"]
    patch = uploader.client.patch(f"/uploads/{upload_id}", headers=uploader.headers())
    json_error(patch, 405)
    assert set(patch.headers["Allow"].split(", ")) >= {"GET", "PUT", "DELETE"}
    # No Accept header: the address alone says it is a JSON endpoint.
    json_error(uploader.client.get(f"/manage/lectures/{lecture.id}/uploads"), 405)


def test_413_for_a_body_too_large(app, uploader, lecture):
    too_large = b'{"filename": "' + b"a" * MAX_BODY + b'"}'
    response = uploader.client.post(f"/manage/lectures/{lecture.id}/uploads", data=too_large,
                                    headers=uploader.headers(**{"Content-Type": "application/json"}))
    assert "larger than this site accepts" in json_error(response, 413)
    upload_id = uploader.start("lecture.mp4", 200_000).get_json()["id"]
    chunk = uploader.put(upload_id, b"x" * (MAX_BODY + 1), 0, 200_000)
    json_error(chunk, 413)


def test_429_when_too_many_uploads_are_started(app, uploader, lecture):
    for _ in range(3):
        assert uploader.start("lecture.mp4", 1000).status_code == 201
    assert "Too many attempts" in json_error(uploader.start("lecture.mp4", 1000), 429)
    assert db.session.execute(db.select(db.func.count(Upload.id))).scalar_one() == 3


def test_500_in_production_is_json_too(make_app, organiser, lecture, monkeypatch):
    production = make_app(PROPAGATE_EXCEPTIONS=False)
    client = production.test_client()
    Forms(client).post("/login", {"email": organiser.email, "password": STRONG_PASSWORD})
    uploader = UploadClient(client, lecture.id)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(uploads, "start_upload", broken)
    message = json_error(uploader.start("lecture.mp4", 1000), 500)
    assert "error on our side" in message
