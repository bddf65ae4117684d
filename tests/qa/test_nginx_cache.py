"""The README's nginx micro-cache in a real nginx in front of the app (waitress): many pages polling the feed cost
the app about one request per second, each page gets the same answer (and 304 for its ETag), and a change reaches
the pages through the cache within a couple of seconds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lecturehall.core.db import db
from lecturehall.modules.qa import nginx as qa_nginx
from lecturehall.modules.qa import operations
from lecturehall.modules.qa.feed_tokens import feed_token
from lecturehall.modules.qa.models import QaMode, Question, QuestionState
from tests.conftest import free_port, served

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_shows_the_cache():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert qa_nginx.cache_path() in readme
    assert qa_nginx.feed_location() in readme


def fetch(url: str, headers: dict | None = None):
    """(status, headers (names in any case), body)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def behind_nginx(make_app, tmp_path):
    """The app served by waitress, with nginx in front of it holding the README's cache; counts the app's feed
    requests."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is missing: scripts/setup.sh installs it")
    app_port, port = free_port(), free_port()
    app = make_app(BASE_URL=f"http://127.0.0.1:{port}", TRUSTED_PROXIES=1)
    hits, inner = [], app.wsgi_app

    def counting(environ, start_response):
        if "/feed/" in environ.get("PATH_INFO", ""):
            hits.append(environ.get("QUERY_STRING", ""))
        return inner(environ, start_response)

    app.wsgi_app = counting
    with served(app, app_port):
        yield from _behind(app, app_port, port, tmp_path, binary, hits)


def _behind(app, app_port, port, tmp_path, binary, hits):
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(f"""{user}
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    {qa_nginx.cache_path(str(prefix / "cache"))}
    server {{
        listen 127.0.0.1:{port};
{qa_nginx.feed_location(f"http://127.0.0.1:{app_port}")}
        location / {{ proxy_pass http://127.0.0.1:{app_port}; }}
    }}
}}
""")
    argv = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    check = subprocess.run([*argv, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    with open(prefix / "logs" / "stderr.log", "w") as log:
        process = subprocess.Popen(argv, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            assert process.poll() is None, (prefix / "logs" / "stderr.log").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    try:
        yield app, base, hits
    finally:
        process.terminate()
        process.wait(10)


def test_many_pages_one_request_a_second(behind_nginx, live_lecture, person):
    app, base, hits = behind_nginx
    lecture = live_lecture()
    operations.qa_lecture(lecture.id).mode = QaMode.open
    question = Question(lecture_id=lecture.id, text="Which documents does a return need?", language="en",
                        state=QuestionState.approved)
    db.session.add(question)
    question.version = operations.bump(lecture.id)
    db.session.commit()
    url = f"{base}/qa/lectures/{lecture.id}/feed/{feed_token(lecture.id)}"
    status, headers, body = fetch(url, {"Cookie": "session=someone-elses"})
    assert status == 200, body
    assert json.loads(body)["questions"][0]["id"] == question.id
    assert "Set-Cookie" not in headers, headers
    version = json.loads(body)["version"]
    etag = headers["ETag"]
    since = f"{url}?since={version}"
    # 200 page polls in about 2 s, as 200 pages polling once a second would: the app sees a handful.
    hits.clear()
    started, answers = time.monotonic(), []
    for _ in range(200):
        answers.append(fetch(since, {"If-None-Match": etag})[0])
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    assert set(answers) == {304}
    assert len(hits) <= elapsed + 3, (len(hits), elapsed)
    # A change reaches a polling page through the cache within about a second.
    second = Question(lecture_id=lecture.id, text="And for parcels?", language="en", state=QuestionState.approved)
    db.session.add(second)
    second.version = operations.bump(lecture.id)
    db.session.commit()
    changed_at = time.monotonic()
    while True:
        status, headers, body = fetch(since, {"If-None-Match": etag})
        if status == 200:
            break
        assert time.monotonic() - changed_at < 3, "the change did not come through the cache"
        time.sleep(0.1)
    assert [item["id"] for item in json.loads(body)["questions"]] == [second.id]
    assert headers["X-Cache-Status"] in ("MISS", "EXPIRED", "REVALIDATED", "UPDATING", "HIT")
