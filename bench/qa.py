"""Live Q&A benchmark: the app as deployed (gunicorn on PostgreSQL behind nginx with the README's micro-cache for the
feed), 1,000 viewers keeping the Q&A open (bench/qa_load.py: a bounded asyncio load generator on loopback, each
viewer polling the feed every 2 s with its last version and ETag, as the page does), while questions are asked at
5 a second by registered participants and approved by a moderator who watches the queue (pre-moderated lecture).

Figures: for each approved question, from the moment the moderator sent the approval to the moment the last viewer
saw it ("visible everywhere"), p50 and p95 (also from the moment it was asked); the share of the machine's CPU
taken by the server (gunicorn and nginx processes; PostgreSQL is shared and not counted); errors: failed requests of
viewers, askers and the moderator, and approved questions some viewer never saw.

Usage: .venv/bin/python bench/qa.py [--viewers 1000] [--seconds 30] [--rate 5] [--processes 2] [--workers 2]
       [--threads 8] [--database postgresql+psycopg://postgres@127.0.0.1:5432/lh_qa]
The last lines are ``name: value`` pairs.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import qa_load  # noqa: E402

from lecturehall.app import create_app  # noqa: E402
from lecturehall.core.db import db, utcnow  # noqa: E402
from lecturehall.modules.accounts import operations as accounts  # noqa: E402
from lecturehall.modules.accounts.models import Role, Sector  # noqa: E402
from lecturehall.modules.lectures import operations as lectures  # noqa: E402
from lecturehall.modules.lectures.models import LectureStatus  # noqa: E402
from lecturehall.modules.programmes.models import Programme  # noqa: E402
from lecturehall.modules.qa import nginx as qa_nginx  # noqa: E402
from lecturehall.modules.qa.feed_tokens import feed_token  # noqa: E402
from lecturehall.modules.registrations import operations as registrations  # noqa: E402
from schema import fresh_schema  # noqa: E402

VENV = ROOT / ".venv" / "bin"
SECRET = "qa-benchmark-secret-not-for-production"
PASSWORD = "correct horse battery staple 42"
ASKERS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # nothing listens yet, or nginx answers 502 until gunicorn does
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def prepare(database: str, instance: str) -> tuple[dict, int, str]:
    """A fresh schema; a live, pre-moderated lecture; an organiser (the moderator) and ASKERS registered participants."""
    env = {**os.environ, "LECTUREHALL_DATABASE_URL": database, "LECTUREHALL_SECRET_KEY": SECRET,
           "LECTUREHALL_INSTANCE_DIR": instance}
    app = create_app({"DATABASE_URL": database, "SECRET_KEY": SECRET, "INSTANCE_DIR": instance})
    fresh_schema(app, env)
    with app.app_context():
        def user(email, role=Role.participant):
            return accounts.create_user_by_admin(accounts.ProfileData(
                full_name=email.split("@")[0].title(), email=email, country="CL", organisation="Ministry of Trade",
                sector=Sector.government, language="en", timezone="UTC"), role, None, password=PASSWORD,
                invite=False)

        organiser = user("moderator@bench.example")
        programme = Programme(name="Benchmark programme", description="", organisers=[organiser])
        db.session.add(programme)
        db.session.flush()
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title="Customs and returns, live", summary="", description="",
            original_language="en", lecture_language="en",
            local_start=(utcnow() - timedelta(minutes=5)).replace(tzinfo=None, second=0, microsecond=0),
            timezone="UTC", duration_minutes=180), organiser, publish=True)
        lectures.set_status(lecture, LectureStatus.live, organiser)
        for n in range(ASKERS):
            registrations.register(lecture.id, user(f"asker{n}@bench.example"))
        db.session.commit()
        with app.test_request_context():
            token = feed_token(lecture.id)
        lecture_id = lecture.id
        db.engine.dispose()
    return env, lecture_id, token


class Browser:
    """A signed-in person (cookies, CSRF token) calling the Q&A endpoints through nginx."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(f"{base}/login", timeout=30).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
        self.opener.open(f"{base}/login", data=data, timeout=30).read()
        page = self.opener.open(f"{base}/", timeout=30).read().decode()
        self.csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def call(self, path: str, body=None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf})
            data = json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers=headers)
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())


