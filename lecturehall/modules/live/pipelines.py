"""The live pipelines in the process that runs scheduled jobs: the LiveSupervisor runs while this process holds the
scheduler's lead (lecturehall worker, or ``lecturehall serve`` with the embedded scheduler), and a thread bridges it
to the app every LIVE_POLL_SECONDS:

* pushes: nginx's statistics list each push under its internal name (the callback renamed it); a push whose lecture
  has an open session is announced to the supervisor (web processes accept pushes; the supervisor may run
  elsewhere, so the database and nginx are what they share);
* the organiser's "end" (``end_requested``) is handed to the supervisor;
* the supervisor's health and the publishers' reports are written to the session, for the lecture page, the
  organiser's stream panel and the admin jobs page;
* when the supervisor has finalised a session (organiser's end, or the grace period after the publisher left), the
  recording is published as the lecture's replay at once (a rename: no re-encoding), the lecture ends, and the full
  transcoding ladder is queued (live.tasks)."""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.core.storage import get_storage
from lecturehall.modules.live import operations, queries, recording
from lecturehall.modules.live.callbacks import parse_stream_name
from lecturehall.modules.live.models import LiveSession, LiveSessionState
from lecturehall.modules.live.runtime import live_settings
from lecturehall.modules.live.stat import read_stat
from lecturehall.modules.live.supervisor import LiveSupervisor
from lecturehall.modules.media import operations as media

log = logging.getLogger(__name__)

STATES = {"waiting": LiveSessionState.interrupted, "ending": None}  # anything else: live
REPORTS_SECONDS = 2.0  # how often the publishers' reports are read (each reads nginx's statistics again)
LADDER_TASK = "live.queue_ladder"


class LivePipelines:
    def __init__(self, app: Flask, *, leads: Callable[[], bool] | None = None):
        self.app = app
        self.settings = live_settings(app)
        self.leads = leads or (lambda: get_scheduler(app).is_leader)
        self.supervisor: LiveSupervisor | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reports_at: dict[int, float] = {}

    def start(self) -> LivePipelines:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="live-pipelines", daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        if self.supervisor is not None:
            self.supervisor.close()
            self.supervisor = None

    def _loop(self) -> None:
        poll = float(self.app.config["LIVE_POLL_SECONDS"])
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # noqa: BLE001 -- logged; the bridge must outlive one bad poll (a database hiccup)
                log.exception("live pipelines: poll failed")
                with self.app.app_context():
                    db.session.rollback()
            self._stop.wait(poll)

    def poll(self) -> None:
        if not self.leads():
            if self.supervisor is not None:
                log.warning("live pipelines: this process lost the scheduler lead; stopping the packagers")
                self.supervisor.close()
                self.supervisor = None
            return
        if self.supervisor is None:
            self.supervisor = LiveSupervisor(self.settings, on_ended=self._ended).start()
        with self.app.app_context():
            try:
                self._bridge(self.supervisor)
            finally:
                db.session.remove()

    def _bridge(self, supervisor: LiveSupervisor) -> None:
        sessions = queries.open_sessions()
        if not sessions:
            return
        try:
            stat = read_stat(self.settings.stat_url)
        except OSError:
            stat = {}
        by_lecture = {str(session.lecture_id): session for session in sessions}
        for name, published in stat.items():
            parsed = parse_stream_name(name)
            session = by_lecture.get(parsed[0]) if parsed else None
            if session is not None and not session.end_requested:
                supervisor.publish_started(name, published.client_id)
        health = {item.lecture: item for item in supervisor.health()}
        now = time.monotonic()
        for session in sessions:
            item = health.get(str(session.lecture_id))
            if session.end_requested:
                supervisor.end_lecture(session.lecture_id)
            if item is None:
                self._orphan(session, stat)
                continue
            state = STATES.get(item.state, LiveSessionState.live)
            changed = state is not None and state is not session.state and \
                session.state is not LiveSessionState.ending or list(item.languages) != session.languages
            # the figures (health, what the publishers send) every few seconds; a new state at once
            if changed or now - self._reports_at.get(session.id, 0) >= REPORTS_SECONDS:
                self._reports_at[session.id] = now
                try:
                    publishers = [dataclasses.asdict(r) for r in supervisor.publisher_reports(session.lecture_id)]
                except OSError:
                    publishers = []
                operations.report(session, state=state, health=dataclasses.asdict(item), publishers=publishers,
                                  languages=list(item.languages))
        db.session.commit()

    def _orphan(self, session: LiveSession, stat: dict) -> None:
        """An open session the supervisor has no pipeline for: its push was accepted but never reached nginx's
        statistics (or this process started after it ended). Once the grace period has passed with nothing
        pushing, it ends; a recording left on disk by an earlier worker is finalised and published."""
        lecture = str(session.lecture_id)
        if any((parse_stream_name(name) or ("",))[0] == lecture for name in stat):
            return  # pushing: the supervisor picks it up at the next poll
        quiet_since = session.seen_at or session.started_at
        if not session.end_requested and utcnow() - quiet_since < timedelta(seconds=max(self.settings.grace_seconds,
                                                                                         30)):
            return
        directory = self.settings.lecture_dir(lecture)
        if (directory / "live.json").is_file():
            manifest = recording.finalise(directory, segment_seconds=self.settings.segment_seconds)
            self._ended(lecture, directory, manifest)
        else:
            operations.session_ended(session, replay_directory=None)

    def _ended(self, lecture: str, directory: Path, manifest) -> None:
        """The supervisor finalised a session (its own thread): publish it as the replay, end the lecture."""
        with self.app.app_context():
            try:
                publish_session(int(lecture), Path(directory), manifest)
                db.session.commit()
            finally:
                db.session.remove()


def replay_directory_for(session: LiveSession) -> str:
    """Where a session's recording is published, in storage."""
    return f"replays/{session.lecture_id}/live-{session.id}"


def publish_session(lecture_id: int, directory: Path, manifest) -> LiveSession | None:
    """Makes a finalised live recording the lecture's replay (quick: the live segments as they are) and queues the
    full ladder; a session recorded with the switch off is dropped. Flushes; the caller commits."""
    session = queries.open_session(lecture_id)
    if session is None:
        log.warning("live: lecture %s ended with no open session; its recording stays in %s", lecture_id, directory)
        return None
    replay_directory = None
    if session.recorded and manifest is not None and manifest.duration > 0:
        replay_directory = replay_directory_for(session)
        recording.publish_replay(directory, get_storage().local_path(replay_directory))
        media.publish_replay(lecture_id, replay_directory, duration=manifest.duration,
                             has_video=bool(manifest.video), quick=True, files={})
    else:
        shutil.rmtree(directory, ignore_errors=True)  # not to be kept: recording was switched off
    operations.session_ended(session, replay_directory=replay_directory)
    if replay_directory is not None:
        from_app = get_scheduler()
        session_id = session.id
        on_commit(lambda: from_app.add(f"live-ladder:{session_id}", LADDER_TASK, utcnow(), session_id))
    return session
