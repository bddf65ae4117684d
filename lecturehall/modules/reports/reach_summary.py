"""Keeping the reach summary (models/reach.py) equal to the presence figures it is made from: rebuilt whole, or
person by person when compaction folds new activity, and lecture by lecture when a lecture changes what counts
(its status, programme or start). Flushes only; the caller commits (in compaction's case, with the figures, so a
crash leaves both or neither). Rewrites take base.SUMMARIES_LOCK until the commit: compaction and a lecture's
change may rewrite the same person's rows at once.

A person's rows are always rewritten together: a day added before their others (a late beat) changes the
previous days of the rows after it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from lecturehall.core.db import db, in_values, transaction_lock
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import Attendance, ReplayView
from lecturehall.modules.reports import base
from lecturehall.modules.reports.models.reach import ReachDay, previous_column

Person = tuple[int | None, str | None]  # (user_id, browser_id): the browser only when no user
CHUNK = 500
KEY_COLUMNS = ("user_id", "browser_id", "day", "programme_id", "declared_country", "network_country")


def _utc_day(column):
    if db.engine.dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("UTC", column), sa.Date)
    return sa.func.date(column, type_=sa.Date)  # SQLite keeps UTC instants as 'YYYY-MM-DD HH:MM:SS...'


def _activity(live_where: list, replay_where: list) -> sa.Subquery:
    """Each person's distinct (day, programme, declared, network) from live attendance and counted replay views of
    lectures that count."""
    counted = Lecture.status.not_in(base.UNCOUNTED_LECTURES)
    live = (sa.select(*base.person(Attendance.user_id, Attendance.browser_id), _utc_day(Lecture.starts_at).label("day"),
                      Lecture.programme_id.label("programme_id"),
                      Attendance.declared_country.label("declared_country"),
                      Attendance.network_country.label("network_country"))
            .join(Lecture, Lecture.id == Attendance.lecture_id).where(counted, *live_where))
    replay = (sa.select(*base.person(ReplayView.user_id, ReplayView.browser_id), ReplayView.day.label("day"),
                        Lecture.programme_id.label("programme_id"),
                        ReplayView.declared_country.label("declared_country"),
                        ReplayView.network_country.label("network_country"))
              .join(Lecture, Lecture.id == ReplayView.lecture_id)
              .where(counted, ReplayView.counted.is_(True), *replay_where))
    return sa.union(live, replay).subquery("activity")


def _insert_from(activity: sa.Subquery) -> sa.Insert:
    person = [activity.c.user_id, activity.c.browser_id]
    optional = {"programme": activity.c.programme_id, "declared": activity.c.declared_country,
                "network": activity.c.network_country}
    previous = []
    for programme in (False, True):
        for declared in (False, True):
            for network in (False, True):
                chosen = [column for name, column in optional.items()
                          if {"programme": programme, "declared": declared, "network": network}[name]]
                previous.append(sa.func.lag(activity.c.day).over(partition_by=[*person, *chosen],
                                                                 order_by=activity.c.day)
                                .label(previous_column(programme, declared, network)))
    select = sa.select(*[activity.c[name] for name in KEY_COLUMNS], *previous)
    return sa.insert(ReachDay).from_select([*KEY_COLUMNS, *(column.name for column in previous)], select)


def rebuild() -> int:
    """Everyone's rows, from scratch. Returns how many rows there are."""
    transaction_lock(base.SUMMARIES_LOCK)
    db.session.execute(sa.delete(ReachDay))
    db.session.execute(_insert_from(_activity([], [])))
    db.session.flush()
    return db.session.execute(sa.select(sa.func.count()).select_from(ReachDay)).scalar_one()


def _people_clause(model, users: list[int], browsers: list[str]):
    clauses = []
    if users:
        clauses.append(in_values(model.user_id, users))
    if browsers:
        clauses.append(sa.and_(model.user_id.is_(None), in_values(model.browser_id, browsers)))
    return sa.or_(*clauses)


def _chunks(people: Iterable[Person]):
    people = sorted(set(people), key=lambda person: (person[0] is None, person[0] or 0, person[1] or ""))
    for start in range(0, len(people), CHUNK):
        part = people[start:start + CHUNK]
        yield ([user for user, _browser in part if user is not None],
               [browser for user, browser in part if user is None and browser is not None])


def refresh(people: Iterable[Person]) -> None:
    """Rewrites these people's rows from the presence figures."""
    db.session.flush()
    transaction_lock(base.SUMMARIES_LOCK)
    for users, browsers in _chunks(people):
        if not users and not browsers:
            continue
        db.session.execute(sa.delete(ReachDay).where(_people_clause(ReachDay, users, browsers)))
        db.session.execute(_insert_from(_activity([_people_clause(Attendance, users, browsers)],
                                                  [_people_clause(ReplayView, users, browsers)])))
    db.session.flush()


def sync(people: Iterable[Person]) -> int:
    """Rewrites the rows of those of ``people`` whose days, programmes or countries changed (compaction calls it
    with everyone whose beats it folded: most only added minutes to a day the summary already has). Returns how
    many people were rewritten."""
    db.session.flush()
    changed: set[Person] = set()
    for users, browsers in _chunks(people):
        if not users and not browsers:
            continue
        activity = _activity([_people_clause(Attendance, users, browsers)],
                             [_people_clause(ReplayView, users, browsers)])
        wanted = {tuple(row) for row in db.session.execute(sa.select(*[activity.c[name] for name in KEY_COLUMNS]))}
        held = {tuple(row) for row in db.session.execute(sa.select(*[getattr(ReachDay, name) for name in KEY_COLUMNS])
                                                         .where(_people_clause(ReachDay, users, browsers)))}
        changed |= {(row[0], row[1]) for row in wanted ^ held}
    if changed:
        refresh(changed)
    return len(changed)


def lecture_people(lecture_id: int) -> set[Person]:
    """Everyone with live attendance or a replay view of the lecture."""
    people = set()
    for model in (Attendance, ReplayView):
        people |= {tuple(row) for row in db.session.execute(
            sa.select(*base.person(model.user_id, model.browser_id)).where(model.lecture_id == lecture_id).distinct())}
    return people


def refresh_lecture(lecture_id: int) -> None:
    """After a change to what the lecture's activity counts for (status, programme, start). The lock comes first:
    nobody's activity of the lecture can then be committed unread."""
    db.session.flush()
    transaction_lock(base.SUMMARIES_LOCK)
    refresh(lecture_people(lecture_id))
