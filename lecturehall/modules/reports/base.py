"""The rows every report counts, as SQLAlchemy Core selects with the viewer's scope and filters already applied:
registrations (with the attendance of the same person at the same lecture), live attendance, and replay views.

A participant is a signed-in user (``user_id``) or, for public lectures, an anonymous browser (``browser_id``); the
pair of both columns is the key of a person everywhere, so distinct counts work on both databases. Periods are
counted by the lecture's start for registrations and live attendance, and by the day watched for replays.
"""

from __future__ import annotations

import weakref
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.presence.models import Attendance, ReplayView
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports.scope import Filters, Scope

UNCOUNTED_LECTURES = (LectureStatus.draft, LectureStatus.cancelled)
SUMMARIES_LOCK = 0x4C4852  # "LHR": held while the reach or replay summary is rewritten (core.db.transaction_lock)


def lecture_conditions(filters: Filters, scope: Scope, *, in_period: bool = True) -> list:
    conditions = [Lecture.status.not_in(UNCOUNTED_LECTURES)]
    if in_period:
        conditions += [Lecture.starts_at >= filters.start, Lecture.starts_at < filters.end]
    if filters.programme_id is not None:
        conditions.append(Lecture.programme_id == filters.programme_id)
    if scope.programme_ids is not None:
        conditions.append(Lecture.programme_id.in_(sorted(scope.programme_ids)))
    return conditions


def country_column(declared, network, filters: Filters):
    return network if filters.basis == "network" else declared


def country_conditions(declared, network, filters: Filters, scope: Scope) -> list:
    """A coordinator's own country always applies to the declared country (whose people they answer for); the
    filter's country to the basis the viewer chose."""
    conditions = []
    if scope.country is not None:
        conditions.append(declared == scope.country)
    if filters.country:
        conditions.append(country_column(declared, network, filters) == filters.country)
    return conditions


def registrations(filters: Filters, scope: Scope, *columns, status=RegistrationStatus.registered,
                  in_period: bool = True, with_user: bool = False) -> sa.Select:
    """Registrations for lectures in the period, each with the person's attendance of that lecture (outer joined):
    its network country is the registration's, unknown for someone who never joined. The registrant's User is
    joined when a country condition needs their declared country, or ``with_user`` (columns of User asked).
    ``status``: one status, or a tuple of them."""
    query = sa.select(*columns).select_from(Registration).join(Lecture, Lecture.id == Registration.lecture_id)
    if with_user or scope.country is not None or (filters.country and filters.basis != "network"):
        query = query.join(User, User.id == Registration.user_id)
    return (query.outerjoin(Attendance, sa.and_(Attendance.lecture_id == Registration.lecture_id,
                                                Attendance.user_id == Registration.user_id))
            .where(Registration.status.in_(status) if isinstance(status, tuple) else Registration.status == status,
                   *lecture_conditions(filters, scope, in_period=in_period),
                   *country_conditions(User.country, Attendance.network_country, filters, scope)))


def attendances(filters: Filters, scope: Scope, *columns, in_period: bool = True) -> sa.Select:
    return (sa.select(*columns).select_from(Attendance).join(Lecture, Lecture.id == Attendance.lecture_id)
            .where(*lecture_conditions(filters, scope, in_period=in_period),
                   *country_conditions(Attendance.declared_country, Attendance.network_country, filters, scope)))


def replay_views(filters: Filters, scope: Scope, *columns, in_period: bool = True) -> sa.Select:
    query = (sa.select(*columns).select_from(ReplayView).join(Lecture, Lecture.id == ReplayView.lecture_id)
             .where(*lecture_conditions(filters, scope, in_period=False),
                    *country_conditions(ReplayView.declared_country, ReplayView.network_country, filters, scope)))
    if in_period:
        query = query.where(ReplayView.day >= filters.date_from, ReplayView.day <= filters.date_to)
    return query


def person(user_id, browser_id) -> list:
    """A person as two columns, ``user_id`` and ``browser_id``: the user when signed in, else the browser, so that
    grouping by both counts each person once."""
    return [user_id.label("user_id"), sa.case((user_id.is_(None), browser_id), else_=None).label("browser_id")]


def distinct_people(user_id, browser_id):
    """Distinct signed-in users plus distinct anonymous browsers (COUNT DISTINCT skips the other's NULLs)."""
    return sa.func.count(sa.distinct(user_id)) + sa.func.count(sa.distinct(browser_id))


def when(condition, value):
    return sa.case((condition, value), else_=None)


def bucket(column, edges: list[date] | list[datetime]):
    """The index of the period bucket ``column`` falls in (edges: each bucket's start, then the end); -1 before the
    first, len(edges) - 1 from the end on."""
    whens = [(column < edge, index - 1) for index, edge in enumerate(edges)]
    return sa.case(*whens, else_=len(edges) - 1)


def execute(query, **options):
    """Runs a report query. On PostgreSQL, for the transaction: without JIT compilation (report queries join
    aggregates whose sizes the planner over-estimates by orders of magnitude, and compiling them then takes seconds
    longer than running them, measured with bench/reports_queries.py), with REPORTS_WORK_MEM for each sort and
    hash (the default 4 MB sends the grouping of a million replay views to disk), planned for their own
    parameters every time, and planned to be read to the end (below)."""
    session = db.session()  # the request's Session itself (the scoped proxy has no get_transaction)
    if session.get_bind().dialect.name == "postgresql":
        transaction = session.get_transaction() or session.begin()
        marked = session.info.get("reports_jit_off")
        if marked is None or marked() is not transaction:
            # psycopg prepares a statement run five times on a connection, and PostgreSQL then plans it once for
            # any parameters: a plan that cannot see the period's dates, measured 1.2 s slower on every report page
            # from the sixth request on (bench/reports.py); report queries are planned for their own parameters
            # An export reads its rows through a server-side cursor, which PostgreSQL plans to return its first
            # tenth fast (cursor_tuple_fraction 0.1): for the participants export, a walk of every account in name
            # order with each one's figures looked up one by one: 11 s for each batch of 2,000 rows, where the plan
            # for all rows gives the first batch in 2 s and all 100,000 in 6 s (bench/reports.py's database).
            # Reports read every row they ask for.
            # (One round trip: set_config(..., true) is SET LOCAL.)
            session.execute(sa.text("SELECT set_config('jit', 'off', true), set_config('work_mem', :value, true), "
                                    "set_config('plan_cache_mode', 'force_custom_plan', true), "
                                    "set_config('cursor_tuple_fraction', '1', true)"),
                            {"value": current_app.config["REPORTS_WORK_MEM"]})
            # A weak reference: the session must not keep an ended transaction (and its connection) alive.
            session.info["reports_jit_off"] = weakref.ref(transaction)
    return session.execute(query.execution_options(**options) if options else query)
