"""The floor of the reports benchmark: hand-written PostgreSQL computing the figures of each report page and export
(the same definitions as lecturehall/modules/reports: lectures counted by their start in the period, cancelled and
draft lectures left out, registrations with a place, replays by the day watched, a person being a user or an
anonymous browser), for an admin over a period, every programme, countries as declared.

Each entry is a list of statements run one after the other, as a page would; the benchmark times them all."""

from __future__ import annotations

COUNTED = "l.status NOT IN ('draft', 'cancelled')"
IN_PERIOD = f"{COUNTED} AND l.starts_at >= :start AND l.starts_at < :end"

# One period's headline figures (run for the period and for the one before it).
FIGURES = [
    f"""SELECT count(DISTINCT r.user_id), count(*), count(*) FILTER (WHERE a.attended)
        FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
        LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
        WHERE r.status = 'registered' AND {IN_PERIOD}""",
    f"""SELECT count(DISTINCT a.user_id) + count(DISTINCT a.browser_id), coalesce(sum(a.seconds_present), 0),
               count(DISTINCT a.user_id) FILTER (WHERE a.audio_only_used)
                 + count(DISTINCT a.browser_id) FILTER (WHERE a.audio_only_used),
               count(DISTINCT a.user_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
                 + count(DISTINCT a.browser_id) FILTER (WHERE a.interpretation_language IS NOT NULL)
        FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD}""",
    f"""SELECT count(*) FILTER (WHERE v.counted), coalesce(sum(v.seconds_watched), 0)
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
        WHERE {COUNTED} AND v.day >= :day_from AND v.day <= :day_to""",
    f"""SELECT count(DISTINCT x.user_id) + count(DISTINCT x.browser_id), count(DISTINCT x.country) FROM (
          SELECT a.user_id, a.browser_id, a.declared_country AS country
          FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD}
          UNION
          SELECT v.user_id, v.browser_id, v.declared_country
          FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
          WHERE {COUNTED} AND v.counted AND v.day >= :day_from AND v.day <= :day_to) x""",
    f"""SELECT count(*) FROM (
          SELECT min(t) AS first FROM (
            SELECT a.user_id, a.browser_id, l.starts_at AS t
            FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {COUNTED}
            UNION ALL
            SELECT v.user_id, v.browser_id, v.day::timestamptz
            FROM replay_views v JOIN lectures l ON l.id = v.lecture_id WHERE {COUNTED} AND v.counted) activity
          GROUP BY user_id, browser_id) firsts
        WHERE first >= :start AND first < :end""",
]

# The figures month by month over the period (the dashboard's trend charts).
TREND = [
    f"""SELECT date_trunc('month', l.starts_at), count(DISTINCT r.user_id), count(*),
               count(*) FILTER (WHERE a.attended)
        FROM registrations r JOIN lectures l ON l.id = r.lecture_id
        LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
        WHERE r.status = 'registered' AND {IN_PERIOD} GROUP BY 1""",
    f"""SELECT date_trunc('month', l.starts_at), count(DISTINCT a.user_id) + count(DISTINCT a.browser_id),
               sum(a.seconds_present)
        FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD} GROUP BY 1""",
    f"""SELECT date_trunc('month', v.day), count(*) FILTER (WHERE v.counted), sum(v.seconds_watched),
               count(DISTINCT v.user_id) FILTER (WHERE v.counted) + count(DISTINCT v.browser_id) FILTER (WHERE v.counted)
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
        WHERE {COUNTED} AND v.day >= :day_from AND v.day <= :day_to GROUP BY 1""",
]

COUNTRIES = [
    f"""SELECT u.country, count(DISTINCT r.user_id), count(*), count(*) FILTER (WHERE a.attended)
        FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id
        LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
        WHERE r.status = 'registered' AND {IN_PERIOD} GROUP BY u.country""",
    f"""SELECT a.declared_country, count(DISTINCT a.user_id) + count(DISTINCT a.browser_id), sum(a.seconds_present),
               count(*) FILTER (WHERE a.declared_country IS DISTINCT FROM a.network_country)
        FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD} GROUP BY 1""",
    f"""SELECT v.declared_country, count(*) FILTER (WHERE v.counted), sum(v.seconds_watched)
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
        WHERE {COUNTED} AND v.day >= :day_from AND v.day <= :day_to GROUP BY 1""",
]

LECTURES = [
    f"""SELECT l.id, l.title, l.starts_at,
               count(*) FILTER (WHERE r.status = 'registered'), count(*) FILTER (WHERE r.status = 'waitlisted'),
               count(*) FILTER (WHERE r.status = 'registered' AND a.attended),
               count(*) FILTER (WHERE r.status = 'registered' AND a.id IS NULL)
        FROM lectures l LEFT JOIN registrations r ON r.lecture_id = l.id
        LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
        WHERE {IN_PERIOD} GROUP BY l.id ORDER BY l.starts_at DESC""",
    f"""SELECT a.lecture_id, count(*), avg(a.seconds_present) / 60
        FROM attendances a JOIN lectures l ON l.id = a.lecture_id WHERE {IN_PERIOD} GROUP BY 1""",
    f"""SELECT v.lecture_id, count(*) FILTER (WHERE v.counted)
        FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
        WHERE {IN_PERIOD} AND v.day >= :day_from AND v.day <= :day_to GROUP BY 1""",
    f"""SELECT w.lecture_id, avg(w.completion) FROM replay_watches w JOIN lectures l ON l.id = w.lecture_id
        WHERE {IN_PERIOD} GROUP BY 1""",
]

