"""A raw heartbeat of the player, as the heartbeat endpoint stored it: the evidence every derived figure is made from.

Kept lean on purpose (written thousands of times a second): one unique index (session, sequence) that makes a
repeated beat a no-op, no foreign keys, the lecture and the viewer copied from the signed viewing token, the network
country and device worked out once at ingest (never the address itself). The worker compacts beats into the derived
tables in id order and prunes them after PRESENCE_RETENTION_DAYS.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db

# SQLite makes only an INTEGER PRIMARY KEY an alias of the rowid (autoincrement); PostgreSQL gets a BIGINT identity.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Beat(db.Model):
    __tablename__ = "presence_beats"
    __table_args__ = (sa.UniqueConstraint("session_id", "seq", name="uq_presence_beats_session_seq"),)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    session_id: so.Mapped[str] = so.mapped_column(sa.String(32))
    seq: so.Mapped[int] = so.mapped_column()
    lecture_id: so.Mapped[int] = so.mapped_column()
    # Who: a signed-in participant, or an anonymous browser (public lectures only).
    user_id: so.Mapped[int | None] = so.mapped_column()
    browser_id: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    live: so.Mapped[bool] = so.mapped_column()
    # When the beat was taken, on the server's clock (the browser's time corrected by its offset at sending).
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    # beat, play, pause, seek, end, lang, hide
    event: so.Mapped[str] = so.mapped_column(sa.String(8))
    # Live: seconds present since the previous beat. Replay: the recording's range watched since then, and speed.
    seconds: so.Mapped[float] = so.mapped_column(default=0.0)
    pos_from: so.Mapped[float | None] = so.mapped_column()
    pos_to: so.Mapped[float | None] = so.mapped_column()
    speed: so.Mapped[float | None] = so.mapped_column()
    quality: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    audio_only: so.Mapped[bool] = so.mapped_column(default=False)
    language: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    device: so.Mapped[str] = so.mapped_column(sa.String(8))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
