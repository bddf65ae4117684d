"""CPU cost of one heartbeat in-process, without a load generator or gunicorn: the per-beat CPU time of this process
(request threads and the writer) for the full stack — the lean WSGI path (presence.fastpath) — and for the Flask
route behind it, under concurrent requests so that the writer batches as it does under load.

Usage: .venv/bin/python bench/presence_cpu.py [--beats 4000] [--threads 32]
       [--database postgresql+psycopg://postgres@127.0.0.1:5432/lh_presence_bench]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from presence import prepare  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from lecturehall.modules.presence.tokens import make_token  # noqa: E402


def requests(app, count: int, phase: str) -> list[tuple[str, bytes]]:
    with app.test_request_context():
        out = []
        for n in range(count):
            token = make_token(1, live=True, user_id=n % 1000 + 1, browser_id=None, session_id=f"{phase}{n:09d}")
            body = json.dumps({"token": token, "sent": time.time() * 1000,
                               "beats": [{"seq": 1, "t": time.time() * 1000, "ev": "play", "d": 0}]}).encode()
            out.append(("/presence/lectures/1/beats", body))
    return out


def run(app, items, threads: int) -> tuple[float, float, dict]:
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    base = EnvironBuilder(method="POST", content_type="application/json",
                          headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"}).get_environ()

    def work(part):
        for path, body in part:
            environ = dict(base, PATH_INFO=path, CONTENT_LENGTH=str(len(body)), **{"wsgi.input": io.BytesIO(body)})
            result = []
            chunks = app(environ, lambda status, headers, exc_info=None: result.append(status))
            b"".join(chunks)
            with lock:
                statuses[result[0]] = statuses.get(result[0], 0) + 1

    parts = [items[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=work, args=(part,)) for part in parts]
    cpu, wall = time.process_time(), time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (time.process_time() - cpu) / len(items) * 1000, len(items) / (time.perf_counter() - wall), statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--beats", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/lh_presence_bench")
    args = parser.parse_args()
    app, _env = prepare(args.database, 1000, tempfile.mkdtemp(prefix="lh-presence-cpu-"))
    app.config["RATELIMIT_ENABLED"] = True
    fast = app.extensions["lecturehall.presence.fastpath"]
    run(app, requests(app, 200, "w"), args.threads)  # warm up: connections, caches
    for label, enabled in (("flask route", False), ("lean path", True), ("flask route", False), ("lean path", True)):
        fast.enabled = enabled
        ms, rate, statuses = run(app, requests(app, args.beats, f"{label[0]}{time.time_ns()}"), args.threads)
        print(f"{label}: {ms:.3f} ms CPU per beat, {rate:.0f} beats/s in-process, {statuses}", flush=True)


if __name__ == "__main__":
    main()
