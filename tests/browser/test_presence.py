"""Attendance and replay tracking in Chromium: a participant watches a replay, closes the tab, comes back and
resumes where they were, and "My lectures" shows the minutes watched; a live viewer appears in the organiser's live
panel within 30 s. The worker's compaction runs in a thread, as the worker would run it."""

import json
import subprocess
import threading
import time
import urllib.request
from datetime import datetime

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility
from lecturehall.modules.media.models import Replay, ReplayPosition
from lecturehall.modules.presence import tasks
from lecturehall.modules.presence.models import Attendance, Beat
from lecturehall.modules.presence.tokens import make_token
from lecturehall.modules.programmes.models import Programme
from tests.conftest import STRONG_PASSWORD, free_port, served

DURATION = 150


@pytest.fixture(scope="module")
def hls_folder(tmp_path_factory):
    """A 150 s replay packaged as HLS by ffmpeg itself (small and quick: the pipeline has tests of its own)."""
    folder = tmp_path_factory.mktemp("presence-hls")
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=10:duration={DURATION}",
                    "-f", "lavfi", "-i", f"sine=frequency=300:duration={DURATION}", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
                    "-hls_segment_filename", str(folder / "segment-%03d.ts"), str(folder / "master.m3u8")],
                   check=True)
    return folder


def _user(email, role=Role.participant, country="CL"):
    return accounts.create_user_by_admin(accounts.ProfileData(
        full_name="Viewer " + email.split("@")[0], email=email, country=country, organisation="Ministry of Trade",
        sector=Sector.government, language="en", timezone="America/Santiago"), role, None,
        password=STRONG_PASSWORD, invite=False)


def _lecture(title, **extra):
    programme = db.session.execute(sa.select(Programme)).scalar_one_or_none()
    if programme is None:
        programme = Programme(name="Silk Road E-commerce", description="")
        db.session.add(programme)
        db.session.flush()
    return lectures.create_lecture(lectures.LectureData(
        programme_id=programme.id, title=title, summary="", description="", original_language="en",
        lecture_language="en", local_start=datetime(2026, 1, 5, 10, 0), timezone="UTC", duration_minutes=60,
        **extra), None, publish=True)


def _sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


class Worker:
    """The worker's compaction, every second, in a thread with the app's context."""

    def __init__(self, app):
        self.app, self.stop, self.errors = app, threading.Event(), []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.wait(1):
            with self.app.app_context():
                try:
                    tasks.compact_beats()
                except Exception as exc:  # reported to the test, which fails on it
                    self.errors.append(exc)
                    return
                finally:
                    db.session.remove()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.errors, self.errors


def _position(app, email):
    with app.app_context():
        return db.session.execute(sa.select(ReplayPosition.position).join(
            accounts.User, accounts.User.id == ReplayPosition.user_id).where(
            accounts.User.email == email)).scalar_one_or_none()


