"""Reports benchmark: a year of programmes at the benchmark's size on PostgreSQL — 100,000 participants from 60
countries, 1,000 lectures, about 10 million heartbeats' worth of live attendance and 1,000,000 replay views — made
by the demo's generator (lecturehall/modules/demo/scale.py: the presence tables as compaction leaves them), then
each report page and export timed through the app as deployed (gunicorn, over HTTP, signed in as the admin) against
hand-written SQL computing the same figures (bench/reports_floor.py: the floor), and the peak memory of the gunicorn
worker that streams the biggest export.

Usage: .venv/bin/python bench/reports.py [--scale 0.01] [--database URL] [--reuse] [--repeat 15]
The database defaults to $LECTUREHALL_BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/
lh_reports_bench (created when missing, emptied unless --reuse finds a generated one). --scale 0.01 is a quick check.
The last lines are ``name: value`` pairs: seconds at p95 per page and export, then report_p95_s (the worst page),
ratio_vs_sql (the worst p95 page or export time over its floor's), export_peak_mb, generate_s.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import reports_floor  # noqa: E402
from presence import Gunicorn, free_port  # noqa: E402

from lecturehall.app import create_app  # noqa: E402
from lecturehall.core.db import db  # noqa: E402
from lecturehall.modules.demo import scale  # noqa: E402

VENV = ROOT / ".venv" / "bin"
SECRET = "reports-benchmark-secret-not-for-production"
DEFAULT_DATABASE = os.environ.get("LECTUREHALL_BENCH_DATABASE_URL",
                                  "postgresql+psycopg://postgres@127.0.0.1:5432/lh_reports_bench")


def ensure_database(url: str) -> None:
    target = sa.engine.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": target.database}).scalar()
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def environment(database: str, instance: str) -> dict:
    return {**os.environ, "LECTUREHALL_DATABASE_URL": database, "LECTUREHALL_SECRET_KEY": SECRET,
            "LECTUREHALL_INSTANCE_DIR": instance, "LECTUREHALL_EMBEDDED_SCHEDULER": "0",
            "LECTUREHALL_RATELIMIT_ENABLED": "0"}


def generate(database: str, instance: str, factor: float, seed: int, reuse: bool) -> dict:
    """The data (made again unless --reuse finds it), and what the run that made it measured."""
    meta_path = Path(instance) / "reports_bench.json"
    env = environment(database, instance)
    app = create_app({"DATABASE_URL": database, "SECRET_KEY": SECRET, "INSTANCE_DIR": instance})
    if reuse and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta["database"] == database and meta["factor"] == factor and meta["seed"] == seed:
            print(f"reusing the data generated in {meta['generate_s']:.1f} s", flush=True)
            return meta
    with app.app_context():
        metadata = sa.MetaData()
        metadata.reflect(bind=db.engine)
        metadata.drop_all(bind=db.engine)
        db.engine.dispose()
    subprocess.run([str(VENV / "lecturehall"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    size = scale.scaled(scale.SIZES["benchmark"], factor)
    print(f"generating {size.lectures:,} lectures, {size.participants:,} participants from {size.countries} "
          f"countries, {size.replay_views:,} replay views", flush=True)
    with app.app_context():
        started = time.monotonic()
        figures = scale.generate(size, seed=seed, say=lambda text: print(f"  {text}", flush=True))
        db.session.commit()
        generate_s = time.monotonic() - started
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
        db.engine.dispose()
    meta = {"database": database, "factor": factor, "seed": seed, "generate_s": generate_s,
            "counts": dict(figures.counts), "email": figures.credentials.email,
            "password": figures.credentials.password}
    meta_path.write_text(json.dumps(meta))
    print(f"generated in {generate_s:.1f} s: {json.dumps(dict(figures.counts))}", flush=True)
    return meta


class Browser:
    """An HTTP/1.1 keep-alive client with a cookie jar: what a signed-in admin's browser sends."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                sink=None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if sink is None:
            return response.status, response.read()
        size = 0
        while chunk := response.read(256 * 1024):
            size += len(chunk)
        return response.status, str(size).encode()

    def login(self, email: str, password: str) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
        status, _body = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"cannot sign in as the admin ({status})")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def time_floor(engine, statements: list[str], params: dict, repeat: int) -> list[float]:
    samples = []
    with engine.connect() as connection:
        for attempt in range(repeat + 1):
            started = time.monotonic()
            for statement in statements:
                connection.execute(sa.text(statement), params).fetchall()
            if attempt:  # the first run warms the caches, as the page's first request does
                samples.append(time.monotonic() - started)
            connection.rollback()
    return samples


