"""Heartbeat benchmark: the app as deployed (gunicorn gthread workers on PostgreSQL, the worker compacting), under
viewers whose players send real heartbeats with real tokens, against the stack's ceiling (bench/presence_ceiling.py:
the same gunicorn settings, an endpoint that only parses the JSON body).

Two load generators play the viewers. wrk (Debian's ``wrk``: ``scripts/setup.sh --bench`` installs it) with
bench/presence_wrk.lua sends the beats as fast as the server answers over --connections keep-alive connections: a
generator in C, which leaves the two cores to the server, so that its figures are the server's. It gives the named
figures: beats/s acknowledged, p50/p99 latency, the ceiling and the ratio to it. The Python generator
(bench/presence_load.py) paces each viewer at one beat per --beat-seconds (15, as the player does: 30,000 viewers
give the issue's 2,000 beats/s), counts latency from when a beat was due, and retries what got no 200, as the player
does: it plays the viewers while gunicorn is killed and PostgreSQL restarted, and while compaction lag is sampled.
It is written in Python and shares the two cores with the server (about half of them under this load), so its
latencies are printed for information.

Phases: (1) the ceiling, wrk; (2) the app, wrk (compaction lag sampled), then paced by the Python generator
(lag sampled); (3) the app, paced, while its gunicorn is SIGKILLed and restarted and then PostgreSQL is restarted
(``pg_ctlcluster --skip-systemctl-redirect 15 main restart``; --no-pg-restart skips it: the server is shared). Every
beat acknowledged must be in the database afterwards: by beat for the Python generator's, by count for wrk's (one
beat a request, fresh sessions: what was acknowledged cannot be more than what is stored).
Compaction lag: the age of the oldest beat not yet folded in, sampled every second under load.

Usage: .venv/bin/python bench/presence.py [--viewers 30000] [--seconds 30] [--connections 64] [--processes 2]
       [--workers 4] [--threads 32] [--wrk-threads 2]
       [--database postgresql+psycopg://postgres@127.0.0.1:5432/lh_presence_bench] [--no-pg-restart]
Both gunicorns (ceiling and app) run with the same --workers and --threads (gthread).
The last lines are ``name: value`` pairs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from presence_load import Viewer, run_slice  # noqa: E402

from lecturehall.app import create_app  # noqa: E402
from lecturehall.core.db import db  # noqa: E402
from lecturehall.modules.presence.tokens import make_token  # noqa: E402
from schema import fresh_schema  # noqa: E402

VENV = ROOT / ".venv" / "bin"
SECRET = "presence-benchmark-secret-not-for-production"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


class Gunicorn:
    def __init__(self, target: str, port: int, env: dict, args):
        self.argv = [str(VENV / "gunicorn"), "--preload", "-k", "gthread", "--workers", str(args.workers), "--threads",
                     str(args.threads), "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "30",
                     "--log-level", "warning", target]
        self.port, self.env, self.process = port, env, None

    def start(self) -> None:
        """Starts and waits until it answers (the app is loaded before the workers fork: --preload). Its log (the
        writer's warnings while PostgreSQL restarts) goes to the instance folder."""
        log = open(Path(self.env["LECTUREHALL_INSTANCE_DIR"]) / "gunicorn.log", "a")
        self.process = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, start_new_session=True, stderr=log)
        log.close()
        wait_for_port(self.port)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    if sock.recv(64):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn does not answer")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no graceful anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def prepare(database: str, viewers: int, instance: str):
    """A fresh schema, a live lecture with ``viewers`` registered participants, and a public replay."""
    app = create_app({"DATABASE_URL": database, "SECRET_KEY": SECRET, "INSTANCE_DIR": instance})
    env = {**os.environ, "LECTUREHALL_DATABASE_URL": database, "LECTUREHALL_SECRET_KEY": SECRET,
           "LECTUREHALL_INSTANCE_DIR": instance}
    fresh_schema(app, env)
    now = datetime.now(timezone.utc)
    with app.app_context():
        connection = db.session.connection()
        connection.execute(sa.text("INSERT INTO programmes (name, description, created_at, updated_at) "
                                   "VALUES ('Benchmark', '', :now, :now)"), {"now": now})
        for title in ("Live lecture", "Replay lecture"):
            connection.execute(sa.text(
                "INSERT INTO lectures (programme_id, original_language, title, summary, description, lecture_language,"
                " starts_at, timezone, duration_minutes, visibility, replay_visibility, status, uid, sequence,"
                " created_at, updated_at) VALUES (1, 'en', :title, '', '', 'en', :now, 'UTC', 120, 'public',"
                " 'public', 'live', :uid, 0, :now, :now)"), {"title": title, "now": now, "uid": title})
        connection.execute(sa.text("INSERT INTO replays (lecture_id, directory, version, quick, duration, has_video,"
                                   " allow_download, published_at) VALUES (2, 'x', 1, false, 600, true, false, :now)"),
                           {"now": now})
        users = sa.table("users", *(sa.column(name) for name in (
            "email", "country", "sector", "language", "timezone", "role", "active", "created_by_admin",
            "created_at", "updated_at", "session_nonce")))
        countries = ["CL", "UY", "RW", "IS", "PK", "ZA", "AE", "TH", "VN", "MY"]
        connection.execute(users.insert(), [{
            "email": f"viewer{n}@bench.example", "country": countries[n % len(countries)], "sector": "government",
            "language": "en", "timezone": "UTC", "role": "participant", "active": True, "created_by_admin": True,
            "created_at": now, "updated_at": now, "session_nonce": f"bench{n}"} for n in range(viewers)])
        db.session.commit()
    return app, env


