"""Scheduled work on lectures: status changes at the start and end times, and their catch-up in the sweep."""

from __future__ import annotations

import sqlalchemy as sa

from flask_babel import gettext as _

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import sweep_due, task
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.jobs import ADVANCE_STATUS
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.lectures.presentation import lecture_label


def _describe_advance(lecture_id: int) -> str:
    return _("Status change at the start (live) or the end (ended) — %(lecture)s", lecture=lecture_label(lecture_id))


@task(ADVANCE_STATUS, describe=_describe_advance)
def advance_status(lecture_id: int) -> None:
    lecture = db.session.get(Lecture, lecture_id, with_for_update=True)
    if lecture is not None:
        operations.advance_status_by_clock(lecture)


@sweep_due.connect
def advance_statuses(_app, **_kwargs) -> None:
    """Catch-up for the sweep: every lecture whose start or end has passed without its job having run."""
    now = utcnow()
    due = db.session.execute(
        sa.select(Lecture.id).where(
            Lecture.status.in_([LectureStatus.scheduled, LectureStatus.live]), Lecture.starts_at <= now
        )
    ).scalars().all()
    for lecture_id in due:
        advance_status(lecture_id)