def time_page(browser: Browser, path: str, repeat: int, download: bool = False) -> list[float]:
    samples = []
    for attempt in range(repeat + 1):
        started = time.monotonic()
        status, body = browser.request("GET", path, sink=True if download else None)
        elapsed = time.monotonic() - started
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        if attempt:
            samples.append(elapsed)
    return samples


def worker_peak_mb(gunicorn: Gunicorn) -> float:
    """The highest resident set size of the gunicorn workers so far (VmHWM), in MB."""
    children = subprocess.run(["pgrep", "-P", str(gunicorn.process.pid)], capture_output=True, text=True).stdout
    peaks = []
    for pid in children.split():
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the benchmark's size; 0.01 for a quick check")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the data a previous run generated")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (after one warm-up)")
    parser.add_argument("--instance", default=str(Path(tempfile.gettempdir()) / "lh_reports_bench"))
    args = parser.parse_args()
    Path(args.instance).mkdir(parents=True, exist_ok=True)
    ensure_database(args.database)
    meta = generate(args.database, args.instance, args.scale, args.seed, args.reuse)

    today = datetime.now(timezone.utc).date()
    day_from, day_to = today - timedelta(days=364), today
    params = {"start": datetime.combine(day_from, dtime(), tzinfo=timezone.utc),
              "end": datetime.combine(day_to + timedelta(days=1), dtime(), tzinfo=timezone.utc),
              "day_from": day_from, "day_to": day_to}
    engine = sa.create_engine(args.database)
    with engine.connect() as connection:
        params["lecture"] = connection.execute(sa.text(
            "SELECT lecture_id FROM attendances GROUP BY lecture_id ORDER BY count(*) DESC LIMIT 1")).scalar()
    query = urllib.parse.urlencode({"date_from": day_from.isoformat(), "date_to": day_to.isoformat()})
    pages = {"dashboard": f"/reports/?{query}", "countries": f"/reports/countries?{query}",
             "lectures": f"/reports/lectures?{query}", "lecture": f"/reports/lectures/{params['lecture']}?{query}",
             "participants": f"/reports/participants?{query}"}
    exports = {"countries.csv": f"/reports/countries.csv?{query}", "lectures.csv": f"/reports/lectures.csv?{query}",
               "participants.csv": f"/reports/participants.csv?{query}",
               "participants.xlsx": f"/reports/participants.xlsx?{query}"}

    floors = {}
    for name, statements in {**reports_floor.PAGES, **reports_floor.EXPORTS}.items():
        floors[name] = time_floor(engine, statements, params, args.repeat if name in reports_floor.PAGES else 3)
        print(f"floor {name}: p95 {p95(floors[name]):.3f} s, median {statistics.median(floors[name]):.3f} s",
              flush=True)
    engine.dispose()

    app = create_app({"DATABASE_URL": args.database, "SECRET_KEY": SECRET, "INSTANCE_DIR": args.instance})
    if "reports.dashboard" not in app.view_functions:
        print("The reports module is not in this tree: only the floor and the generator were measured.")
        for name in floors:
            print(f"floor_{name}: {p95(floors[name]):.3f}")
        print(f"generate_s: {meta['generate_s']:.1f}")
        return
    port = free_port()
    env = environment(args.database, args.instance)
    settings = argparse.Namespace(workers=2, threads=4)
    gunicorn = Gunicorn("wsgi:app", port, env, settings)
    gunicorn.start()
    results, peak = {}, 0.0
    try:
        browser = Browser(port)
        browser.login(meta["email"], meta["password"])
        for name, path in pages.items():
            results[name] = time_page(browser, path, args.repeat)
            print(f"page {name}: p95 {p95(results[name]):.3f} s, median {statistics.median(results[name]):.3f} s "
                  f"(floor {p95(floors[name]):.3f} s)", flush=True)
        for name, path in exports.items():
            results[name] = time_page(browser, path, 2, download=True)
            print(f"export {name}: p95 {p95(results[name]):.3f} s (floor {p95(floors[name]):.3f} s)", flush=True)
        peak = worker_peak_mb(gunicorn)
    finally:
        gunicorn.stop()

    ratios = {name: p95(results[name]) / max(p95(floors[name]), 1e-3) for name in results}
    for name in results:
        print(f"{name}_ratio: {ratios[name]:.2f}")
    for name in results:
        print(f"{name}: {p95(results[name]):.3f}")
    print(f"report_p95_s: {max(p95(results[name]) for name in pages):.3f}")
    print(f"ratio_vs_sql: {max(ratios.values()):.2f}")
    print(f"export_peak_mb: {peak:.1f}")
    print(f"generate_s: {meta['generate_s']:.1f}")


if __name__ == "__main__":
    main()
