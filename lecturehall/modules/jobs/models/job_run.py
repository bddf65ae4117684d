"""A record of one run of a scheduled job."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class JobRun(db.Model):
    __tablename__ = "job_runs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    job_id: so.Mapped[str] = so.mapped_column(sa.String(191), index=True)
    task: so.Mapped[str] = so.mapped_column(sa.String(100))
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    succeeded: so.Mapped[bool | None] = so.mapped_column()
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # host:pid of the process that ran it
    runner: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
