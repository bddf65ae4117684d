"""nginx with Debian's RTMP module as the live ingest: the configuration Lecture Hall writes for it (embedded and
production), and the child process that runs it on the embedded default.

The RTMP side is the same in both: one application (``live``) that asks the app on every push (on_publish, answered
with a redirect to the lecture's internal stream name, see callbacks.py) and tells it when a push ends
(on_publish_done); only loopback may play (the packagers), nobody may play a stream that is not being published
(``idle_streams off``: the packager's ffmpeg sees the end of a push instead of waiting forever), and a player starts
at a keyframe with audio and video together (``wait_key``, ``wait_video``). The HTTP side always has the RTMP
statistics on loopback (the supervisor reads publishers' timestamps, codecs and bitrates there); in production it
also serves the live and replay files, checking the signed prefix itself (``secure_link``, see signing.py), so no
Python runs per segment."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from lecturehall.modules.live import processes
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.signing import nginx_md5_expression

INSTALL_HINT = "apt-get install nginx libnginx-mod-rtmp"
MODULE_CANDIDATES = (Path("/usr/lib/nginx/modules/ngx_rtmp_module.so"),
                     Path("/usr/lib64/nginx/modules/ngx_rtmp_module.so"))
MODULES_AVAILABLE = Path("/usr/share/nginx/modules-available")
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
FILE_TYPES = {"m3u8": "application/vnd.apple.mpegurl", "m4s": "video/iso.segment", "mp4": "video/mp4",
              "m4a": "audio/mp4", "vtt": "text/vtt", "jpg": "image/jpeg"}


class NginxMissing(RuntimeError):
    """nginx or its RTMP module is not installed: said to the operator with the command that installs them."""


class NginxFailed(RuntimeError):
    """nginx refused its configuration or died; the message holds the end of its error log."""


# --- finding nginx --------------------------------------------------------------------------------------------

def find_nginx(settings: LiveSettings) -> str:
    # an explicit path is taken at its word; a bare name is looked up, Debian's place included
    for candidate in (settings.nginx,) if os.path.isabs(settings.nginx) else (settings.nginx, "/usr/sbin/nginx"):
        path = candidate if os.path.isabs(candidate) else _which(candidate)
        if path and os.access(path, os.X_OK):
            return path
    raise NginxMissing(f"nginx is not installed. Install it with: {INSTALL_HINT}")


def _which(name: str) -> str | None:
    for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/sbin"]:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def find_rtmp_module(settings: LiveSettings | None = None) -> Path:
    """The RTMP module's .so: the configured one, Debian's path, or the one Debian's modules-available names."""
    if settings is not None and settings.rtmp_module is not None:
        if Path(settings.rtmp_module).is_file():
            return Path(settings.rtmp_module)
        raise NginxMissing(f"the RTMP module {settings.rtmp_module} does not exist. Install it with: {INSTALL_HINT}")
    for candidate in MODULE_CANDIDATES:
        if candidate.is_file():
            return candidate
    for conf in sorted(MODULES_AVAILABLE.glob("*rtmp*.conf")) if MODULES_AVAILABLE.is_dir() else ():
        match = re.search(r"load_module\s+([^;\s]+)\s*;", conf.read_text(encoding="utf-8", errors="replace"))
        if match:
            path = Path(match.group(1))
            path = path if path.is_absolute() else Path("/usr/share/nginx") / path  # Debian's --prefix
            if path.resolve().is_file():
                return path.resolve()
    raise NginxMissing(f"nginx's RTMP module is not installed. Install it with: {INSTALL_HINT}")


# --- configuration --------------------------------------------------------------------------------------------

def _rtmp_block(settings: LiveSettings) -> str:
    secret = f"?secret={settings.callback_secret}" if settings.callback_secret else ""
    base = settings.callback_url.rstrip("/")
    body = _application_body(base, secret, settings.drop_idle_publisher)
    return f"""rtmp {{
    server {{
        listen {settings.rtmp_listen};
        chunk_size 4096;
        ping 10s;
        ping_timeout 10s;
        notify_method post;

        # the lecturer's push: a player (the packager) starts at a keyframe with audio and video together
        application {settings.application} {{
{body}            wait_key on;
            wait_video on;
        }}

        # interpreters' audio-only pushes: no video to wait for
        application {settings.interpreter_application} {{
{body}        }}
    }}
}}
"""


