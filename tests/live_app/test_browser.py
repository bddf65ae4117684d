"""In Chromium, with real pushes: a registered participant opens the waiting room; the push starts and the player
starts by itself (no reload); they switch to the interpretation; the organiser ends the lecture and the page turns
into the replay by itself. The waiting room, the live page and the organiser's stream panel pass axe-core's WCAG
2.1 A/AA rules; the pages log no console error and no CSP violation (new_context checks)."""

from __future__ import annotations

from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import Lecture, Visibility
from lecturehall.modules.live import operations
from lecturehall.modules.registrations import operations as registrations
from tests.conftest import STRONG_PASSWORD

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PLAYER = "window.LectureHallPlayers[0]"


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_waiting_room_to_live_player_to_interpretation_to_replay(live_app, new_context, create_lecture, create_user):
    base = live_app.url
    lecture = create_lecture("Cross-border e-commerce policy", starts_at=utcnow() + timedelta(minutes=3),
                             timezone="Asia/Shanghai", visibility=Visibility.registered)
    keys = operations.ensure_stream(lecture).stream_key, operations.interpreter_key(lecture, "fr").key
    participant = create_user("participant@example.org", timezone="Europe/Paris")
    registrations.register(lecture.id, participant)
    db.session.commit()

    organiser = new_context(locale="en-GB", timezone_id="Asia/Shanghai").new_page()
    log_in(organiser, base, "organiser-admin@example.org")
    organiser.goto(f"{base}/manage/lectures/{lecture.id}/stream")
    assert organiser.input_value("#stream-key") == keys[0]
    assert_accessible(organiser)

    page = new_context(locale="en-GB", timezone_id="Europe/Paris").new_page()
    log_in(page, base, participant.email)
    page.goto(f"{base}/lectures/{lecture.id}")
    assert page.is_visible(".live__waiting") and page.locator("section.live").get_attribute("data-state") == "waiting"
    page.click(".live__test-button")
    page.wait_for_function("() => document.querySelector('.live__test-result').textContent.length > 0")
    assert "kbit/s" in page.text_content(".live__test-result")
    assert_accessible(page)

    live_app.pipelines.start()
    live_app.push.main(keys[0], 40)
    live_app.push.interpreter(keys[1], 35)
    # the player starts by itself, without a reload
    page.wait_for_function(f"() => window.LectureHallPlayers && {PLAYER} && {PLAYER}.isLive && {PLAYER}.hls "
                           f"&& !{PLAYER}.video.paused && {PLAYER}.video.currentTime > 0.5", timeout=40_000)
    assert page.locator("section.live").get_attribute("data-state") == "live"
    assert page.is_hidden(".live__waiting") and page.is_visible(".lh-live-badge")
    page.click(".lh-latency-toggle")
    page.wait_for_function("() => /behind live/.test(document.querySelector('.lh-latency').textContent)")
    assert_accessible(page)

    page.wait_for_function(f"() => {PLAYER}.hls.audioTracks.length === 2", timeout=40_000)
    page.evaluate(f"() => {PLAYER}.setAudio('fr')")
    page.wait_for_function(f"() => {PLAYER}.hls.audioTracks[{PLAYER}.hls.audioTrack].lang === 'fr'", timeout=15_000)
    at = page.evaluate(f"() => {PLAYER}.video.currentTime")
    page.wait_for_function(f"() => {PLAYER}.video.currentTime > {at} + 1", timeout=15_000)  # still playing

    with live_app.app.test_request_context():
        operations.end_lecture(db.session.get(Lecture, lecture.id), None)
        db.session.commit()
    page.wait_for_function("() => ['ending', 'replay'].includes(document.querySelector('section.live').dataset.state)",
                           timeout=15_000)
    # the page turns into the replay by itself
    page.wait_for_function("() => document.querySelector('.live__replay .lh-player.lh-player--enhanced')",
                           timeout=60_000)
    assert page.locator("section.live").get_attribute("data-state") == "replay"
    assert page.is_visible(".live__replay h2") and page.is_hidden(".live__player")