def make_viewers(app, count: int, port: int, phase: str) -> list[Viewer]:
    """Nine in ten watch live, signed in; one in ten watches the public replay anonymously. Fresh sessions."""
    viewers = []
    with app.test_request_context():
        for n in range(count):
            live = n % 10 != 9
            session = f"{phase}{n:07d}"
            token = make_token(1 if live else 2, live=live, user_id=n + 1 if live else None,
                               browser_id=None if live else f"browser{n:013d}", duration=0 if live else 600,
                               session_id=session)
            viewers.append(Viewer(f"/presence/lectures/{1 if live else 2}/beats", token, session, live))
    return viewers


def load(port: int, viewers: list[Viewer], seconds: float, args, during=None, paced: bool = True) -> dict:
    """Runs the load processes, each viewer beating every --beat-seconds (``paced``) or as fast as the server
    answers; ``during(elapsed)`` is called every 0.5 s meanwhile (kills, restarts, sampling)."""
    out = multiprocessing.Queue()
    slices = [viewers[i::args.processes] for i in range(args.processes)]
    interval = args.beat_seconds if paced else 0.0
    processes = [multiprocessing.Process(target=run_slice, args=("127.0.0.1", port, part, args.connections, seconds,
                                                                 out, interval)) for part in slices]
    started = time.monotonic()
    for process in processes:
        process.start()
    results = []
    while len(results) < len(processes):
        if during is not None:
            during(time.monotonic() - started)
        try:
            results.append(out.get(timeout=0.5))
        except Exception:  # queue.Empty: keep waiting
            continue
    for process in processes:
        process.join()
    elapsed = time.monotonic() - started
    latencies = sorted(l for result in results for l in result.latencies)
    acked = {key for result in results for key in result.acked}
    refused = {}
    for result in results:
        for status, count in result.refused.items():
            refused[status] = refused.get(status, 0) + count
    return {"acked": acked, "per_s": len(acked) / seconds, "answers_per_s": len(latencies) / seconds,
            "p50": statistics.median(latencies) * 1000 if latencies else 0,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
            "errors": sum(result.errors for result in results), "refused": refused, "elapsed": elapsed}


