"""The floor of the reports benchmark: hand-written PostgreSQL computing what each report page and export shows,
by the reports module's definitions (lecturehall/modules/reports: a lecture counts unless draft or cancelled and
belongs to the period by its start; registrations are those with a place, each with the same person's attendance;
replay views belong to the period by the day watched; a person is a user or an anonymous browser), for an admin,
every programme, countries as declared.

Each entry is the list of statements a page needs, run one after the other; the benchmark times them together.
Parameters: :start/:end (the period as instants, end exclusive), :day_from/:day_to (as days, inclusive),
:prev_start/:prev_end/:prev_day_from/:prev_day_to (the period before), :lecture (the lecture page's lecture).
"""

from __future__ import annotations

COUNTED = "l.status NOT IN ('draft', 'cancelled')"


def _figures(start: str, end: str, day_from: str, day_to: str) -> list[str]:
    """The dashboard's headline figures for one period."""
    in_period = f"{COUNTED} AND l.starts_at >= :{start} AND l.starts_at < :{end}"
    days = f"v.day >= :{day_from} AND v.day <= :{day_to}"
    return [
        f"""SELECT count(DISTINCT r.user_id), count(*), count(*) FILTER (WHERE a.attended)
            FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
            LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
            WHERE r.status = 'registered' AND {in_period}""",
        f"""SELECT count(DISTINCT a.user_id) + count(DISTINCT a.browser_id), coalesce(sum(a.seconds_present), 0),
                   count(DISTINCT a.user_id) FILTER (WHERE a.audio_only_used)
                     + count(DISTINCT a.browser_id) FILTER (WHERE a.audio_only_used),
                   count(DISTINCT a.user_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
                     + count(DISTINCT a.browser_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
            FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {in_period}""",
        f"""SELECT count(*) FILTER (WHERE v.counted), coalesce(sum(v.seconds_watched), 0)
            FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND {days}""",
        f"""SELECT count(DISTINCT x.user_id) + count(DISTINCT x.browser_id), count(DISTINCT x.country) FROM (
              SELECT a.user_id, a.browser_id, a.declared_country AS country
              FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {in_period}
              UNION
              SELECT v.user_id, v.browser_id, v.declared_country
              FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND v.counted AND {days}) x""",
        # New: people whose first activity ever (a lecture joined live, by its start; a counted view, by its day)
        # falls in the period.
        f"""SELECT count(*) FROM (
              SELECT min(t) AS first FROM (
                SELECT a.user_id, a.browser_id, l.starts_at AS t
                FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {COUNTED}
                UNION ALL
                SELECT v.user_id, v.browser_id, v.day::timestamp AT TIME ZONE 'UTC'
                FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND v.counted) activity
              GROUP BY user_id, browser_id) firsts
            WHERE first >= :{start} AND first < :{end}""",
    ]


IN_PERIOD = f"{COUNTED} AND l.starts_at >= :start AND l.starts_at < :end"
DAYS = "v.day >= :day_from AND v.day <= :day_to"

# The figures month by month (a year's trend charts; the first month starts on the period's first day).
TREND = [
    f"""SELECT date_trunc('month', l.starts_at AT TIME ZONE 'UTC'), count(DISTINCT r.user_id), count(*),
               count(*) FILTER (WHERE a.attended)
        FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
        LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
        WHERE r.status = 'registered' AND {IN_PERIOD} GROUP BY 1""",
    f"""SELECT date_trunc('month', l.starts_at AT TIME ZONE 'UTC'),
               count(DISTINCT a.user_id) + count(DISTINCT a.browser_id), sum(a.seconds_present),
               count(DISTINCT a.user_id) FILTER (WHERE a.audio_only_used)
                 + count(DISTINCT a.browser_id) FILTER (WHERE a.audio_only_used),
               count(DISTINCT a.user_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
                 + count(DISTINCT a.browser_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
        FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD} GROUP BY 1""",
    f"""SELECT date_trunc('month', v.day), count(*) FILTER (WHERE v.counted), sum(v.seconds_watched)
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND {DAYS} GROUP BY 1""",
    f"""SELECT bucket, count(DISTINCT user_id) + count(DISTINCT browser_id), count(DISTINCT country) FROM (
          SELECT a.user_id, a.browser_id, a.declared_country AS country,
                 date_trunc('month', l.starts_at AT TIME ZONE 'UTC') AS bucket
          FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD}
          UNION
          SELECT v.user_id, v.browser_id, v.declared_country, date_trunc('month', v.day)
          FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND v.counted AND {DAYS}) x
        GROUP BY bucket""",
    f"""SELECT date_trunc('month', first AT TIME ZONE 'UTC'), count(*) FROM (
          SELECT min(t) AS first FROM (
            SELECT a.user_id, a.browser_id, l.starts_at AS t
            FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {COUNTED}
            UNION ALL
            SELECT v.user_id, v.browser_id, v.day::timestamp AT TIME ZONE 'UTC'
            FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND v.counted) activity
          GROUP BY user_id, browser_id) firsts
        WHERE first >= :start AND first < :end GROUP BY 1""",
]

