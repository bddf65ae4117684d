"""`lecturehall serve`, the embedded default, as a process of its own: it starts nginx with the RTMP module from its
settings, runs the scheduler and the live pipelines inside itself, takes a real push from ffmpeg to a live lecture,
and on SIGTERM stops with its nginx."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from lecturehall.core.db import db
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.live.settings import LiveSettings
from tests.conftest import free_port
from tests.live.conftest import Pushes, wait_for
from tests.live_app.test_ingest import keys, soon, status_of

LECTUREHALL = str(Path(sys.executable).parent / "lecturehall")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_serve_starts_nginx_takes_a_push_and_stops_with_it(app, _schema, tmp_path, create_lecture):
    lecture = soon(create_lecture)
    key = keys(lecture)[None]
    lecture_id = lecture.id
    port, rtmp, http = free_port(), free_port(), free_port()
    prefix = tmp_path / "nginx"
    env = dict(os.environ)
    env.update({
        "LECTUREHALL_DATABASE_URL": _schema, "LECTUREHALL_INSTANCE_DIR": str(tmp_path / "instance"),
        "LECTUREHALL_MEDIA_DIR": app.config["MEDIA_DIR"], "LECTUREHALL_SECRET_KEY": app.config["SECRET_KEY"],
        "LECTUREHALL_OUTBOX_DIR": str(tmp_path / "outbox"), "LECTUREHALL_BASE_URL": f"http://127.0.0.1:{port}",
        "LECTUREHALL_LIVE_RTMP_LISTEN": f"127.0.0.1:{rtmp}", "LECTUREHALL_LIVE_HTTP_LISTEN": f"127.0.0.1:{http}",
        "LECTUREHALL_LIVE_NGINX_PREFIX": str(prefix), "LECTUREHALL_SCHEDULER_LEADER_POLL": "0.5",
        "LECTUREHALL_LIVE_GRACE_SECONDS": "2",
    })
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([LECTUREHALL, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    pushes = Pushes(LiveSettings(live_root=tmp_path / "unused", nginx_prefix=prefix, callback_url="",
                                 callback_secret="", rtmp_listen=f"127.0.0.1:{rtmp}",
                                 http_listen=f"127.0.0.1:{http}"))
    try:
        def answers() -> bool:
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200
            except OSError:
                assert server.poll() is None, log_path.read_text()
                return False

        assert wait_for(answers, 30), log_path.read_text()
        output = log_path.read_text()
        assert f"encoders push to rtmp://127.0.0.1:{rtmp}/" in output, output
        assert f"Lecture Hall is running at http://127.0.0.1:{port}/" in output, output
        nginx_pid = int((prefix / "logs" / "nginx.pid").read_text())
        assert _alive(nginx_pid)

        push = pushes.main(key, 30)
        assert wait_for(lambda: status_of(lecture_id) is LectureStatus.live, 30), log_path.read_text()
        push.kill()
        push.wait()
        db.session.rollback()
    finally:
        pushes.close()
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(60)
    assert server.returncode == 0, log_path.read_text()
    deadline = time.monotonic() + 10
    while _alive(nginx_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(nginx_pid), "nginx outlived `lecturehall serve`"
