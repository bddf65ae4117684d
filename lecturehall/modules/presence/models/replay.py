"""Replay watching, per viewer and lecture (what was watched, how far) and per viewer, lecture and day (views).

Both hold the union of watched ranges of the recording ([[from, to], ...] in seconds), so re-watching a minute
does not count twice and folding the same beats in again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import UTCDateTime, db


class ReplayWatch(db.Model):
    __tablename__ = "replay_watches"
    __table_args__ = (
        sa.UniqueConstraint("lecture_id", "user_id", name="uq_replay_watches_lecture_user"),
        sa.UniqueConstraint("lecture_id", "browser_id", name="uq_replay_watches_lecture_browser"),
        sa.CheckConstraint("user_id IS NOT NULL OR browser_id IS NOT NULL", name="has_viewer"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    browser_id: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    ranges: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    seconds_watched: so.Mapped[float] = so.mapped_column(default=0.0)
    furthest: so.Mapped[float] = so.mapped_column(default=0.0)
    duration: so.Mapped[float] = so.mapped_column(default=0.0)
    completion: so.Mapped[float] = so.mapped_column(default=0.0)  # percent of the recording watched
    # Where the last beat left off (the resume position), and at what time and speed.
    position: so.Mapped[float] = so.mapped_column(default=0.0)
    position_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    speed: so.Mapped[float] = so.mapped_column(default=1.0)
    first_watched_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_watched_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    device: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))


class ReplayView(db.Model):
    """A day on which someone watched the replay; ``counted`` once the day's watching passed the view threshold."""

    __tablename__ = "replay_views"
    __table_args__ = (
        sa.UniqueConstraint("lecture_id", "user_id", "day", name="uq_replay_views_lecture_user_day"),
        sa.UniqueConstraint("lecture_id", "browser_id", "day", name="uq_replay_views_lecture_browser_day"),
        sa.CheckConstraint("user_id IS NOT NULL OR browser_id IS NOT NULL", name="has_viewer"),
        sa.Index("ix_replay_views_lecture_day", "lecture_id", "day"),
        sa.Index("ix_replay_views_browser", "browser_id"),  # an anonymous viewer's days (the reach summary)
        sa.Index("ix_replay_views_day", "day"),  # a day's views of a programme (the replay summary)
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"))
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    browser_id: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    ranges: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    seconds_watched: so.Mapped[float] = so.mapped_column(default=0.0)
    counted: so.Mapped[bool] = so.mapped_column(default=False)
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