DASHBOARD = _figures("start", "end", "day_from", "day_to") + \
    _figures("prev_start", "prev_end", "prev_day_from", "prev_day_to") + TREND


def _countries(lecture: str, days: str, people_filter: str) -> list[str]:
    """By country: registrations (the profile's country), live attendees, replay views and watch time, people
    reached and those whose two countries differ, and the totals."""
    people = f"""SELECT a.user_id, a.browser_id, a.declared_country AS declared, a.network_country AS network
                 FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {lecture}
                 UNION
                 SELECT v.user_id, v.browser_id, v.declared_country, v.network_country
                 FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
                 WHERE {people_filter} AND v.counted AND {days}"""
    differ = "declared IS NOT NULL AND network IS NOT NULL AND declared <> network"
    return [
        f"""SELECT u.country, count(DISTINCT r.user_id), count(*), count(*) FILTER (WHERE a.attended)
            FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
            LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
            WHERE r.status = 'registered' AND {lecture} GROUP BY u.country""",
        f"""SELECT a.declared_country, count(DISTINCT a.user_id) + count(DISTINCT a.browser_id)
            FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {lecture} GROUP BY 1""",
        f"""SELECT v.declared_country, count(*) FILTER (WHERE v.counted), sum(v.seconds_watched)
            FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {people_filter} AND {days}
            GROUP BY 1""",
        f"""SELECT declared, count(DISTINCT user_id) + count(DISTINCT browser_id),
                   count(DISTINCT user_id) FILTER (WHERE {differ}) + count(DISTINCT browser_id) FILTER (WHERE {differ})
            FROM ({people}) p GROUP BY declared""",
        f"""SELECT count(DISTINCT user_id) + count(DISTINCT browser_id),
                   count(DISTINCT user_id) FILTER (WHERE declared IS NOT NULL AND network IS NOT NULL)
                     + count(DISTINCT browser_id) FILTER (WHERE declared IS NOT NULL AND network IS NOT NULL),
                   count(DISTINCT user_id) FILTER (WHERE {differ}) + count(DISTINCT browser_id) FILTER (WHERE {differ})
            FROM ({people}) p""",
    ]


COUNTRIES = _countries(IN_PERIOD, DAYS, COUNTED)


def _lectures(lecture: str) -> list[str]:
    """By lecture: registered (and attended), waiting list, live attendees and their time, counted views (any
    day), watchers of the replay and their completion."""
    return [
        f"""SELECT l.id, l.title, l.starts_at, l.programme_id FROM lectures l WHERE {lecture}
            ORDER BY l.starts_at DESC, l.id""",
        f"""SELECT r.lecture_id, r.status, count(*), count(*) FILTER (WHERE a.attended)
            FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
            LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
            WHERE r.status IN ('registered', 'waitlisted') AND {lecture} GROUP BY 1, 2""",
        f"""SELECT a.lecture_id, count(DISTINCT a.user_id) + count(DISTINCT a.browser_id), sum(a.seconds_present)
            FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {lecture} GROUP BY 1""",
        f"""SELECT v.lecture_id, count(*) FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
            WHERE {lecture} AND v.counted GROUP BY 1""",
        f"""SELECT w.lecture_id, count(*), sum(w.completion) FROM replay_watches w JOIN lectures l ON l.id = w.lecture_id
            WHERE {lecture} GROUP BY 1""",
    ]


LECTURES = _lectures(IN_PERIOD)