def test_a_replay_watched_closed_and_resumed(make_app, new_context, hls_folder):
    port = free_port()
    app = make_app(BASE_URL=f"http://127.0.0.1:{port}", PRESENCE_BEAT_SECONDS=5)
    base = app.config["BASE_URL"]
    email = "watcher@example.org"
    with app.app_context():
        _user(email)
        lecture = _lecture("Live-stream selling for farmers", replay_visibility=ReplayVisibility.registered)
        directory = f"replays/{lecture.id}/v1"
        for path in hls_folder.iterdir():
            with path.open("rb") as handle:
                get_storage().save(f"{directory}/{path.name}", handle)
        db.session.add(Replay(lecture_id=lecture.id, directory=directory, duration=float(DURATION)))
        db.session.commit()
        lecture_id = lecture.id
    with served(app, port):
        with Worker(app):
            context = new_context(locale="en-GB")
            page = context.new_page()
            _sign_in(page, base, email)
            page.goto(f"{base}/lectures/{lecture_id}")
            player = "window.LectureHallPlayers[0]"
            page.wait_for_function(f"() => window.LectureHallPlayers && {player} && {player}.heartbeats.token")
            page.evaluate(f"() => {{ const p = {player}; p.video.muted = true; p.setSpeed(2); p.play(); }}")
            # About 80 s of the recording at double speed, with beats every 5 s acknowledged on the way.
            page.wait_for_function(f"() => {player}.video.currentTime >= 80 && {player}.heartbeats.acked >= 4",
                                   timeout=120_000)
            closed_at = page.evaluate(f"() => {player}.video.currentTime")
            page.close(run_before_unload=True)  # pagehide: the last beat goes by beacon
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and abs((_position(app, email) or 0) - closed_at) > 3:
                time.sleep(0.5)
            assert abs(_position(app, email) - closed_at) <= 3, (_position(app, email), closed_at)

            again = context.new_page()
            again.goto(f"{base}/lectures/{lecture_id}")
            again.wait_for_function(f"() => window.LectureHallPlayers && {player} && {player}.video.readyState >= 1")
            resumed_at = again.evaluate(f"() => {player}.video.currentTime")
            assert abs(resumed_at - closed_at) <= 3, (resumed_at, closed_at)
            assert "Resumed at" in again.inner_text(".lh-status")

            again.goto(f"{base}/my/lectures")
            minutes = int(again.inner_text(f"[data-replay-minutes='{lecture_id}']"))
            assert minutes >= 1
            with app.app_context():
                assert db.session.execute(sa.select(sa.func.count()).select_from(Beat)).scalar_one() >= 5

            # The same player in live mode (data-mode="live", with a live viewing token) sends live beats: present
            # since the last beat, with the quality or audio only.
            with app.app_context():
                viewer_id = db.session.execute(sa.select(accounts.User.id).where(
                    accounts.User.email == email)).scalar_one()
                live_token = make_token(lecture_id, live=True, user_id=viewer_id, browser_id=None)
            live = context.new_page()
            live.goto(f"{base}/lectures/{lecture_id}")
            live.wait_for_function(f"() => window.LectureHallPlayers && {player}")
            live.evaluate("""([token]) => {
                const original = document.querySelector('.lh-player');
                const div = document.createElement('div');
                div.className = 'lh-player';
                ['src', 'beatUrl', 'beatInterval'].forEach((k) => { div.dataset[k] = original.dataset[k]; });
                div.dataset.mode = 'live';
                div.dataset.beatToken = token;
                div.appendChild(document.createElement('video'));
                original.parentNode.appendChild(div);
                window.LectureHallPlayer.enhance(div);
            }""", [live_token])
            second = "window.LectureHallPlayers[1]"
            live.wait_for_function(f"() => {second} && {second}.streamMode === 'live' && {second}.video.readyState >= 1")
            live.evaluate(f"() => {{ const p = {second}; p.video.muted = true; p.setAudioOnly(true); p.play(); }}")
            live.wait_for_function(f"() => {second}.heartbeats.acked >= 3", timeout=60_000)
            live.close(run_before_unload=True)
            deadline = time.monotonic() + 30
            row = None
            while time.monotonic() < deadline and (row is None or row.seconds_present < 8):
                with app.app_context():
                    row = db.session.execute(sa.select(Attendance).where(
                        Attendance.lecture_id == lecture_id, Attendance.user_id == viewer_id)).scalar_one_or_none()
                    db.session.expunge_all()
                time.sleep(0.5)
            assert row is not None and row.seconds_present >= 8 and row.audio_only_used


def _post_beats(url, token, beats):
    request = urllib.request.Request(url, data=json.dumps({"token": token, "sent": time.time() * 1000,
                                                            "beats": beats}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_a_live_viewer_appears_in_the_live_panel_within_30_seconds(live_server, new_context):
    base = live_server.live_url
    with live_server.app_context():
        _user("organiser@example.org", role=Role.admin, country="CN")
        viewer = _user("viewer@example.org", country="RW")
        lecture = _lecture("Cross-border logistics")
        lectures.set_status(lecture, LectureStatus.live, None)
        db.session.commit()
        lecture_id = lecture.id
        viewing = make_token(lecture_id, live=True, user_id=viewer.id, browser_id=None)
    with Worker(live_server):
        page = new_context(locale="en-GB").new_page()
        _sign_in(page, base, "organiser@example.org")
        page.goto(f"{base}/manage/lectures/{lecture_id}/live-panel")
        assert page.inner_text("[data-viewers]") == "0"
        started = time.monotonic()
        url = f"{base}/presence/lectures/{lecture_id}/beats"
        now = time.time() * 1000
        assert _post_beats(url, viewing, [{"seq": 1, "t": now, "ev": "play", "d": 0, "q": "720p", "lang": "en"}]) == 200
        page.wait_for_function("() => document.querySelector('[data-viewers]').textContent === '1'", timeout=30_000)
        assert time.monotonic() - started < 30
        assert "Rwanda" in page.inner_text("[data-rows=by_country]")