def wrk_load(port: int, viewers: list[Viewer], seconds: float, args, instance: str, during=None) -> dict:
    """wrk with bench/presence_wrk.lua: the viewers' beats as fast as the server answers over --connections
    connections; ``during(elapsed)`` is called every 0.5 s meanwhile."""
    path = Path(instance) / f"viewers-{viewers[0].session[0]}.tsv"
    path.write_text("".join(f"{viewer.path}\t{viewer.session}\t{viewer.token}\t{1 if viewer.live else 0}\n"
                            for viewer in viewers))
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{seconds:g}s", "--timeout", "15s",
               "-s", str(ROOT / "bench" / "presence_wrk.lua"), f"http://127.0.0.1:{port}/", "--", str(path),
               str(args.wrk_threads)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while process.poll() is None:
        if during is not None:
            during(time.monotonic() - started)
        time.sleep(0.5)
    out, err = process.communicate()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed: {out[-1000:]} {err[-1000:]}")
    result = json.loads(lines[-1])
    result["per_s"] = result["acked"] / result["seconds"]
    result["answers_per_s"] = result["answers"] / result["seconds"]
    return result


def stored_count(engine, prefix: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM presence_beats WHERE session_id LIKE :prefix"),
                                  {"prefix": prefix + "%"}).scalar_one()


def stored_keys(engine, phases: str) -> set[str]:
    """``session:seq`` of the beats stored for the sessions of these phases (their sessions' first letter)."""
    with engine.connect() as connection:
        return {f"{session}:{seq}" for session, seq in connection.execute(
            sa.text("SELECT session_id, seq FROM presence_beats WHERE left(session_id, 1) = ANY(:phases)"),
            {"phases": list(phases)})}


def compaction_lag(engine) -> float:
    with engine.connect() as connection:
        value = connection.execute(sa.text(
            "SELECT EXTRACT(EPOCH FROM now() - min(received_at)) FROM presence_beats WHERE id > "
            "COALESCE((SELECT position FROM presence_cursors WHERE name = 'beats'), 0)")).scalar()
    return float(value or 0.0)


