"""An issued certificate: one participant, one lecture (or the whole programme when ``lecture_id`` is empty), and
a verification code anyone may check on the public page. Issuing is idempotent: a participant holds at most one
certificate per lecture and one per programme (partial unique indexes, on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db, utcnow


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        sa.Index("uq_certificates_user_lecture", "user_id", "lecture_id", unique=True,
                 sqlite_where=sa.text("lecture_id IS NOT NULL"), postgresql_where=sa.text("lecture_id IS NOT NULL")),
        sa.Index("uq_certificates_user_programme_wide", "user_id", "programme_id", unique=True,
                 sqlite_where=sa.text("lecture_id IS NULL"), postgresql_where=sa.text("lecture_id IS NULL")),
        sa.Index("ix_certificates_programme_issued", "programme_id", "issued_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    programme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    # Empty for a programme certificate.
    lecture_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"),
                                                         index=True)
    # 12 characters of an alphabet without look-alikes (see codes.py), stored without separators.
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # A lecture certificate earned by watching the replay rather than attending live (the PDF says so).
    by_replay: so.Mapped[bool] = so.mapped_column(default=False)
    # For a programme certificate: how many of the programme's lectures it stands for, and how many there were.
    lectures_attended: so.Mapped[int | None] = so.mapped_column()
    lectures_total: so.Mapped[int | None] = so.mapped_column()
    # The bulk issue that made it, if any; its mail is claimed (a lease) before it is sent, and marked once sent.
    batch_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("certificate_batches.id", ondelete="SET NULL"))
    mail_claimed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    mailed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    @property
    def is_programme_wide(self) -> bool:
        return self.lecture_id is None
