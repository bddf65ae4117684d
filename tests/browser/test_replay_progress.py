"""While the worker makes a past lecture's replay, its page shows how far it is, updated without a reload, and
turns into the player by itself when the replay is published."""

from datetime import timedelta

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import run_job
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility
from lecturehall.modules.media import operations
from lecturehall.modules.media.models import JobStatus, TranscodeJob


def test_progress_then_the_player_without_reload(live_server, new_context, create_lecture, add_recording, clip):
    app = live_server
    with app.app_context():
        lecture = create_lecture("Bringing agricultural specialties online")
        lecture.starts_at = utcnow() - timedelta(days=2)
        lecture.status = LectureStatus.ended
        lecture.replay_visibility = ReplayVisibility.public
        job = operations.recording_added(add_recording(lecture, clip))
        job.status, job.progress = JobStatus.running, 12.0
        db.session.commit()
        lecture_id, job_id = lecture.id, job.id

    page = new_context(locale="es-ES").new_page()
    page.goto(f"{app.live_url}/lectures/{lecture_id}")
    page.evaluate("() => { window.__samePage = true; }")
    assert page.locator("#replay-state progress").get_attribute("value") == "12.0"

    with app.app_context():
        db.session.get(TranscodeJob, job_id).progress = 64.0
        db.session.commit()
    page.wait_for_function("() => document.querySelector('#replay-state progress').value === 64", timeout=15_000)
    assert page.evaluate("() => window.__samePage") is True
    assert "64" in page.locator("#replay-state [data-percent]").inner_text()

    # The job publishes a quick replay, then the full ladder as a new version whose URLs replace the first's: the
    # page's polls wait until the job is done, so that it turns into the player of the replay as it stands (a player
    # opened on the quick version in between fetches the ladder's URLs when its own are refused: that is
    # test_replay_source_refresh.py's; this test is about the page turning into a player).
    held, done = [], []

    def hold_until_done(route):
        if done:
            route.continue_()
        else:
            held.append(route)

    page.route(f"**/lectures/{lecture_id}/replay/progress", hold_until_done)
    with app.app_context():
        db.session.get(TranscodeJob, job_id).status = JobStatus.queued
        db.session.commit()
        scheduler_module._runner_app = app
        run_job("media.transcode", job_id)
    done.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector(".lh-player video", timeout=20_000)
    assert page.locator("#replay-state").get_attribute("data-state") == "available"
