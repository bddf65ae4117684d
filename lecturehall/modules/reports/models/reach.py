"""The reach summary: who was reached on which day, kept by the worker from the presence figures
(reports/reach_summary.py), so that the dashboard counts people reached and people new in a period without
grouping a million replay views by person.

A row per person (a user, or an anonymous browser) per day they were reached (a lecture they joined live, by the
lecture's start day in UTC; a counted replay view, by the day watched) per programme and country pair, for lectures
that count (not draft or cancelled). Each row also holds the person's previous day in each of the eight ways the
reports narrow what they count — by programme, declared country, network country, or any of them together
(``previous_column``) — so that

* the people reached in a range of days are the rows in the range whose previous day (in the filter's partition)
  is before the range: one per person, counted without DISTINCT;
* the people reached for the first time are the rows with no previous day.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import db


def previous_column(programme: bool, declared: bool, network: bool) -> str:
    """The column holding the previous day among the person's rows of the same programme / declared country /
    network country, as asked (none of them: any of the person's rows)."""
    suffix = ("p" if programme else "") + ("d" if declared else "") + ("n" if network else "")
    return f"prev_{suffix}" if suffix else "prev"


class ReachDay(db.Model):
    __tablename__ = "report_reach_days"
    __table_args__ = (
        sa.Index("ix_report_reach_days_day", "day"),
        sa.Index("ix_report_reach_days_user", "user_id"),
        sa.Index("ix_report_reach_days_browser", "browser_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int | None] = so.mapped_column()  # no foreign key: accounts are never removed, only emptied
    browser_id: so.Mapped[str | None] = so.mapped_column(sa.String(32))  # set only when user_id is not
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    programme_id: so.Mapped[int] = so.mapped_column()
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    prev: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_n: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_d: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_dn: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_p: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_pn: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_pd: so.Mapped[date | None] = so.mapped_column(sa.Date)
    prev_pdn: so.Mapped[date | None] = so.mapped_column(sa.Date)
