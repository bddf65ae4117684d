#!/usr/bin/env python3
"""Times the report queries (the pages' reads) on PostgreSQL at the benchmark's scale, filled quickly with
INSERT ... SELECT generate_series into its own database (not through compaction: bench/reports.py does the real
thing; this one is for tuning the queries). Prints each page's p95 over a few runs, then ``name: value`` pairs.

    .venv/bin/python bench/reports_queries.py [--participants 100000 --lectures 1000 --views 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import psycopg
import sqlalchemy as sa

from lecturehall.app import create_app
from lecturehall.core.db import db
from lecturehall.modules.reports import queries, queries_countries, queries_lectures, queries_participants, tables
from lecturehall.modules.reports.scope import Filters, Scope

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "lh_reports_queries_bench"  # not bench/reports.py's database


def fill(connection, participants: int, lectures: int, views: int) -> None:
    raw = connection.connection.driver_connection

    def run(sql: str) -> None:
        raw.execute(sql)  # no parameters: the SQL goes as written (its % are operators)
    run("INSERT INTO programmes (id, name, description, original_language, created_at, updated_at) "
        "SELECT n, 'Programme ' || n, '', 'en', now(), now() FROM generate_series(1, 10) n")
    run("INSERT INTO users (id, email, full_name, country, organisation, sector, language, timezone, role, active, "
        "created_by_admin, created_at, updated_at, session_nonce) SELECT n, 'p' || n || '@example.org', "
        "'Participant ' || n, (ARRAY['CN','KE','CL','PE','MX','AR','BR','EG','NG','VN','TH','ID','PK','KZ','UZ',"
        "'RU','FR','ES','MA','TN','SN','GH','ET','TZ','UG','ZA','BD','LK','NP','MN','KH','LA','MM','PH','MY','IR',"
        "'IQ','JO','LB','SA','AE','OM','QA','KW','BH','YE','SD','DZ','LY','CM','CI','ML','BF','NE','TD','GA','CG',"
        "'CD','AO','MZ'])[1 + n % 60], 'Agency ' || (n % 500), (ARRAY['government','enterprise','academia',"
        "'international_organisation','other'])[1 + n % 5], 'en', 'UTC', 'participant', true, false, now(), now(), "
        f"'nonce' || n FROM generate_series(1, {participants}) n")
    run("INSERT INTO lectures (id, programme_id, original_language, title, summary, description, lecture_language, "
        "starts_at, timezone, duration_minutes, visibility, replay_visibility, status, uid, sequence, created_at, "
        "updated_at) SELECT n, 1 + n % 10, 'en', 'Lecture ' || n, '', '', 'en', "
        "timestamptz '2026-01-01 10:00+00' + (n * interval '8 hours'), 'UTC', 60, 'public', 'public', 'ended', "
        f"'uid-' || n, 0, now(), now() FROM generate_series(1, {lectures}) n")
    per_lecture = max(1, participants * 6 // lectures)
    run("INSERT INTO registrations (lecture_id, user_id, status, requested_at, registered_at) "
        f"SELECT l, 1 + (l * 7919 + k) % {participants}, CASE WHEN k % 20 = 0 THEN 'waitlisted' ELSE 'registered' "
        f"END, now(), now() FROM generate_series(1, {lectures}) l, generate_series(1, {per_lecture}) k "
        "ON CONFLICT DO NOTHING")
    run("INSERT INTO attendances (lecture_id, user_id, first_seen_at, last_seen_at, seconds_present, intervals, "
        "device, devices, audio_only_used, interpretation_language, attended, declared_country, network_country) "
        "SELECT r.lecture_id, r.user_id, l.starts_at, l.starts_at + interval '40 minutes', (r.user_id * 37) % 3600, "
        "'[]', 'desktop', 'desktop', r.user_id % 9 = 0, CASE WHEN r.user_id % 7 = 0 THEN 'fr' END, "
        "(r.user_id * 37) % 3600 >= 1800, u.country, CASE WHEN r.user_id % 10 = 0 THEN 'US' ELSE u.country END "
        "FROM registrations r JOIN lectures l ON l.id = r.lecture_id JOIN users u ON u.id = r.user_id "
        "WHERE r.user_id % 3 <> 0")
    run("INSERT INTO replay_views (lecture_id, user_id, day, ranges, seconds_watched, counted, declared_country, "
        f"network_country) SELECT 1 + n % {lectures}, 1 + (n::bigint * 104729) % {participants}, date '2026-01-01' + "
        f"(n % 400), '[]', (n % 1800)::float, n % 1800 >= 30, NULL, NULL FROM generate_series(1, {views}) n "
        "ON CONFLICT DO NOTHING")
    run("UPDATE replay_views v SET declared_country = u.country, network_country = u.country FROM users u "
        "WHERE u.id = v.user_id")
    run("INSERT INTO replay_watches (lecture_id, user_id, ranges, seconds_watched, furthest, duration, completion, "
        "position, speed, first_watched_at, last_watched_at, declared_country, network_country) "
        "SELECT lecture_id, user_id, '[]', sum(seconds_watched), 0, 3600, least(100, sum(seconds_watched) / 36), 0, 1, "
        "min(day)::timestamptz, max(day)::timestamptz, min(declared_country), min(network_country) "
        "FROM replay_views GROUP BY lecture_id, user_id")
    run("ANALYZE")


def timed(function, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
        db.session.rollback()
    samples.sort()
    return samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--lectures", type=int, default=1000)
    parser.add_argument("--views", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        server.execute(f"CREATE DATABASE {DATABASE}")
    app = create_app({"DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}",
                      "SECRET_KEY": "bench", "EMBEDDED_SCHEDULER": False})
    with app.app_context(), app.test_request_context():
        db.create_all()
        started = time.perf_counter()
        with db.engine.begin() as connection:
            fill(connection, args.participants, args.lectures, args.views)
        print(f"filled in {time.perf_counter() - started:.1f} s")
        year = Filters(date(2026, 1, 1), date(2026, 12, 31))
        month = Filters(date(2026, 5, 1), date(2026, 5, 31))
        chile = Scope(country="CL")
        pages = {
            "dashboard_year": lambda: (queries.figures(year, Scope()), queries.figures(year.previous(), Scope()),
                                       queries.trend(year, Scope())),
            "dashboard_month": lambda: (queries.figures(month, Scope()), queries.figures(month.previous(), Scope()),
                                        queries.trend(month, Scope())),
            "dashboard_year_coordinator": lambda: (queries.figures(year, chile), queries.trend(year, chile)),
            "countries_year": lambda: queries_countries.by_country(year, Scope()),
            "lectures_year": lambda: queries_lectures.by_lecture(year, Scope()),
            "lecture_one": lambda: (queries_lectures.by_lecture(year, Scope(), [500]),
                                    queries_countries.by_country(year, Scope(), lecture_id=500),
                                    queries_lectures.attendees(500, year, Scope(), 50)),
            "participants_year": lambda: (queries_participants.participants(year, Scope(), "", 50),
                                          queries_participants.by_sector(year, Scope()),
                                          queries_participants.by_organisation(year, Scope())),
            "participants_search": lambda: queries_participants.participants(year, Scope(), "participant 4242", 50),
            "export_participants_csv_rows": lambda: sum(1 for _ in tables.participants_stream(year, Scope(), "").rows),
        }
        results = {name: timed(function, args.runs) for name, function in pages.items()}
        for name, seconds in results.items():
            print(f"{name}: {seconds:.3f}")
        print(f"report_p95_s: {max(results.values()):.3f}")


if __name__ == "__main__":
    main()
