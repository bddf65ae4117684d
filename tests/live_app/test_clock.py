"""The clock does not end a lecture that is still on air at its planned end; its stream's end ends it."""

from __future__ import annotations

from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.live import operations
from lecturehall.modules.live.models import LiveSessionState


def test_a_lecture_on_air_runs_over_until_its_stream_ends(app, create_lecture):
    lecture = create_lecture(starts_at=utcnow() - timedelta(minutes=30), duration=20, timezone="UTC")
    with app.test_request_context():
        session = operations.push_started(lecture)
        db.session.commit()
        assert lecture.status is LectureStatus.live
        assert not lectures.advance_status_by_clock(lecture)  # over its planned end, but on air
        session.state = LiveSessionState.interrupted  # the publisher left: still within the grace period
        assert not lectures.advance_status_by_clock(lecture)
        operations.session_ended(session, replay_directory=None)  # the grace period ended it
        db.session.commit()
        assert lecture.status is LectureStatus.ended
        assert session.state is LiveSessionState.ended and session.replay_published_at is None


def test_without_a_stream_the_clock_ends_the_lecture(app, create_lecture):
    lecture = create_lecture(starts_at=utcnow() - timedelta(minutes=30), duration=20, timezone="UTC")
    with app.test_request_context():
        assert lectures.advance_status_by_clock(lecture) and lecture.status is LectureStatus.ended