def _application_body(base: str, secret: str, drop: str) -> str:
    return f"""            live on;
            record off;
            # the packagers pull over loopback; nobody else may play; a player is let go when the push ends
            allow play 127.0.0.1;
            deny play all;
            idle_streams off;
            drop_idle_publisher {drop};
            sync 300ms;
            # the app decides: 3xx + Location renames the push to the lecture's internal name, 4xx refuses it
            on_publish {base}/publish{secret};
            on_publish_done {base}/publish_done{secret};
            notify_relay_redirect off;
"""


def _stat_location() -> str:
    return """        location = /rtmp-stat {
            allow 127.0.0.1;
            deny all;
            rtmp_stat all;
        }
"""


def _common_http(settings: LiveSettings, prefix: str) -> str:
    temps = "\n".join(f"    {name}_temp_path {prefix}tmp/{name};" for name in TEMP_FOLDERS)
    return f"""    access_log off;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
{temps}
"""


def render_embedded(settings: LiveSettings) -> str:
    """The configuration of the nginx the app runs itself: RTMP ingest plus the statistics on loopback; the app
    serves the live files (signed URLs checked in Python with the same scheme)."""
    prefix = str(Path(settings.nginx_prefix).resolve()) + "/"
    user = _user_line(settings)
    return f"""# Written by Lecture Hall (embedded default); regenerated at every start.
load_module {find_rtmp_module(settings)};
{user}worker_processes 1;
error_log {prefix}logs/error.log info;
pid {prefix}logs/nginx.pid;
events {{
    worker_connections 1024;
}}

{_rtmp_block(settings)}
http {{
{_common_http(settings, prefix)}
    server {{
        listen {settings.http_listen};
{_stat_location()}        location / {{
            return 404;
        }}
    }}
}}
"""


def render_production(settings: LiveSettings, *, link_secret: str, media_root: Path, server_listen: str = "8080",
                      server_name: str = "_") -> str:
    """A standalone nginx.conf for production (``lecturehall live nginx-config``): the RTMP ingest, the statistics
    on loopback, and a server (behind the TLS proxy) that serves /live/… and /replay/… under signed prefixes —
    nginx checks the signature and expiry itself (secure_link_md5 over the same fields as signing.py) and answers
    403 (bad or another viewer's) or 410 (expired)."""
    prefix = str(Path(settings.nginx_prefix).resolve()) + "/"
    media = str(Path(media_root).resolve())
    live = str(Path(settings.live_root).resolve())
    types = " ".join(f"{mime} {ext};" for ext, mime in FILE_TYPES.items())
    files = r"[A-Za-z0-9_./-]+\.(?:" + "|".join(FILE_TYPES) + ")"

    def signed(kind: str, scope_pattern: str, root: str) -> str:
        return f"""        location ~ "^/{kind}/(?<lh_expires>[0-9]+)/(?<lh_hash>[A-Za-z0-9_-]{{22}})/(?<lh_scope>{scope_pattern})/(?<lh_file>{files})$" {{
            secure_link $lh_hash,$lh_expires;
            secure_link_md5 "{nginx_md5_expression(kind, link_secret)}";
            if ($secure_link = "") {{ return 403; }}
            if ($secure_link = "0") {{ return 410; }}
            alias {root}/$lh_scope/$lh_file;
            add_header Cache-Control $lh_cache always;
        }}
"""
    return f"""# Written by Lecture Hall: `lecturehall live nginx-config`. Keep it private (it holds the link secret).
load_module {find_rtmp_module(settings)};
{_user_line(settings)}worker_processes auto;
error_log {prefix}logs/error.log warn;
pid {prefix}logs/nginx.pid;
events {{
    worker_connections 4096;
}}

{_rtmp_block(settings)}
http {{
{_common_http(settings, prefix)}
    types {{ {types} }}
    default_type application/octet-stream;
    # playlists change every segment; segments never do
    map $lh_file $lh_cache {{
        ~\\.m3u8$ "private, no-cache";
        default "private, max-age=86400";
    }}

    server {{
        listen 127.0.0.1:{settings.http_port};
{_stat_location()}    }}

    server {{
        listen {server_listen};
        server_name {server_name};
        # /live/<expires>/<hash>/<lecture>/<file>: the lecture's live (then finished) HLS
{signed("live", "[0-9A-Za-z_]+", live)}        # /replay/<expires>/<hash>/<lecture>/<replay folder>/<file>: published replays
{signed("replay", "[0-9A-Za-z_]+/[A-Za-z0-9_.-]+", media + "/replays")}    }}
}}
"""


