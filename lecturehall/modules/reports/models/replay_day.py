"""The replay summary: replay views and watch time per day, programme and country pair, kept by the worker from the
presence figures (reports/replay_summary.py), so that the dashboard's trend and the countries page add up a few
rows per day instead of a million replay views.

A row per (day watched, programme, declared country, network country) with any replay view of a lecture that
counts (not draft or cancelled): how many of its views are counted (past the view threshold), and the time watched
in all its views, in milliseconds (each view's seconds are kept to the millisecond, so the sums are exact on both
databases).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import db


class ReplayDay(db.Model):
    __tablename__ = "report_replay_days"
    __table_args__ = (sa.Index("ix_report_replay_days_day_programme", "day", "programme_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    programme_id: so.Mapped[int] = so.mapped_column()
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    views: so.Mapped[int] = so.mapped_column()  # counted views
    milliseconds: so.Mapped[int] = so.mapped_column(sa.BigInteger)  # watched, in all views
