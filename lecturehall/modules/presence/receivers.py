"""How attendance takes part in a lecture's life: a lecture someone attended is kept for the reports."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.lectures import signals as lecture_signals
from lecturehall.modules.presence.models import Attendance


@lecture_signals.participation_check.connect
def _attended(lecture_id, **_kwargs) -> bool:
    return db.session.execute(sa.select(sa.exists().where(Attendance.lecture_id == lecture_id))).scalar_one()
