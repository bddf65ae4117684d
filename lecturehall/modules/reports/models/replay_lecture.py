"""The lecture replay summary: a lecture's replay views, time watched, watchers and their completion per country
pair, kept by the worker from the presence figures (reports/lecture_summary.py), so that a lecture's page and the
lectures table add up a few rows per lecture instead of every day each viewer watched.

A row per (lecture, declared country, network country) with any replay view or replay watch of the lecture: how
many replay views there are (days someone watched, counted or not) and how many are counted (past the view
threshold), the time watched in all of them in milliseconds (as in models/replay_day.py), and how many people
watched it (replay watches, by the watch's own countries) with the sum of their completion (%). Rows do not depend
on the lecture's status, programme or start: the reports join the lecture for those, so an edit of the lecture
leaves the rows as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from lecturehall.core.db import db


class ReplayLecture(db.Model):
    __tablename__ = "report_replay_lectures"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lecture_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lectures.id", ondelete="CASCADE"), index=True)
    declared_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    network_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    view_rows: so.Mapped[int] = so.mapped_column()  # replay views, counted or not
    views: so.Mapped[int] = so.mapped_column()  # counted views
    milliseconds: so.Mapped[int] = so.mapped_column(sa.BigInteger)  # watched, in all views
    watchers: so.Mapped[int] = so.mapped_column()  # replay watches: one a person
    completion: so.Mapped[float] = so.mapped_column()  # the sum of the watchers' completion (%)
