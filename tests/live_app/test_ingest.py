"""Real RTMP pushes by ffmpeg through the app's own callback endpoint: what is refused, what goes live, a reconnect
within the grace period, an interpreter, two lectures at once, and the recording published as the replay."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.live import operations
from lecturehall.modules.live.models import LiveSession, LiveSessionState
from lecturehall.modules.live.playlists import INDEX
from lecturehall.modules.live.tasks import queue_ladder
from lecturehall.modules.media import tasks as media_tasks
from lecturehall.modules.media.models import JobStatus, Replay, Track, TranscodeJob
from lecturehall.modules.media.packaging import read_manifest
from tests.conftest import STRONG_PASSWORD
from tests.live.conftest import wait_for
from tests.live.media import entries, playlist, probe_segment

VIDEO = Path("video/source") / INDEX


def soon(create_lecture, title="Cross-border e-commerce policy", minutes=10, **kwargs):
    return create_lecture(title, starts_at=utcnow() + timedelta(minutes=minutes), timezone="UTC", **kwargs)


def keys(lecture, *languages):
    stream = operations.ensure_stream(lecture)
    found = {None: stream.stream_key}
    for language in languages:
        found[language] = operations.interpreter_key(lecture, language).key
    db.session.commit()
    return found


def admin_client(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"csrf_token": token, "email": "organiser-admin@example.org",
                                       "password": STRONG_PASSWORD}).status_code == 302
    return client


def sessions_of(lecture_id):
    db.session.expire_all()
    return list(db.session.execute(sa.select(LiveSession).where(LiveSession.lecture_id == lecture_id)).scalars())


def status_of(lecture_id):
    db.session.expire_all()
    return db.session.get(Lecture, lecture_id).status


def refused(process: subprocess.Popen) -> bool:
    """ffmpeg gives up at once when nginx refuses the push (a 6-s push that was taken runs 6 s and exits 0)."""
    return process.wait(timeout=20) != 0


def test_pushes_are_refused_for_wrong_or_old_keys_unannounced_lectures_and_outside_the_window(
        live_app, create_lecture):
    on_time = soon(create_lecture)
    old = keys(on_time)[None]
    operations.regenerate_key(on_time)
    db.session.commit()
    cancelled = soon(create_lecture, "Trade facilitation")
    cancelled_key = keys(cancelled)[None]
    lectures.cancel_lecture(cancelled, None)
    draft = soon(create_lecture, "Digital payments", publish=False)
    draft_key = keys(draft)[None]
    next_week = create_lecture("Logistics", timezone="UTC")  # a week ahead: far outside the window
    early_key = keys(next_week)[None]
    interpreter_as_lecturer = keys(on_time, "fr")["fr"]
    db.session.commit()

    pushes = [live_app.push.main(key, 6) for key in ("not-a-key", old, cancelled_key, draft_key, early_key,
                                                      interpreter_as_lecturer)]
    assert all(refused(process) for process in pushes)
    for lecture in (on_time, cancelled, draft, next_week):
        assert sessions_of(lecture.id) == []
    assert status_of(on_time.id) is LectureStatus.scheduled
    assert status_of(cancelled.id) is LectureStatus.cancelled
    root = live_app.settings.live_root
    assert not root.exists() or not any(root.iterdir())


def test_a_push_goes_live_reconnects_and_ends_as_the_replay_then_the_ladder(live_app, create_lecture):
    live_app.pipelines.start()
    lecture = soon(create_lecture, minutes=-5)  # started five minutes ago, still scheduled
    other = soon(create_lecture, "Trade facilitation", minutes=30)
    key = keys(lecture, "fr")
    other_key = keys(other)[None]
    directory, other_dir = live_app.lecture_dir(lecture.id), live_app.lecture_dir(other.id)

    first = live_app.push.main(key[None], 20)
    live_app.push.main(other_key, 6)
    wait_for(lambda: entries(directory / VIDEO), message="the first live segment")
    live_app.push.interpreter(key["fr"], 14)
    assert status_of(lecture.id) is LectureStatus.live  # through lectures' operations: history written
    assert status_of(other.id) is LectureStatus.live  # two lectures at once
    wait_for(lambda: entries(other_dir / VIDEO), message="the other lecture's first live segment")
    listed = len(entries(directory / VIDEO))
    wait_for(lambda: len(entries(directory / VIDEO)) > listed, message="the live playlist advancing")
    wait_for(lambda: 'LANGUAGE="fr"' in playlist(directory / "master.m3u8"), timeout=20,
             message=f"French live: {live_app.pipelines.supervisor.health()}")
    wait_for(lambda: sessions_of(lecture.id)[0].languages == ["fr"], message="the language in the session")
    jobs = admin_client(live_app.app).get("/admin/jobs").get_data(as_text=True)  # each pipeline's health
    assert "Live pipelines" in jobs and jobs.count('href="/manage/lectures/') >= 2 and "Packaging" in jobs

    first.wait(timeout=30)  # the publisher drops...
    wait_for(lambda: sessions_of(lecture.id)[0].state is LiveSessionState.interrupted,
             message="the session interrupted")
    assert status_of(lecture.id) is LectureStatus.live
    live_app.push.main(key[None], 5)  # ...and comes back within the grace period
    wait_for(lambda: "#EXT-X-DISCONTINUITY\n" in playlist(directory / VIDEO), message="a discontinuity")
    wait_for(lambda: sessions_of(lecture.id)[0].state is LiveSessionState.live, message="live again")

    # the other lecture's publisher left for good: the grace period ends it, its recording becomes the replay
    wait_for(lambda: status_of(other.id) is LectureStatus.ended, timeout=30, message="the grace period's end")
    assert db.session.execute(sa.select(Replay).where(Replay.lecture_id == other.id)).scalar_one().quick

    with live_app.app.test_request_context():
        operations.end_lecture(db.session.get(Lecture, lecture.id), None)
        db.session.commit()
    ended_at = utcnow()
    assert status_of(lecture.id) is LectureStatus.ended
    wait_for(lambda: sessions_of(lecture.id)[0].state is LiveSessionState.ended, timeout=30,
             message="the replay published")
    session, = sessions_of(lecture.id)  # one session for both parts
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert replay.quick and replay.directory == session.replay_directory
    assert session.replay_published_at - ended_at < timedelta(seconds=60)
    published = live_app.app.config["MEDIA_DIR"] + "/" + replay.directory
    manifest = read_manifest(published)
    assert [a.id for a in manifest.audio] == ["main", "fr"]
    assert playlist(Path(published) / VIDEO).count("#EXT-X-DISCONTINUITY\n") >= 1
    assert playlist(Path(published) / VIDEO).rstrip().endswith("#EXT-X-ENDLIST")
    for init, _duration, segment in entries(Path(published) / VIDEO)[-2:]:  # playable: the last segments decode
        assert probe_segment(Path(published) / VIDEO.parent, init, segment)["packets"]
    page = admin_client(live_app.app).get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "Recorded live on" in page and 'class="lh-player"' in page  # the replay page

    # the full ladder follows and replaces the quick replay, languages kept (the job the worker would run)
    assert get_scheduler(live_app.app).has_job(f"live-ladder:{session.id}")
    queue_ladder(session.id)
    job = db.session.execute(sa.select(TranscodeJob).where(TranscodeJob.lecture_id == lecture.id)).scalar_one()
    assert db.session.execute(sa.select(Track.language).where(Track.lecture_id == lecture.id)).scalars().all() == \
        ["fr"]
    media_tasks.transcode(job.id)
    db.session.expire_all()
    assert db.session.get(TranscodeJob, job.id).status is JobStatus.succeeded
    replay = db.session.execute(sa.select(Replay).where(Replay.lecture_id == lecture.id)).scalar_one()
    assert not replay.quick
    assert "fr" in [a.id for a in read_manifest(live_app.app.config["MEDIA_DIR"] + "/" + replay.directory).audio]