ONE_LECTURE = f"{COUNTED} AND l.id = :lecture"
ATTENDEES = """SELECT a.user_id, u.full_name, u.email, u.deleted_at, a.declared_country, a.network_country,
                      a.seconds_present, a.attended, a.devices, a.audio_only_used, a.interpretation_language,
                      a.first_seen_at
               FROM attendances a JOIN lectures l ON l.id = a.lecture_id LEFT JOIN users u ON u.id = a.user_id
               WHERE a.lecture_id = :lecture ORDER BY a.seconds_present DESC, a.id"""
LECTURE = _lectures(ONE_LECTURE) + [
    "SELECT minute, viewers FROM live_concurrency WHERE lecture_id = :lecture ORDER BY minute",
] + _countries(ONE_LECTURE, "true", ONE_LECTURE) + [
    "SELECT count(*) FROM attendances WHERE lecture_id = :lecture",
    ATTENDEES + " LIMIT 50",
]

# Everyone registered, joined live or with a counted view in the period, with their figures.
PEOPLE = f"""
    registered AS (
      SELECT r.user_id, count(*) AS registered
      FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
      WHERE r.status = 'registered' AND {IN_PERIOD} GROUP BY r.user_id),
    live AS (
      SELECT a.user_id, count(*) FILTER (WHERE a.attended) AS attended, sum(a.seconds_present) AS seconds
      FROM attendances a JOIN lectures l ON l.id = a.lecture_id
      WHERE {IN_PERIOD} AND a.user_id IS NOT NULL GROUP BY a.user_id),
    replays AS (
      SELECT v.user_id, count(DISTINCT v.lecture_id) AS replays
      FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
      WHERE {COUNTED} AND {DAYS} AND v.counted AND v.user_id IS NOT NULL GROUP BY v.user_id),
    watched AS (
      SELECT w.user_id, avg(w.completion) AS completion FROM replay_watches w JOIN lectures l ON l.id = w.lecture_id
      WHERE {COUNTED} AND w.user_id IS NOT NULL AND w.last_watched_at >= :start AND w.first_watched_at < :end
      GROUP BY w.user_id),
    people AS (SELECT user_id FROM registered UNION SELECT user_id FROM live UNION SELECT user_id FROM replays)"""
PARTICIPANT_ROWS = f"""
    WITH {PEOPLE}
    SELECT u.id, u.full_name, u.email, u.deleted_at, u.country, u.organisation, u.sector,
           coalesce(registered.registered, 0), coalesce(live.attended, 0), coalesce(live.seconds, 0),
           coalesce(replays.replays, 0), watched.completion
    FROM people JOIN users u ON u.id = people.user_id
    LEFT JOIN registered ON registered.user_id = people.user_id LEFT JOIN live ON live.user_id = people.user_id
    LEFT JOIN replays ON replays.user_id = people.user_id LEFT JOIN watched ON watched.user_id = people.user_id
    ORDER BY u.deleted_at IS NOT NULL, lower(u.full_name), u.id"""
PARTICIPANTS = [
    f"WITH {PEOPLE} SELECT count(*) FROM people JOIN users u ON u.id = people.user_id",
    PARTICIPANT_ROWS + " LIMIT 50",
    f"""WITH {PEOPLE}
        SELECT u.sector, count(*), count(registered.user_id), count(*) FILTER (WHERE live.attended > 0)
        FROM people JOIN users u ON u.id = people.user_id LEFT JOIN registered ON registered.user_id = people.user_id
        LEFT JOIN live ON live.user_id = people.user_id GROUP BY u.sector""",
    f"""WITH {PEOPLE}
        SELECT nullif(trim(u.organisation), '') AS organisation, count(*)
        FROM people JOIN users u ON u.id = people.user_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 25""",
]

# The floor of each page (name -> statements).
PAGES = {
    "dashboard": DASHBOARD,
    "countries": COUNTRIES,
    "lectures": LECTURES,
    "lecture": LECTURE,
    "participants": PARTICIPANTS,
}
# The floor of each export: every row of its table, fetched (the last statement gives the rows).
EXPORTS = {
    "countries.csv": COUNTRIES,
    "lectures.csv": LECTURES,
    "attendees.csv": [ATTENDEES],
    "participants.csv": [PARTICIPANT_ROWS],
    "participants.xlsx": [PARTICIPANT_ROWS],
}
