"""The programme dashboard: every headline figure for a period, the same for the period before it, and each figure's
trend over the period (by day, week or month), all computed set-based in the database."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence.models import Attendance, ReplayView
from lecturehall.modules.registrations.models import Registration
from lecturehall.modules.reports import base, reach, replays
from lecturehall.modules.reports.scope import Filters, Scope


@dataclass
class Figures:
    registered: int = 0  # people registered for at least one lecture of the period
    registrations: int = 0
    attended_registrations: int = 0  # registrations whose person attended by the programme's rule
    live_participants: int = 0
    countries: int = 0  # countries reached, live or replay
    live_seconds: float = 0.0
    replay_views: int = 0
    replay_seconds: float = 0.0
    reached: int = 0  # people reached live or by replay
    new: int = 0  # reached for the first time in the period
    audio_only: int = 0  # live participants who listened audio-only at some point
    interpretation: int = 0  # live participants who listened to an interpretation

    @property
    def returning(self) -> int:
        return self.reached - self.new

    @property
    def attendance_rate(self) -> float | None:
        return self.attended_registrations / self.registrations if self.registrations else None

    @property
    def live_hours(self) -> float:
        return self.live_seconds / 3600

    @property
    def replay_hours(self) -> float:
        return self.replay_seconds / 3600

    @property
    def audio_only_share(self) -> float | None:
        return self.audio_only / self.live_participants if self.live_participants else None

    @property
    def interpretation_share(self) -> float | None:
        return self.interpretation / self.live_participants if self.live_participants else None


# The dashboard's figures, in the order of its cards (name -> attribute of Figures).
FIGURES = ("registered", "live_participants", "countries", "attendance_rate", "live_hours", "replay_views",
           "replay_hours", "reached", "new", "returning", "audio_only_share", "interpretation_share")


def figures(filters: Filters, scope: Scope) -> Figures:
    result = _figures_but_new(filters, scope)
    result.new = first_activity(filters, scope, [filters.date_from, filters.date_to + timedelta(days=1)]).get(0, 0)
    return result


def _figures_but_new(filters: Filters, scope: Scope, replay: tuple[int, float] | None = None,
                     people: tuple[int, int] | None = None) -> Figures:
    """Every figure but ``new``; ``replay`` (views, seconds) when already known (the trend's buckets add up to
    them), and ``people`` (people and countries reached) when the trend's pass counted them too."""
    result = Figures()
    registered = base.execute(base.registrations(
        filters, scope, sa.func.count(sa.distinct(Registration.user_id)), sa.func.count(),
        sa.func.count(base.when(Attendance.attended.is_(True), 1)))).one()
    result.registered, result.registrations, result.attended_registrations = registered
    live = base.execute(base.attendances(
        filters, scope, base.distinct_people(Attendance.user_id, Attendance.browser_id),
        sa.func.coalesce(sa.func.sum(Attendance.seconds_present), 0),
        base.distinct_people(base.when(Attendance.audio_only_used.is_(True), Attendance.user_id),
                             base.when(Attendance.audio_only_used.is_(True), Attendance.browser_id)),
        base.distinct_people(base.when(Attendance.interpretation_language.is_not(None), Attendance.user_id),
                             base.when(Attendance.interpretation_language.is_not(None), Attendance.browser_id)),
    )).one()
    result.live_participants, result.live_seconds, result.audio_only, result.interpretation = live
    result.live_seconds = float(result.live_seconds)
    if replay is None:
        replay = replays.totals(filters, scope)
    # seconds to the millisecond they are kept to, however the database added them up
    result.replay_views, result.replay_seconds = replay[0], round(float(replay[1]), 3)
    result.reached, result.countries = people if people is not None else reached(filters, scope).get(None, (0, 0))
    return result


@dataclass
class Dashboard:
    current: Figures
    previous: Figures  # the period of the same length just before
    trend: Trend


def dashboard(filters: Filters, scope: Scope) -> Dashboard:
    """``figures`` of the period and of the one before, and the period's ``trend``, sharing their costliest query
    (when each person was first reached: asked once, with the period before as one more bucket)."""
    before = filters.previous()
    result, new_before, replay, people = _trend(filters, scope, before=before)
    current, previous = _figures_but_new(filters, scope, replay, people), _figures_but_new(before, scope)
    current.new, previous.new = sum(result.series["new"]), new_before
    return Dashboard(current, previous, result)


