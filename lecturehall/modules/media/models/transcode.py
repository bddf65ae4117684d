"""A transcoding job: what the worker does with a recording, with its progress and outcome."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow


class JobStatus(enum.Enum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class TranscodeJob(db.Model):
    __tablename__ = "transcode_jobs"
    __table_args__ = (sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    recording_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("recordings.id", ondelete="CASCADE"))
    status: so.Mapped[JobStatus] = so.mapped_column(enum_column(JobStatus, "transcode_status"),
                                                    default=JobStatus.queued, index=True)
    progress: so.Mapped[float] = so.mapped_column(default=0.0)
    eta_seconds: so.Mapped[int | None] = so.mapped_column()
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    # host:pid of the worker running it; a running job whose worker is gone is started again.
    runner: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    heartbeat_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
