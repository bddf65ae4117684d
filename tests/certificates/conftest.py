"""Certificate fixtures: lectures that took place (ended, with a known hour of live time), attendance and replay
watching made the real way (raw beats compacted by presence), and a programme's certificate policy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lecturehall.core.db import db
from lecturehall.modules.certificates import operations
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.media.models import Replay
from lecturehall.modules.presence import tasks as presence_tasks
from lecturehall.modules.presence.models import LiveInterval
from tests.presence.helpers import T0, live_session, raw_beat, store


@pytest.fixture
def held_lecture(create_lecture):
    """A lecture that was live for exactly an hour from ``start`` and is over."""

    def make(title: str = "Cross-border e-commerce policy", *, start=T0, programme=None, replay: float | None = None,
             **kwargs):
        lecture = create_lecture(title, programme=programme, **kwargs)
        lecture.status = LectureStatus.ended
        db.session.add(LiveInterval(lecture_id=lecture.id, started_at=start, ended_at=start + timedelta(hours=1)))
        if replay is not None:
            db.session.add(Replay(lecture_id=lecture.id, directory=f"replays/{lecture.id}/v1", duration=replay))
        db.session.commit()
        return lecture

    return make


def attend(lecture, user, minutes: float, *, start=T0, session=None, first_seq=1) -> None:
    """``user`` watches ``lecture`` live for ``minutes`` from ``start`` (beats every 15 s), compacted. A viewing
    session's beats are told apart by their sequence numbers, so each call is a session of its own unless named."""
    attend_all([(lecture, user, minutes, start)], session=session, first_seq=first_seq)


def attend_all(sessions, *, session=None, first_seq=1) -> None:
    """Several (lecture, user, minutes, start) live sessions, stored together and compacted once."""
    rows = []
    for lecture, user, minutes, start in sessions:
        name = session or f"live-{lecture.id}-{user.id}-{start.timestamp():.0f}"
        rows += live_session(lecture, user, start, minutes, session=name, first_seq=first_seq)
    store(rows)
    presence_tasks.compact_beats()
    db.session.commit()


def watch_replay(lecture, user, ranges, *, session=None) -> None:
    """``user`` watches these (from, to) ranges of the replay, one beat each, compacted."""
    session = session or f"replay-{lecture.id}-{user.id}"
    rows = [raw_beat(lecture, seq, T0 + timedelta(days=1, seconds=seq * 15), session=session, user=user,
                     live=False, pos=pos) for seq, pos in enumerate(ranges, start=1)]
    store(rows)
    presence_tasks.compact_beats()
    db.session.commit()


@pytest.fixture
def allow_replay():
    def allow(programme_id: int, percent: int) -> None:
        operations.save_replay_policy(programme_id, True, percent)
        db.session.commit()

    return allow