def _activity(filters: Filters, scope: Scope, live_bucket=None, replay_bucket=None) -> sa.Subquery:
    """Who watched live (a lecture of the period) or a replay (a counted view on a day of the period): a row per
    attendance or view, with the person, the country they count under and, when asked, the bucket of the period."""
    live_country = base.country_column(Attendance.declared_country, Attendance.network_country, filters)
    replay_country = base.country_column(ReplayView.declared_country, ReplayView.network_country, filters)
    live_columns = [*base.person(Attendance.user_id, Attendance.browser_id), live_country.label("country")]
    replay_columns = [*base.person(ReplayView.user_id, ReplayView.browser_id), replay_country.label("country")]
    if live_bucket is not None:
        live_columns.append(live_bucket.label("bucket"))
        replay_columns.append(replay_bucket.label("bucket"))
    return sa.union_all(base.attendances(filters, scope, *live_columns),
                        base.replay_views(filters, scope, *replay_columns).where(ReplayView.counted.is_(True))
                        ).subquery()


def reached(filters: Filters, scope: Scope, day_edges: list[date] | None = None) -> dict:
    """People and countries reached, live or by replay: {bucket: (people, countries)} by the buckets of
    ``day_edges`` (as base.bucket's), or {None: (...)} without. From the reach summary when it holds the scope's
    partition (reach.py: with edges, the whole span comes under None from the same pass); else grouped rather than
    counted DISTINCT: the database hashes groups, where COUNT(DISTINCT) sorts every row (a million replay views at
    the benchmark's size)."""
    if reach.applies(filters, scope):
        return reach.reached(filters, scope, day_edges)
    live_bucket = replay_bucket = None
    if day_edges is not None:
        live_bucket = base.bucket(Lecture.starts_at, _instants(day_edges))
        replay_bucket = base.bucket(ReplayView.day, day_edges)
    activity = _activity(filters, scope, live_bucket, replay_bucket)
    bucketed = live_bucket is not None
    keys = [activity.c.bucket] if bucketed else []
    people = (sa.select(*keys, activity.c.user_id, activity.c.browser_id)
              .group_by(*keys, activity.c.user_id, activity.c.browser_id).subquery())
    countries = (sa.select(*keys, activity.c.country).where(activity.c.country.is_not(None))
                 .group_by(*keys, activity.c.country).subquery())
    found: dict = {}
    for position, table in enumerate((people, countries)):
        group = [table.c.bucket] if bucketed else []
        for row in base.execute(sa.select(*group, sa.func.count()).select_from(table).group_by(*group)):
            counts = found.setdefault(int(row[0]) if bucketed else None, [0, 0])
            counts[position] = row[-1]
    return {key: (people_count, countries_count) for key, (people_count, countries_count) in found.items()}


def _instants(days: list[date]) -> list[datetime]:
    return [datetime.combine(day, time(), tzinfo=timezone.utc) for day in days]


def first_activity(filters: Filters, scope: Scope, day_edges: list[date]) -> dict[int, int]:
    """How many people were first reached (ever, within the scope) in each bucket of ``day_edges``: bucket index
    -> people (from the reach summary when it holds the scope's partition)."""
    if reach.applies(filters, scope):
        return reach.first_reached(filters, scope, day_edges)
    live = base.attendances(filters, scope, *base.person(Attendance.user_id, Attendance.browser_id),
                            base.bucket(Lecture.starts_at, _instants(day_edges)).label("bucket"), in_period=False)
    replay = base.replay_views(filters, scope, *base.person(ReplayView.user_id, ReplayView.browser_id),
                               base.bucket(ReplayView.day, day_edges).label("bucket"), in_period=False
                               ).where(ReplayView.counted.is_(True))
    activity = sa.union_all(live, replay).subquery()
    firsts = (sa.select(sa.func.min(activity.c.bucket).label("first"))
              .group_by(activity.c.user_id, activity.c.browser_id).subquery())
    rows = base.execute(sa.select(firsts.c.first, sa.func.count()).group_by(firsts.c.first)).all()
    return {int(first): count for first, count in rows}


@dataclass
class Trend:
    granularity: str  # "day", "week" or "month"
    starts: list[date]  # each bucket's first day
    series: dict[str, list] = field(default_factory=dict)  # figure name -> one value per bucket