def start_nginx(folder: Path, port: int, app_port: int) -> subprocess.Popen:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    (folder / "logs").mkdir(parents=True)
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    {qa_nginx.cache_path(str(folder / "cache"))}
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
{qa_nginx.feed_location("http://app")}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
""")
    return subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf")], start_new_session=True,
                            stderr=subprocess.DEVNULL)


def cpu_seconds(group_ids: list[int]) -> float:
    """User and system CPU of every process in these process groups (children of a worker included)."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in group_ids:  # pgrp
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=5, help="questions asked (and approved) a second")
    parser.add_argument("--poll", type=float, default=2, help="seconds between a page's polls (QA_POLL_SECONDS)")
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/lh_qa")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="lh-qa-bench-")
    print(f"preparing the lecture on {args.database} ...", flush=True)
    env, lecture_id, token = prepare(args.database, instance)
    app_port, port = free_port(), free_port()
    env.update(LECTUREHALL_QA_ASK_RATE_LIMIT="100000 per minute", LECTUREHALL_TRUSTED_PROXIES="1",
               LECTUREHALL_BASE_URL=f"http://127.0.0.1:{port}", LECTUREHALL_EMBEDDED_SCHEDULER="0")
    gunicorn = subprocess.Popen(
        [str(VENV / "gunicorn"), "--preload", "-k", "gthread", "--workers", str(args.workers), "--threads",
         str(args.threads), "--bind", f"127.0.0.1:{app_port}", "--keep-alive", "30", "--log-level", "warning",
         "wsgi:app"], cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    nginx = start_nginx(Path(instance) / "nginx", port, app_port)
    base = f"http://127.0.0.1:{port}"
    asked, approved, errors = {}, {}, {"ask": 0, "moderate": 0}
    try:
        wait_for(f"{base}/healthz")
        moderator = Browser(base, "moderator@bench.example")
        askers = [Browser(base, f"asker{n}@bench.example") for n in range(ASKERS)]
        print(f"load average before: {os.getloadavg()}", flush=True)
        feed = f"/qa/lectures/{lecture_id}/feed/{token}"
        start = time.time()
        until = start + args.seconds
        results = multiprocessing.Queue()
        per = [args.viewers // args.processes + (1 if n < args.viewers % args.processes else 0)
               for n in range(args.processes)]
        loaders = [multiprocessing.Process(target=qa_load.run, args=(port, feed, count, args.poll, until, results))
                   for count in per]
        cpu_before = cpu_seconds([gunicorn.pid, nginx.pid])
        for loader in loaders:
            loader.start()
        time.sleep(args.poll)  # every viewer has its first answer
        ask_until = until - args.poll - 5  # what is approved later may not reach everyone before the end

        def ask():
            n, interval = 0, 1 / args.rate
            next_at = time.time()
            while time.time() < ask_until:
                asker = askers[n % ASKERS]
                sent = time.time()
                try:
                    result = asker.call(f"/qa/lectures/{lecture_id}/questions",
                                        {"text": f"Question {n}: how are duties refunded on returned parcels?"})
                    asked[result["id"]] = sent
                except (OSError, ValueError):
                    errors["ask"] += 1
                n += 1
                next_at += interval
                time.sleep(max(0.0, next_at - time.time()))

        def moderate():
            while time.time() < ask_until + 2:
                try:
                    queue = moderator.call(f"/qa/lectures/{lecture_id}/me")["queue"]
                except (OSError, ValueError):
                    errors["moderate"] += 1
                    queue = []
                for item in queue:
                    if item["state"] == "pending":
                        sent = time.time()
                        try:
                            moderator.call(f"/qa/questions/{item['id']}/moderate", {"action": "approve"})
                            approved[item["id"]] = sent
                        except (OSError, ValueError):
                            errors["moderate"] += 1
                time.sleep(0.3)

        threads = [threading.Thread(target=ask), threading.Thread(target=moderate)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        gathered = [results.get(timeout=args.seconds + 60) for _ in loaders]
        for loader in loaders:
            loader.join(30)
        wall = time.time() - start
        cpu = cpu_seconds([gunicorn.pid, nginx.pid]) - cpu_before
    finally:
        for process in (nginx, gunicorn):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(20)

    seen: dict[int, list] = {}
    requests = viewer_errors = 0
    for part, counters in gathered:
        requests += counters["requests"]
        viewer_errors += counters["errors"]
        for question_id, (first, last, count) in part.items():
            total = seen.setdefault(question_id, [first, last, 0])
            total[0], total[1], total[2] = min(total[0], first), max(total[1], last), total[2] + count
    visible, from_asked, unseen = [], [], 0
    for question_id, sent in approved.items():
        entry = seen.get(question_id)
        if entry is None or entry[2] < args.viewers:
            unseen += 1
            continue
        visible.append(entry[1] - sent)
        from_asked.append(entry[1] - asked.get(question_id, sent))
    print(f"viewers {args.viewers}, {wall:.0f} s: {requests / wall:.0f} feed polls/s answered, "
          f"{len(asked)} questions asked ({len(asked) / max(1.0, ask_until - start - args.poll):.1f}/s), "
          f"{len(approved)} approved", flush=True)
    print(f"ask_to_visible_p50_s: {percentile(from_asked, 0.5):.2f}")
    print(f"ask_to_visible_p95_s: {percentile(from_asked, 0.95):.2f}")
    print(f"errors by kind: viewers {viewer_errors}, asking {errors['ask']}, moderating {errors['moderate']}, "
          f"approved but not seen by every viewer {unseen}")
    print(f"visible_p50_s: {percentile(visible, 0.5):.2f}")
    print(f"visible_p95_s: {percentile(visible, 0.95):.2f}")
    print(f"server_cpu_share: {cpu / (wall * os.cpu_count()):.3f}")
    print(f"errors: {viewer_errors + errors['ask'] + errors['moderate'] + unseen}")


if __name__ == "__main__":
    main()
