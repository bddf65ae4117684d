"""Keeping the lecture replay summary (models/replay_lecture.py) equal to the replay views and watches it adds up:
rebuilt whole, or lecture by lecture — the lectures whose replay figures compaction folded (their views and their
watches change together). A lecture's edit changes nothing here (the reports join the lecture for its status and
programme); a deleted lecture's rows go with it. Flushes only; the caller commits (in compaction's case, with the
figures, so a crash leaves both or neither), holding base.SUMMARIES_LOCK as the other summaries' rewrites do."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from lecturehall.core.db import db, in_values, transaction_lock
from lecturehall.modules.presence.models import ReplayView, ReplayWatch
from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.replay_lecture import ReplayLecture

KEY_COLUMNS = ("lecture_id", "declared_country", "network_country")
FIGURE_COLUMNS = ("view_rows", "views", "milliseconds", "watchers", "completion")
CHUNK = 500


def _insert_from(views_where: list, watches_where: list) -> sa.Insert:
    """The summary's rows of the replay views and watches matching the conditions, grouped: each side's figures
    per country pair, added up where both have the pair."""
    zero, no_time = sa.literal(0, sa.Integer), sa.literal(0, sa.BigInteger)
    views = (sa.select(ReplayView.lecture_id.label("lecture_id"), ReplayView.declared_country.label("declared"),
                       ReplayView.network_country.label("network"), sa.func.count().label("view_rows"),
                       sa.func.count(base.when(ReplayView.counted.is_(True), 1)).label("views"),
                       sa.func.sum(sa.cast(sa.func.round(ReplayView.seconds_watched * 1000), sa.BigInteger))
                       .label("milliseconds"), zero.label("watchers"), sa.literal(0.0, sa.Float).label("completion"))
             .where(*views_where)
             .group_by(ReplayView.lecture_id, ReplayView.declared_country, ReplayView.network_country))
    watches = (sa.select(ReplayWatch.lecture_id, ReplayWatch.declared_country, ReplayWatch.network_country, zero,
                         zero, no_time, sa.func.count(), sa.func.sum(ReplayWatch.completion))
               .where(*watches_where)
               .group_by(ReplayWatch.lecture_id, ReplayWatch.declared_country, ReplayWatch.network_country))
    both = sa.union_all(views, watches).subquery("replay")
    key = [both.c.lecture_id, both.c.declared, both.c.network]
    select = (sa.select(*key, *(sa.func.sum(both.c[name]) for name in FIGURE_COLUMNS)).group_by(*key))
    return sa.insert(ReplayLecture).from_select([*KEY_COLUMNS, *FIGURE_COLUMNS], select)


def rebuild() -> int:
    """Every row, from scratch. Returns how many rows there are."""
    transaction_lock(base.SUMMARIES_LOCK)
    db.session.execute(sa.delete(ReplayLecture))
    db.session.execute(_insert_from([], []))
    db.session.flush()
    return db.session.execute(sa.select(sa.func.count()).select_from(ReplayLecture)).scalar_one()


def refresh(lecture_ids: Iterable[int]) -> None:
    """Rewrites the rows of these lectures from their replay views and watches."""
    lecture_ids = sorted(set(lecture_ids))
    if not lecture_ids:
        return
    db.session.flush()
    transaction_lock(base.SUMMARIES_LOCK)
    for start in range(0, len(lecture_ids), CHUNK):
        part = lecture_ids[start:start + CHUNK]
        db.session.execute(sa.delete(ReplayLecture).where(in_values(ReplayLecture.lecture_id, part)))
        db.session.execute(_insert_from([in_values(ReplayView.lecture_id, part)],
                                        [in_values(ReplayWatch.lecture_id, part)]))
    db.session.flush()
