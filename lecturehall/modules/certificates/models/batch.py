"""A bulk issue of programme certificates, run by the worker: the rule it applies, how far it has got (the page
polls it), and its outcome."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, enum_column, utcnow
from lecturehall.modules.certificates.models.policy import ProgrammeRule


class BatchStatus(enum.Enum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class CertificateBatch(db.Model):
    __tablename__ = "certificate_batches"
    __table_args__ = (
        sa.CheckConstraint("done <= total OR total = 0", name="done_within_total"),
        sa.CheckConstraint("min_lectures IS NULL OR min_lectures > 0", name="min_lectures_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    requested_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    rule: so.Mapped[ProgrammeRule] = so.mapped_column(enum_column(ProgrammeRule, "certificate_batch_rule"))
    min_lectures: so.Mapped[int | None] = so.mapped_column()
    status: so.Mapped[BatchStatus] = so.mapped_column(enum_column(BatchStatus, "certificate_batch_status"),
                                                      default=BatchStatus.queued)
    # Participants found eligible, and how many of them are handled (certificate stored, mail sent).
    total: so.Mapped[int] = so.mapped_column(default=0)
    done: so.Mapped[int] = so.mapped_column(default=0)
    issued: so.Mapped[int] = so.mapped_column(default=0)  # new certificates (the rest already held one)
    mailed: so.Mapped[int] = so.mapped_column(default=0)
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Written with each step: a running batch without a sign of life for a while lost its worker (see the sweep).
    heartbeat_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    @property
    def percent(self) -> float:
        if self.status is BatchStatus.succeeded:
            return 100.0
        return round(100.0 * self.done / self.total, 1) if self.total else 0.0
