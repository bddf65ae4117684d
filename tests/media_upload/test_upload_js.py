"""upload.js in a real browser: chunks with a progress bar, a dropped chunk sent again, a closed tab resumed, and the
server's refusal shown."""

from __future__ import annotations

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.media.models import Recording, Track
from tests.browser.test_accounts_flow import assert_accessible
from tests.conftest import STRONG_PASSWORD, free_port, served
from tests.media_upload.conftest import sha256

CHUNK = 8 * 1024


@pytest.fixture
def live_app(make_app):
    """A live server whose clients are told to send small chunks, so that a small file takes several requests."""
    port = free_port()
    app = make_app(BASE_URL=f"http://127.0.0.1:{port}", UPLOAD_CHUNK_BYTES=CHUNK)
    app.live_url = f"http://127.0.0.1:{port}"
    with served(app, port):
        yield app


def _log_in(page, base, organiser) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", organiser.email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


def _chunk_starts(page) -> list[int]:
    starts: list[int] = []

    def seen(request):
        if request.method == "PUT":
            starts.append(int(re.match(r"bytes (\d+)-", request.headers["content-range"]).group(1)))

    page.on("request", seen)
    return starts


def test_a_recording_is_uploaded_in_chunks_with_a_progress_bar(
        live_app, page, organiser, lecture, media_files, media_dir):
    base = live_app.live_url
    _log_in(page, base, organiser)
    page.goto(f"{base}/manage/lectures/{lecture.id}/media")
    assert page.locator("[data-js-required]").is_hidden()
    assert_accessible(page)
    starts = _chunk_starts(page)
    page.set_input_files("#recording-file", str(media_files.recording))
    page.click("form[data-purpose=recording] [data-upload-submit]")
    page.wait_for_selector("text=The recording is uploaded.", timeout=30_000)

    data = media_files.recording.read_bytes()
    assert starts == list(range(0, len(data), CHUNK))
    recording = db.session.execute(db.select(Recording)).scalar_one()
    assert sha256((media_dir / recording.path).read_bytes()) == sha256(data)
    assert page.evaluate("Object.keys(localStorage).length") == 0


# The chunks this test drops on purpose: Chromium logs each failed request as a console error.
@pytest.mark.expected_browser_errors(r"Failed to load resource: net::ERR_CONNECTION_RESET \(\S+/uploads/",
                                     r"Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(\S+/uploads/")
def test_a_dropped_chunk_is_sent_again_and_a_closed_tab_resumes(
        live_app, page, organiser, lecture, media_files, media_dir):
    base = live_app.live_url
    _log_in(page, base, organiser)
    page.goto(f"{base}/manage/lectures/{lecture.id}/media")
    data = media_files.wav.read_bytes()
    puts = {"count": 0}

    def flaky(route):
        puts["count"] += 1
        if puts["count"] == 2:
            route.abort("connectionreset")  # one lost chunk: sent again after a pause
        elif puts["count"] >= 6:
            route.abort("internetdisconnected")  # then the connection is gone for good
        else:
            route.continue_()

    page.route("**/uploads/*", lambda route: flaky(route) if route.request.method == "PUT" else route.continue_())
    page.select_option("#audio-language", "es")
    page.set_input_files("#audio-file", str(media_files.wav))
    page.click("form[data-purpose=audio] [data-upload-submit]")
    for _ in range(300):
        if puts["count"] >= 6:
            break
        page.wait_for_timeout(100)
    assert puts["count"] >= 6
    page.locator("form[data-purpose=audio] [data-upload-text]").filter(
        has_text="The connection dropped").wait_for(timeout=5_000)
    assert 0 < page.evaluate("document.getElementById('audio-progress').value") < 100
    page.close()

    # A new tab, the same file: the upload goes on from where the server stopped.
    again = page.context.new_page()
    starts = _chunk_starts(again)
    again.goto(f"{base}/manage/lectures/{lecture.id}/media")
    again.select_option("#audio-language", "es")
    again.set_input_files("#audio-file", str(media_files.wav))
    again.click("form[data-purpose=audio] [data-upload-submit]")
    again.wait_for_selector("text=The interpretation track is uploaded.", timeout=30_000)
    assert starts[0] == 4 * CHUNK  # four chunks arrived before the connection went
    track = db.session.execute(db.select(Track)).scalar_one()
    assert sha256((media_dir / track.path).read_bytes()) == sha256(data)


# The refusal this test provokes: Chromium logs the 422 response as a console error.
@pytest.mark.expected_browser_errors(r"Failed to load resource: the server responded with a status of 422 .*/uploads/")
def test_the_servers_refusal_is_shown(live_app, page, organiser, lecture, media_files, media_dir):
    base = live_app.live_url
    _log_in(page, base, organiser)
    page.goto(f"{base}/manage/lectures/{lecture.id}/media")
    page.set_input_files("#recording-file", str(media_files.png))
    page.click("form[data-purpose=recording] [data-upload-submit]")
    alert = page.locator("form[data-purpose=recording] [role=alert]")
    alert.filter(has_text="not an audio or video recording").wait_for(timeout=30_000)
    assert page.locator("form[data-purpose=recording] [data-upload-submit]").is_enabled()
    assert db.session.execute(db.select(Recording)).scalars().all() == []


def test_without_script_the_page_says_so(live_app, new_context, organiser, lecture):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, live_app.live_url, organiser)
        page.goto(f"{live_app.live_url}/manage/lectures/{lecture.id}/media")
        assert page.locator("[data-js-required]").is_visible()
        assert page.locator("[data-upload-submit]").first.is_disabled()
    finally:
        context.close()
