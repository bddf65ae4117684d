"""How the live module takes part in a lecture's life: a lecture still on air is not ended by the clock at its
planned end (its stream's end ends it), and a deleted lecture's live files go."""

from __future__ import annotations

from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.live import queries
from lecturehall.modules.live.models import LiveSessionState


@lecture_signals.keeps_on_air.connect
def _on_air(lecture, **_kwargs) -> bool:
    session = queries.open_session(lecture.id)
    return session is not None and not session.end_requested and session.state in (
        LiveSessionState.live, LiveSessionState.interrupted)
