"""Real parts for the live engine's tests: nginx with the RTMP module started by the engine on free ports under
tmp_path, a tiny HTTP server playing the app's part in nginx's callbacks (allow and rename, or refuse), and ffmpeg
pushing test pictures and tones over RTMP in real time."""

from __future__ import annotations

import http.server
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from lecturehall.modules.live import callbacks
from lecturehall.modules.live.nginx import NginxServer
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.supervisor import LiveSupervisor

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 20.0, interval: float = 0.1, message: str = "condition"):
    """Polls ``condition`` until it returns something true; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


class AppStandIn:
    """The app's side of on_publish / on_publish_done: keys map to (lecture, language); unknown keys are refused."""

    def __init__(self, secret: str):
        self.keys: dict[str, tuple[str, str | None]] = {}
        self.calls: list[dict] = []
        self.supervisor: LiveSupervisor | None = None
        self.secret = secret
        self.settings: LiveSettings | None = None
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 -- the stdlib's name
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                status, headers = stand_in.handle(urllib.parse.urlsplit(self.path).path, form, query,
                                                  self.client_address[0])
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, path: str, form: dict, query: dict, remote: str):
        call = callbacks.PublishCall.from_form(form)
        self.calls.append({"path": path, **form, "secret": query.get("secret")})
        if not callbacks.caller_allowed(remote, query.get("secret"), self.secret):
            return callbacks.DENY
        if path.endswith("/publish_done"):
            if self.supervisor is not None:
                self.supervisor.publish_ended(client_id=call.client_id)
            return callbacks.DONE
        target = self.keys.get(call.name)
        if target is None or call.app != callbacks.application_for(self.settings, target[1]):
            return callbacks.DENY
        name = callbacks.stream_name(*target)
        if self.supervisor is not None:
            self.supervisor.publish_started(name, call.client_id)
        return callbacks.allow_as(name)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Pushes:
    """ffmpeg pushing in real time (-re) like OBS would: 2-s keyframes, a tone; or audio only, like an
    interpreter."""

    def __init__(self, settings: LiveSettings):
        self.settings = settings
        self.processes: list[subprocess.Popen] = []

    def url(self, key: str, application: str | None = None) -> str:
        return f"rtmp://127.0.0.1:{self.settings.rtmp_port}/{application or self.settings.application}/{key}"

    def main(self, key: str, seconds: float, *, size: str = "320x180", tone: int = 440) -> subprocess.Popen:
        return self._start(["-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
                            "-f", "lavfi", "-i", f"sine=f={tone}:r=48000:d={seconds}",
                            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50",
                            "-pix_fmt", "yuv420p", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k"], key)

    def interpreter(self, key: str, seconds: float, *, tone: int = 660) -> subprocess.Popen:
        return self._start(["-f", "lavfi", "-i", f"sine=f={tone}:r=48000:d={seconds}", "-c:a", "aac",
                            "-b:a", "96k"], key, self.settings.interpreter_application)

    def _start(self, args: list[str], key: str, application: str | None = None) -> subprocess.Popen:
        process = subprocess.Popen(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-re", *args,
                                    "-f", "flv", self.url(key, application)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.processes.append(process)
        return process

    def close(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stderr.close()


@pytest.fixture
def live_settings(tmp_path) -> LiveSettings:
    return LiveSettings(live_root=tmp_path / "live", nginx_prefix=tmp_path / "nginx",
                        callback_url="http://127.0.0.1:1/unused", callback_secret="test-callback-secret",
                        rtmp_listen=f"127.0.0.1:{free_port()}", http_listen=f"127.0.0.1:{free_port()}",
                        grace_seconds=4.0, live_window_segments=6)


class Live:
    """nginx + the app's stand-in + pushes (+ the supervisor when asked)."""

    def __init__(self, settings: LiveSettings, app: AppStandIn, nginx: NginxServer, pushes: Pushes):
        self.settings, self.app, self.nginx, self.push = settings, app, nginx, pushes
        self.supervisor: LiveSupervisor | None = None
        self.ended: list[tuple[str, Path, object]] = []

    def supervise(self, **overrides) -> LiveSupervisor:
        self.supervisor = LiveSupervisor(self.settings, on_ended=lambda *args: self.ended.append(args)).start()
        self.app.supervisor = self.supervisor
        return self.supervisor

    def lecture_dir(self, lecture) -> Path:
        return self.settings.lecture_dir(str(lecture))


@pytest.fixture
def live(tmp_path, live_settings):
    app = AppStandIn(live_settings.callback_secret)
    settings = LiveSettings(**{**live_settings.__dict__, "callback_url": f"http://127.0.0.1:{app.port}/internal/live"})
    app.settings = settings
    nginx = NginxServer(settings)
    nginx.start()
    pushes = Pushes(settings)
    harness = Live(settings, app, nginx, pushes)
    try:
        yield harness
    finally:
        pushes.close()
        if harness.supervisor is not None:
            harness.supervisor.close()
        nginx.stop()
        app.close()