def wait_caught_up(engine, timeout: float = 120) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if compaction_lag(engine) == 0:
                return time.monotonic() - started
        except sa.exc.OperationalError:
            pass
        time.sleep(0.5)
    return float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=30_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=64, help="wrk's, and per Python load process")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4,
                        help="gunicorn processes: 4 x 32 threads gave 0.79 of the ceiling where 2 x 64 gave 0.65")
    parser.add_argument("--threads", type=int, default=32,
                        help="per gunicorn worker: requests waiting for a group commit hold a thread each")
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/lh_presence_bench")
    parser.add_argument("--no-pg-restart", action="store_true")
    parser.add_argument("--beat-seconds", type=float, default=15.0,
                        help="each viewer's interval between beats, as the player's (the issue's load: 30,000 "
                             "viewers at one beat per 15 s)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/presence.py needs wrk (Debian's package wrk): scripts/setup.sh --bench installs it")

    instance = tempfile.mkdtemp(prefix="lh-presence-bench-")
    print(f"preparing {args.viewers} viewers on {args.database} ...", flush=True)
    app, env = prepare(args.database, args.viewers, instance)
    env.update(LECTUREHALL_SCHEDULER_SWEEP_SECONDS="5", LECTUREHALL_SCHEDULER_LEADER_POLL="2",
               LECTUREHALL_PRESENCE_COMPACT_SECONDS="2", LECTUREHALL_RATELIMIT_ENABLED="1")
    engine = sa.create_engine(args.database, pool_pre_ping=True)
    print(f"load average before: {os.getloadavg()}", flush=True)

    # The worker starts first (it takes the scheduler's lead and sets up the compaction job within a sweep), so the
    # lag measured under load is the steady one, not its start-up.
    worker = subprocess.Popen([str(VENV / "lecturehall"), "worker"], cwd=ROOT, env=env, start_new_session=True,
                              stderr=subprocess.DEVNULL)
    port = free_port()
    ceiling = Gunicorn("bench.presence_ceiling:app", port, env, args)
    ceiling.start()
    try:
        base = wrk_load(port, make_viewers(app, args.viewers, port, "c"), args.seconds, args, instance)
    finally:
        ceiling.stop()
    print(f"ceiling (wrk, {args.connections} connections): {base['answers_per_s']:.0f}/s p50 {base['p50_ms']:.1f} ms "
          f"p99 {base['p99_ms']:.1f} ms socket errors {base['socket_errors']}", flush=True)

    port = free_port()
    web = Gunicorn("wsgi:app", port, env, args)
    web.start()
    lags = []
    try:
        def sample(_elapsed):
            if not lags or time.monotonic() - lags[-1][0] >= 1:
                lags.append((time.monotonic(), compaction_lag(engine)))

        capacity = wrk_load(port, make_viewers(app, args.viewers, port, "x"), args.seconds, args, instance,
                            during=sample)
        print(f"app (wrk, {args.connections} connections): {capacity['per_s']:.0f} acked/s "
              f"({capacity['answers_per_s']:.0f} answers/s) p50 {capacity['p50_ms']:.1f} ms p99 "
              f"{capacity['p99_ms']:.1f} ms refused {capacity['refused']} (429: {capacity['refused_429']}, 503: "
              f"{capacity['refused_503']}) socket errors {capacity['socket_errors']} load {os.getloadavg()}",
              flush=True)
        steady = load(port, make_viewers(app, args.viewers, port, "m"), args.seconds, args, during=sample)
        print(f"app, paced by the Python generator ({args.viewers} viewers, a beat each per {args.beat_seconds:g} s):"
              f" {steady['per_s']:.0f} acked/s p50 {steady['p50']:.1f} ms p99 {steady['p99']:.1f} ms "
              f"errors {steady['errors']} refused {steady['refused']} load {os.getloadavg()}", flush=True)
        catch_up = wait_caught_up(engine)
        print(f"compaction caught up {catch_up:.1f} s after the load stopped; lag under load: median "
              f"{statistics.median(lag for _t, lag in lags):.1f} s, max {max(lag for _t, lag in lags):.1f} s",
              flush=True)

        events = []

        def chaos(elapsed):
            third = args.seconds / 3
            if elapsed >= third and "kill" not in events:
                events.append("kill")
                web.kill()
                time.sleep(1)
                web.start()
                print(f"  gunicorn SIGKILLed and restarted at {elapsed:.1f} s", flush=True)
            if elapsed >= 2 * third and "pg" not in events and not args.no_pg_restart:
                events.append("pg")
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True)
                print(f"  PostgreSQL restarted at {elapsed:.1f} s", flush=True)

        killed = load(port, make_viewers(app, args.viewers, port, "k"), args.seconds, args, during=chaos)
        print(f"with kills: {killed['per_s']:.0f} acked/s errors {killed['errors']} refused {killed['refused']}",
              flush=True)
        wait_caught_up(engine)
        stored = stored_keys(engine, "mk")  # the Python generator's sessions
        wrk_stored = stored_count(engine, "x")
    finally:
        web.stop()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    acked = steady["acked"] | killed["acked"]
    print(f"load average after: {os.getloadavg()}")
    print(f"python_paced_p99_ms: {steady['p99']:.1f}")
    wrk_missing = max(0, capacity["acked"] - wrk_stored)
    # beats_per_s, p50, p99, the ratio: wrk's, the app against the bare endpoint, same gunicorn settings, same load.
    figures = {
        "beats_per_s": f"{capacity['per_s']:.0f}",
        "p50_ms": f"{capacity['p50_ms']:.1f}",
        "p99_ms": f"{capacity['p99_ms']:.1f}",
        "ceiling_per_s": f"{base['answers_per_s']:.0f}",
        "ratio_vs_ceiling": (f"{capacity['answers_per_s'] / base['answers_per_s']:.2f}"
                             if base["answers_per_s"] else "0"),
        "acked": len(acked) + capacity["acked"],
        "stored": len(stored) + wrk_stored,
        "missing": len(steady["acked"] - stored) + wrk_missing,
        "missing_after_kill": len(killed["acked"] - stored),
        "compaction_lag_s": f"{max((lag for _t, lag in lags), default=0.0):.1f}",
    }
    for name, value in figures.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
