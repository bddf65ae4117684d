"""Who may watch, with a real push: the lecture page's live section and state, and the viewer-bound signed URLs —
served by the app on the embedded default, and by nginx with the configuration `lecturehall live nginx-config`
prints (production) — refused to viewers who are not registered and to other browsers. A packager killed on air
is restarted."""

from __future__ import annotations

import os
import re
import signal
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import timedelta

import sqlalchemy as sa

from lecturehall.cli import cli
from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures.models import Visibility
from lecturehall.modules.live import operations, signing
from lecturehall.modules.live.models import LiveSession
from lecturehall.modules.live.nginx import NginxServer
from lecturehall.modules.registrations import operations as registrations
from tests.conftest import STRONG_PASSWORD
from tests.live.conftest import free_port, wait_for


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    cookies = [f"{signing.COOKIE_NAME}={cookie}"] if cookie else []
    request = urllib.request.Request(url, headers={"Cookie": "; ".join(cookies)} if cookies else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def session_of(lecture_id):
    db.session.expire_all()
    return db.session.execute(sa.select(LiveSession).where(LiveSession.lecture_id == lecture_id)).scalar_one()


def first_segment(master: str, base: str) -> tuple[str, str]:
    """The video playlist's URL and its first segment's, from a master playlist served under ``base``."""
    variant = next(line for line in master.splitlines() if line and not line.startswith("#"))
    return base + variant, variant.rsplit("/", 1)[0] + "/"


def test_registered_viewers_get_a_signed_stream_others_are_refused_app_and_nginx(live_app, create_lecture,
                                                                                 create_user, tmp_path):
    app = live_app.app
    lecture = create_lecture("Digital trade rules", starts_at=utcnow() + timedelta(minutes=5), timezone="UTC",
                             visibility=Visibility.registered)
    key = operations.ensure_stream(lecture).stream_key
    db.session.commit()
    participant = create_user("participant@example.org", role=Role.participant)
    stranger = create_user("stranger@example.org", role=Role.participant)
    registrations.register(lecture.id, participant)
    db.session.commit()

    viewer, other = app.test_client(), app.test_client()
    for client, user in ((viewer, participant), (other, stranger)):
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        assert client.post("/login", data={"csrf_token": token, "email": user.email,
                                           "password": STRONG_PASSWORD}).status_code == 302

    page = viewer.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert 'data-state="waiting"' in page and "The stream has not started yet" in page
    assert re.search(r'src="/static/js/live_page\.[0-9a-f]{12}\.js"', page)
    assert viewer.get(f"/lectures/{lecture.id}/live/state").get_json()["state"] == "waiting"

    live_app.pipelines.start()
    live_app.push.main(key, 20)
    state = wait_for(lambda: (lambda s: s if s["state"] == "live" else None)(
        viewer.get(f"/lectures/{lecture.id}/live/state").get_json()), message="the state turning live")
    assert state["allowed"] and state["src"].startswith("/live/") and state["src"].endswith("/master.m3u8")
    cookie = viewer.get_cookie(signing.COOKIE_NAME).value
    refused = other.get(f"/lectures/{lecture.id}/live/state").get_json()
    assert refused["state"] == "live" and not refused["allowed"] and refused["src"] == ""
    assert "Only registered participants" in other.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    page = viewer.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert 'data-mode="live"' in page and re.search(rf'data-src="/live/\d+/[\w-]{{22}}/{lecture.id}/master.m3u8"', page)

    # the app's own path (embedded default)
    base = live_app.url + state["src"].rsplit("/", 1)[0] + "/"
    directory = live_app.lecture_dir(lecture.id)
    wait_for(lambda: (directory / "master.m3u8").is_file(), message="the master playlist")
    status, master = fetch(base + "master.m3u8", cookie)
    assert status == 200 and b"#EXT-X-STREAM-INF" in master
    video_url, folder = first_segment(master.decode(), base)
    status, video = fetch(video_url, cookie)
    segment = next(line for line in video.decode().splitlines() if line.endswith(".m4s"))
    assert fetch(base + folder + segment, cookie)[0] == 200
    other_cookie = other.get_cookie(signing.COOKIE_NAME)
    other_cookie = other_cookie.value if other_cookie else signing.new_viewer_cookie()
    assert fetch(base + "master.m3u8", other_cookie)[0] == 403  # the URL copied into another browser
    assert fetch(base + folder + segment, other_cookie)[0] == 403
    assert fetch(base + folder + segment)[0] == 403  # no cookie at all
    expired = signing.mint("live", str(lecture.id), cookie, signing.link_secret(app.config["SECRET_KEY"]), ttl=-5)
    assert fetch(live_app.url + expired + "master.m3u8", cookie)[0] == 410

    # a packager killed on air is restarted by the supervisor, and the worker's report (jobs page) says so
    pid = wait_for(lambda: next((h.pid for h in live_app.pipelines.supervisor.health() if h.pid), None),
                   message="the packager's pid")
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: (lambda s: s.health.get("crashes", 0) >= 1 and s.health.get("pid") not in (None, pid))(
        session_of(lecture.id)), timeout=20, message="the packager restarted")
    assert fetch(base + "master.m3u8", cookie)[0] == 200

    # production: nginx with `lecturehall live nginx-config` serves the same URLs and checks them itself
    port = free_port()
    with app.app_context():  # this app's settings, not the `app` fixture's
        result = app.test_cli_runner().invoke(cli, ["live", "nginx-config", "--listen", f"127.0.0.1:{port}"])
    assert result.exit_code == 0, result.output
    # a second nginx beside the embedded one: its own ports and folder
    settings = replace(live_app.settings, nginx_prefix=tmp_path / "prod-nginx",
                       rtmp_listen=f"127.0.0.1:{free_port()}", http_listen=f"127.0.0.1:{free_port()}")
    config = result.output.replace(live_app.settings.rtmp_listen, settings.rtmp_listen) \
        .replace(f"127.0.0.1:{live_app.settings.http_port}", settings.http_listen) \
        .replace(str(live_app.settings.nginx_prefix.resolve()), str(settings.nginx_prefix.resolve()))
    with NginxServer(settings, config=config):
        nginx = f"http://127.0.0.1:{port}" + state["src"].rsplit("/", 1)[0] + "/"
        status, body = fetch(nginx + "master.m3u8", cookie)
        assert status == 200 and body.startswith(b"#EXTM3U")
        assert fetch(nginx + folder + segment, cookie)[0] == 200
        assert fetch(nginx + folder + segment, other_cookie)[0] == 403
        assert fetch(nginx + "master.m3u8")[0] == 403
