"""A learner's replay goes on when its signed URLs stop working under it, in Chromium against the app: the
transcoding job publishes the full ladder over the quick replay being watched (a new version: the quick one's URLs
answer 403), or the page stays open past the URLs' life. The player asks data-source-url for the replay's URLs as
they are now and carries on from them where it was; its heartbeats see a pause and a play around the switch."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import run_job
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility
from lecturehall.modules.media import access, operations, pipeline, queries
from lecturehall.modules.presence.models import Beat
from tests.conftest import STRONG_PASSWORD

DURATION = 120
PLAYER = "window.LectureHallPlayers[0]"
TOKEN = re.compile(r"/replay/([^/]+)/")
# hls.js buffers up to maxMaxBufferLength (600 s) ahead of a stream as small as the test's, so it would load the
# whole clip at once and never again; it keeps loading segments while it plays a lecture longer than that, and so
# it does here with the cap at 8 s. Runs before the page's scripts, when hls.min.js defines window.Hls.
SHORT_BUFFER = """
Object.defineProperty(window, "Hls", {configurable: true, get() { return window.__lhHls; }, set(Hls) {
  Hls.DefaultConfig.maxBufferLength = 8;
  Hls.DefaultConfig.maxMaxBufferLength = 8;
  window.__lhHls = Hls;
}});
"""


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    """Two minutes of small H.264/AAC with a keyframe every 4 s, so the quick replay copies it into 4 s segments:
    long enough that hls.js, buffering 8 s ahead (SHORT_BUFFER), still loads segments while the test plays it."""
    path = tmp_path_factory.mktemp("refresh") / "lecture.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=10:duration={DURATION}",
                    "-f", "lavfi", "-i", f"sine=frequency=300:duration={DURATION}", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "40", "-keyint_min", "40", "-sc_threshold", "0",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def past_lecture(create_lecture, visibility: ReplayVisibility):
    lecture = create_lecture("Trade facilitation in practice", replay_visibility=visibility)
    lecture.starts_at = utcnow() - timedelta(days=2)
    lecture.status = LectureStatus.ended
    db.session.commit()
    return lecture


def wait_for(page, expression: str, timeout: float = 10_000) -> None:
    page.wait_for_function(f"() => ({expression})", timeout=timeout)


def open_page(new_context):
    context = new_context(locale="en-GB")
    context.add_init_script(SHORT_BUFFER)
    return context.new_page()


def start_playing(page, url: str, rate: float) -> None:
    page.goto(url)
    wait_for(page, f"window.LectureHallPlayers && {PLAYER} && {PLAYER}.hls && {PLAYER}.hls.levels.length > 0",
             timeout=20_000)
    page.evaluate(f"() => {{ {PLAYER}.video.muted = true; {PLAYER}.setSpeed({rate}); return {PLAYER}.play(); }}")
    wait_for(page, f"{PLAYER}.video.currentTime > 1", timeout=15_000)


def assert_carries_on(page) -> None:
    """Playback goes on from where it was, through segments loaded from the new URLs."""
    at = page.evaluate(f"{PLAYER}.video.currentTime")
    wait_for(page, f"{PLAYER}.video.currentTime > {at} + 2 && !{PLAYER}.video.paused", timeout=15_000)
    assert page.locator(".lh-player--failed").count() == 0
    assert page.evaluate(f"{PLAYER}.statusText.textContent") == ""  # no "This video could not be played."


@pytest.mark.expected_browser_errors(r"status of 403")
def test_the_replay_goes_on_when_the_ladder_replaces_the_quick_version(live_server, new_context, create_lecture,
                                                                        create_user, add_recording, long_clip,
                                                                        monkeypatch):
    app = live_server
    ladder_may_start, published = threading.Event(), threading.Event()
    run_ladder = pipeline.run_ladder

    def held_ladder(*args, **kwargs):
        # The quick replay is out; the full ladder waits until the learner is watching it.
        assert ladder_may_start.wait(120)
        return run_ladder(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run_ladder", held_ladder)
    monkeypatch.setattr(scheduler_module, "_runner_app", app)
    with app.app_context():
        lecture = past_lecture(create_lecture, ReplayVisibility.registered)
        learner = create_user("learner@example.org")
        job = operations.recording_added(add_recording(lecture, long_clip))
        db.session.commit()
        lecture_id, job_id, learner_id = lecture.id, job.id, learner.id

    def transcode():
        try:
            run_job("media.transcode", job_id)
        finally:
            published.set()

    worker = threading.Thread(target=transcode, daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            with app.app_context():
                replay = queries.replay_of(lecture_id)
                if replay is not None:
                    assert replay.quick and replay.version == 1
                    break
            assert time.monotonic() < deadline and not published.is_set(), "no quick replay was published"
            time.sleep(0.2)

        page = open_page(new_context)
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{app.live_url}/login")
        page.fill("#email", "learner@example.org")
        page.fill("#password", STRONG_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{app.live_url}/")
        start_playing(page, f"{app.live_url}/lectures/{lecture_id}", rate=1.5)
        quick_token = TOKEN.search(page.evaluate(f"{PLAYER}.src")).group(1)
        assert page.evaluate(f"{PLAYER}.hls.levels.length") == 1  # the recording's own quality only
        note = page.locator("[data-replay-quick-note]")
        assert note.is_visible()  # "A first version is shown while the other qualities are being prepared."

        ladder_may_start.set()
        assert published.wait(120)
        worker.join(10)
        with app.app_context():
            replay = queries.replay_of(lecture_id)
            assert not replay.quick and replay.version == 2
        # The quick version's next segment is refused; the player gets the new URLs and goes on.
        wait_for(page, f"{PLAYER}.source.refreshes === 1", timeout=30_000)
        assert page.evaluate(f"{PLAYER}.source.version") == 2
        assert_carries_on(page)
        assert page.evaluate(f"{PLAYER}.video.playbackRate") == 1.5
        assert note.is_hidden()  # the full replay plays now
        new_token = TOKEN.search(page.evaluate(f"{PLAYER}.src")).group(1)
        with app.app_context():
            assert access.read_token(new_token, lecture_id, 2, learner_id)
            assert not access.read_token(quick_token, lecture_id, 2, learner_id)
        assert any(f"/replay/{quick_token}/" in url and url.endswith(".m4s") for url in requested)
        assert any(f"/replay/{new_token}/" in url and url.endswith(".m4s") for url in requested)
        # The full ladder's thumbnails and poster, which the quick replay had none of, come with the new URLs.
        assert f"/replay/{new_token}/" in page.evaluate(f"{PLAYER}.thumbnails.url")
        assert f"/replay/{new_token}/" in page.evaluate(f"{PLAYER}.video.poster")

        # The heartbeats: every one taken, and a pause then a play at the same place around the switch.
        page.evaluate(f"{PLAYER}.pause()")
        wait_for(page, f"{PLAYER}.heartbeats.queue.length === 0 && {PLAYER}.heartbeats.acked > 0")
        with app.app_context():
            beats = db.session.execute(sa.select(Beat).where(Beat.lecture_id == lecture_id)
                                       .order_by(Beat.seq)).scalars().all()
        events = [beat.event for beat in beats]
        assert events[0] == "play" and events[-1] == "pause"
        assert "seek" not in events
        plays = [i for i, event in enumerate(events) if event == "play"]
        assert len(plays) == 2, events
        # ("lang" beats come as hls.js picks its audio track, after each play.)
        switch_pause = [beat for beat in beats[:plays[1]] if beat.event != "lang"][-1]
        switch_play = beats[plays[1]]
        assert switch_pause.event == "pause", events
        assert abs(switch_play.pos_from - switch_pause.pos_to) < 0.5
        assert all(beat.pos_to >= beat.pos_from for beat in beats)
        assert all(later.pos_from >= earlier.pos_to - 0.5 for earlier, later in zip(beats, beats[1:]))
    finally:
        ladder_may_start.set()
        worker.join(120)


# The heartbeats' viewing token has a life of its own (PRESENCE_TOKEN_MAX_AGE, 12 h): the server refuses the first
# beats after the move (401, token_expired), heartbeats.js renews the token and sends them again under it.
@pytest.mark.expected_browser_errors(r"status of 403",
                                    r"status of 401 \(Unauthorized\) \(\S+/presence/lectures/\d+/beats\)")
def test_a_page_left_open_past_the_urls_life_goes_on_playing(live_server, new_context, create_lecture,
                                                             transcoded_long_clip):
    app = live_server
    with app.app_context():
        lecture = past_lecture(create_lecture, ReplayVisibility.public)
        transcoded_long_clip(lecture)
        lecture_id, version = lecture.id, queries.replay_of(lecture.id).version

    page = open_page(new_context)
    start_playing(page, f"{app.live_url}/lectures/{lecture_id}", rate=2)
    old_token = TOKEN.search(page.evaluate(f"{PLAYER}.src")).group(1)
    wait_for(page, f"{PLAYER}.heartbeats.acked >= 1")  # the play beat
    beat_token = page.evaluate(f"{PLAYER}.heartbeats.token")
    # Twelve hours on for the server: the page's URLs have expired, and so has its heartbeats' token.
    moved = time.time() + access.TOKEN_AGE
    with time_machine.travel(moved, tick=True):
        # the browser's clock has moved on as much (heartbeats say when they were sent: Date.now)
        page.evaluate("(ms) => { const now = Date.now.bind(Date); Date.now = () => now() + ms; }",
                      access.TOKEN_AGE * 1000)
        wait_for(page, f"{PLAYER}.source.refreshes === 1", timeout=30_000)
        assert_carries_on(page)
        new_token = TOKEN.search(page.evaluate(f"{PLAYER}.src")).group(1)
        with app.app_context():
            assert new_token != old_token and access.read_token(new_token, lecture_id, version, None)
        # the beats of the switch (a pause, a play) were refused, then stored under the renewed token
        wait_for(page, f"{PLAYER}.heartbeats.renewed.size === 1 && {PLAYER}.heartbeats.queue.length === 0",
                 timeout=15_000)
        assert page.evaluate(f"{PLAYER}.heartbeats.token") != beat_token
    assert page.evaluate(f"{PLAYER}.source.version") == version
    with app.app_context():
        beats = db.session.execute(sa.select(Beat.session_id, Beat.at, Beat.event)
                                   .where(Beat.lecture_id == lecture_id)).all()
    assert len({session for session, _at, _event in beats}) == 1  # one viewing session, renewed
    after = [event for _session, at, event in beats if at.timestamp() >= moved - 5]
    assert "pause" in after and "play" in after


@pytest.fixture
def transcoded_long_clip(app, add_recording, long_clip, monkeypatch):
    """``long_clip`` made into the lecture's replay as the worker would (quick, then the full ladder)."""
    monkeypatch.setattr(scheduler_module, "_runner_app", app)

    def run(lecture):
        job = operations.recording_added(add_recording(lecture, long_clip))
        db.session.commit()
        run_job("media.transcode", job.id)

    return run