def _user_line(settings: LiveSettings) -> str:
    if settings.nginx_user:
        return f"user {settings.nginx_user};\n"
    if os.geteuid() == 0:
        # A master started by root hands its workers to "nobody"; the embedded nginx runs as the app does, so it
        # reads the app's files and nothing more.
        return f"user {pwd.getpwuid(os.geteuid()).pw_name};\n"
    return ""


# --- the child process ----------------------------------------------------------------------------------------

class NginxServer:
    """nginx as a child process under ``settings.nginx_prefix`` (conf/nginx.conf, logs/, tmp/): ``start()`` writes
    the configuration, checks it (``nginx -t``) and waits until both ports answer; ``reload()`` rewrites and
    re-reads it without dropping pushes; ``stop()`` ends it. Needs no root: ports above 1023 and files in the
    prefix."""

    def __init__(self, settings: LiveSettings, config: str | None = None):
        self.settings = settings
        self.prefix = Path(settings.nginx_prefix).resolve()
        self.config = config
        self.process: subprocess.Popen | None = None

    @property
    def conf_path(self) -> Path:
        return self.prefix / "conf" / "nginx.conf"

    @property
    def error_log(self) -> Path:
        return self.prefix / "logs" / "error.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running else None

    def _argv(self, *extra: str) -> list[str]:
        return [find_nginx(self.settings), "-p", f"{self.prefix}/", "-e", str(self.error_log),
                "-c", str(self.conf_path), *extra]

    def write_config(self) -> Path:
        for folder in ("conf", "logs", *(f"tmp/{name}" for name in TEMP_FOLDERS)):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        Path(self.settings.live_root).mkdir(parents=True, exist_ok=True)
        text = self.config if self.config is not None else render_embedded(self.settings)
        self.conf_path.write_text(text, encoding="utf-8")
        self.conf_path.chmod(0o600)
        return self.conf_path

    def check(self) -> None:
        done = subprocess.run(self._argv("-t"), capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            if "ngx_rtmp_module" in done.stderr and "dlopen" in done.stderr:
                raise NginxMissing(f"nginx cannot load its RTMP module. Install it with: {INSTALL_HINT}")
            raise NginxFailed(f"nginx refused its configuration {self.conf_path}:\n{done.stderr.strip()}")

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        self.write_config()
        self.check()
        self.process = processes.spawn(self._argv("-g", "daemon off;"), stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NginxFailed(f"nginx exited at start (code {self.process.returncode}):\n{self.log_tail()}")
            if _answers(self.settings.rtmp_port) and _answers(self.settings.http_port):
                return
            time.sleep(0.05)
        self.stop()
        raise NginxFailed(f"nginx did not open ports {self.settings.rtmp_port} and {self.settings.http_port} "
                          f"within {timeout:.0f} s:\n{self.log_tail()}")

    def reload(self) -> None:
        """Re-reads a rewritten configuration; pushes and packagers carry on (nginx's graceful reload)."""
        self.write_config()
        self.check()
        if self.running:
            self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process, grace=5.0)  # fast shutdown: a graceful one would wait for every push to end
            self.process = None

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.error_log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        return ""

    def __enter__(self) -> NginxServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False