def buckets(filters: Filters) -> tuple[str, list[date]]:
    """Days up to a month, weeks (from the period's first day) up to half a year, calendar months beyond."""
    if filters.days <= 31:
        return "day", [filters.date_from + timedelta(days=n) for n in range(filters.days)]
    if filters.days <= 183:
        return "week", [filters.date_from + timedelta(days=7 * n) for n in range((filters.days + 6) // 7)]
    starts, current = [filters.date_from], filters.date_from.replace(day=1)
    while True:
        current = (current + timedelta(days=32)).replace(day=1)
        if current > filters.date_to:
            return "month", starts
        starts.append(current)


def trend(filters: Filters, scope: Scope) -> Trend:
    return _trend(filters, scope)[0]


def _trend(filters: Filters, scope: Scope, before: Filters | None = None
           ) -> tuple[Trend, int, tuple[int, float], tuple[int, int] | None]:
    """The trend; with ``before`` (the period just before) how many people were first reached in that; the
    period's replay views and seconds (its buckets add up to the whole period); and the people and countries
    reached in the whole period when the pass over the buckets counted them (from the reach summary), else None."""
    granularity, starts = buckets(filters)
    day_edges = starts + [filters.date_to + timedelta(days=1)]
    edges = _instants(day_edges)
    size = len(starts)
    rows = {name: [0] * size for name in ("registered", "registrations", "attended_registrations",
                                          "live_participants", "live_seconds", "audio_only", "interpretation",
                                          "replay_views", "replay_seconds", "reached", "countries", "new")}

    def fill(query, names):
        for row in base.execute(query):
            index = int(row[0])
            if 0 <= index < size:
                for name, value in zip(names, row[1:]):
                    rows[name][index] = value or 0

    lecture_bucket = base.bucket(Lecture.starts_at, edges)
    fill(base.registrations(filters, scope, lecture_bucket, sa.func.count(sa.distinct(Registration.user_id)),
                            sa.func.count(), sa.func.count(base.when(Attendance.attended.is_(True), 1)))
         .group_by(lecture_bucket), ("registered", "registrations", "attended_registrations"))
    fill(base.attendances(
        filters, scope, lecture_bucket, base.distinct_people(Attendance.user_id, Attendance.browser_id),
        sa.func.sum(Attendance.seconds_present),
        base.distinct_people(base.when(Attendance.audio_only_used.is_(True), Attendance.user_id),
                             base.when(Attendance.audio_only_used.is_(True), Attendance.browser_id)),
        base.distinct_people(base.when(Attendance.interpretation_language.is_not(None), Attendance.user_id),
                             base.when(Attendance.interpretation_language.is_not(None), Attendance.browser_id)),
    ).group_by(lecture_bucket), ("live_participants", "live_seconds", "audio_only", "interpretation"))
    # By day (from the replay summary), then into buckets here: sums add up
    for day, views, seconds in replays.by_day(filters, scope):
        index = bisect.bisect_right(day_edges, day) - 1
        if 0 <= index < size:
            rows["replay_views"][index] += views
            rows["replay_seconds"][index] += seconds
    # seconds to the millisecond they are kept to, however they were added up
    rows["replay_seconds"] = [round(seconds, 3) for seconds in rows["replay_seconds"]]
    reach_rows = reached(filters, scope, day_edges)
    for index, (people, countries) in reach_rows.items():
        if index is not None and 0 <= index < size:
            rows["reached"][index], rows["countries"][index] = people, countries
    # First reached: with the period before as one more bucket in front when it is asked for.
    extra = [before.date_from] if before is not None else []
    first_day_edges = extra + day_edges
    firsts = first_activity(filters, scope, first_day_edges)
    for index, count in firsts.items():
        index -= len(extra)
        if 0 <= index < size:
            rows["new"][index] = count
    new_before = firsts.get(0, 0) if before is not None else 0
    series = {}
    for index in range(size):
        figures_of_bucket = Figures(**{name: values[index] for name, values in rows.items()})
        for name in FIGURES:
            series.setdefault(name, []).append(getattr(figures_of_bucket, name))
    replay = (sum(rows["replay_views"]), sum(rows["replay_seconds"]))
    return Trend(granularity, starts, series), new_before, replay, reach_rows.get(None)

