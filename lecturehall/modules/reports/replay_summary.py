"""Keeping the replay summary (models/replay_day.py) equal to the replay views it adds up: rebuilt whole, or day by
day — the (programme, day)s whose views compaction folded, and a changed lecture's days (its status, programme or
start may change what counts, and where). Flushes only; the caller commits (in compaction's case, with the figures,
so a crash leaves both or neither). Rewrites of both summaries take one lock (base.SUMMARIES_LOCK) until the commit:
compaction and a lecture's change may rewrite the same rows at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from lecturehall.core.db import db, in_values, transaction_lock
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import ReplayView
from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.replay_day import ReplayDay

KEY_COLUMNS = ("day", "programme_id", "declared_country", "network_country")
CHUNK = 500


def _insert_from(*where) -> sa.Insert:
    """The summary's rows of the replay views matching ``where``, grouped."""
    key = [ReplayView.day, Lecture.programme_id, ReplayView.declared_country, ReplayView.network_country]
    select = (sa.select(*key, sa.func.count(base.when(ReplayView.counted.is_(True), 1)),
                        sa.func.sum(sa.cast(sa.func.round(ReplayView.seconds_watched * 1000), sa.BigInteger)))
              .join(Lecture, Lecture.id == ReplayView.lecture_id)
              .where(Lecture.status.not_in(base.UNCOUNTED_LECTURES), *where).group_by(*key))
    return sa.insert(ReplayDay).from_select([*KEY_COLUMNS, "views", "milliseconds"], select)


def rebuild() -> int:
    """Every row, from scratch. Returns how many rows there are."""
    transaction_lock(base.SUMMARIES_LOCK)
    db.session.execute(sa.delete(ReplayDay))
    db.session.execute(_insert_from())
    db.session.flush()
    return db.session.execute(sa.select(sa.func.count()).select_from(ReplayDay)).scalar_one()


def refresh(programme_days: Iterable[tuple[int, date]]) -> None:
    """Rewrites the rows of these (programme, day)s from the replay views."""
    db.session.flush()
    transaction_lock(base.SUMMARIES_LOCK)
    by_programme = defaultdict(set)
    for programme_id, day in programme_days:
        by_programme[programme_id].add(day)
    for programme_id, days in sorted(by_programme.items()):
        days = sorted(days)
        for start in range(0, len(days), CHUNK):
            part = days[start:start + CHUNK]
            db.session.execute(sa.delete(ReplayDay).where(ReplayDay.programme_id == programme_id,
                                                          in_values(ReplayDay.day, part)))
            db.session.execute(_insert_from(Lecture.programme_id == programme_id, in_values(ReplayView.day, part)))
    db.session.flush()


def refresh_views(lecture_days: Iterable[tuple[int, date]]) -> None:
    """After compaction folded replay views of these (lecture, day)s: their programmes' rows of those days."""
    lecture_days = set(lecture_days)
    if not lecture_days:
        return
    lecture_ids = {lecture_id for lecture_id, _day in lecture_days}
    programmes = dict(db.session.execute(sa.select(Lecture.id, Lecture.programme_id)
                                         .where(in_values(Lecture.id, lecture_ids))).all())
    refresh({(programmes[lecture_id], day) for lecture_id, day in lecture_days if lecture_id in programmes})


def refresh_lecture(lecture_id: int) -> None:
    """After a change to what the lecture's views count for (status, programme): the days it was watched, in
    every programme (its rows may be under the programme it was moved from). The lock comes first: no view of
    the lecture can then be committed on a day this has not read."""
    db.session.flush()
    transaction_lock(base.SUMMARIES_LOCK)
    days = sorted(db.session.execute(sa.select(ReplayView.day).where(ReplayView.lecture_id == lecture_id)
                                     .distinct()).scalars())
    if not days:
        return
    programmes = set(db.session.execute(sa.select(ReplayDay.programme_id).where(in_values(ReplayDay.day, days))
                                        .distinct()).scalars())
    programmes |= set(db.session.execute(sa.select(Lecture.programme_id).where(Lecture.id == lecture_id)).scalars())
    refresh((programme_id, day) for programme_id in programmes for day in days)