LECTURE = [
    """SELECT count(*) FILTER (WHERE r.status = 'registered'), count(*) FILTER (WHERE r.status = 'waitlisted'),
              count(*) FILTER (WHERE r.status = 'registered' AND a.attended)
       FROM registrations r LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
       WHERE r.lecture_id = :lecture""",
    """SELECT count(*), avg(seconds_present) FROM attendances WHERE lecture_id = :lecture""",
    """SELECT count(*) FILTER (WHERE counted) FROM replay_views WHERE lecture_id = :lecture""",
    """SELECT avg(completion) FROM replay_watches WHERE lecture_id = :lecture""",
    """SELECT minute, viewers FROM live_concurrency WHERE lecture_id = :lecture ORDER BY minute""",
    """SELECT declared_country, count(*), count(*) FILTER (WHERE attended), sum(seconds_present)
       FROM attendances WHERE lecture_id = :lecture GROUP BY 1""",
    """SELECT u.full_name, u.country, u.organisation, a.seconds_present, a.device, a.audio_only_used,
              a.interpretation_language, a.attended
       FROM attendances a LEFT JOIN users u ON u.id = a.user_id WHERE a.lecture_id = :lecture
       ORDER BY u.full_name NULLS LAST, a.id LIMIT 50""",
]

# Per participant: registered, attended and minutes in the period's lectures, replays watched and completion.
PARTICIPANT_ROWS = f"""
    WITH regs AS (
      SELECT r.user_id, count(*) AS registered, count(*) FILTER (WHERE a.attended) AS attended,
             coalesce(sum(a.seconds_present), 0) AS seconds
      FROM registrations r JOIN lectures l ON l.id = r.lecture_id
      LEFT JOIN attendances a ON a.lecture_id = r.lecture_id AND a.user_id = r.user_id
      WHERE r.status = 'registered' AND {IN_PERIOD} GROUP BY r.user_id),
    replays AS (
      SELECT v.user_id, count(*) FILTER (WHERE v.counted) AS views
      FROM replay_views v JOIN lectures l ON l.id = v.lecture_id
      WHERE {COUNTED} AND v.user_id IS NOT NULL AND v.day >= :day_from AND v.day <= :day_to GROUP BY v.user_id),
    watched AS (
      SELECT w.user_id, avg(w.completion) AS completion FROM replay_watches w JOIN lectures l ON l.id = w.lecture_id
      WHERE {COUNTED} AND w.user_id IS NOT NULL GROUP BY w.user_id)
    SELECT u.id, u.full_name, u.country, u.sector, u.organisation, coalesce(regs.registered, 0),
           coalesce(regs.attended, 0), coalesce(regs.seconds, 0) / 60, coalesce(replays.views, 0), watched.completion
    FROM users u LEFT JOIN regs ON regs.user_id = u.id LEFT JOIN replays ON replays.user_id = u.id
    LEFT JOIN watched ON watched.user_id = u.id
    WHERE u.role = 'participant' AND (regs.user_id IS NOT NULL OR replays.user_id IS NOT NULL)
    ORDER BY u.full_name NULLS LAST, u.id"""

PARTICIPANTS = [PARTICIPANT_ROWS + " LIMIT 50"]

SECTORS = [
    f"""SELECT u.sector, count(DISTINCT u.id) FROM users u
        WHERE u.id IN (SELECT r.user_id FROM registrations r JOIN lectures l ON l.id = r.lecture_id
                       WHERE r.status = 'registered' AND {IN_PERIOD})
        GROUP BY 1""",
    f"""SELECT u.organisation, count(DISTINCT u.id) FROM users u
        WHERE u.id IN (SELECT r.user_id FROM registrations r JOIN lectures l ON l.id = r.lecture_id
                       WHERE r.status = 'registered' AND {IN_PERIOD})
        GROUP BY 1 ORDER BY 2 DESC""",
]

# The floor of each page (name -> statements).
PAGES = {
    "dashboard": FIGURES + FIGURES + TREND,  # the period, the one before (the change), the trend
    "countries": COUNTRIES,
    "lectures": LECTURES,
    "lecture": LECTURE,
    "participants": PARTICIPANTS + SECTORS,
}
# The floor of each export: every row of the table, fetched.
EXPORTS = {
    "countries.csv": COUNTRIES,
    "lectures.csv": LECTURES,
    "participants.csv": [PARTICIPANT_ROWS],
    "participants.xlsx": [PARTICIPANT_ROWS],
}
