"""In production (LIVE_EMBEDDED_NGINX off) the replay player plays from nginx: the lecture page's player names a
signed /replay/ URL minted for the viewer's browser, which a real nginx running `lecturehall live nginx-config`
serves (master playlist, rendition, segment, poster) and refuses to another browser, to a tampered or expired link;
a viewer the replay's visibility keeps out gets no URL; on the embedded default the player keeps the app's URLs."""

from __future__ import annotations

import re
import subprocess

import pytest

from lecturehall.cli import cli
from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.models import ReplayVisibility
from lecturehall.modules.live import signing
from lecturehall.modules.live.nginx import NginxServer
from lecturehall.modules.live.runtime import live_settings
from lecturehall.modules.media.models import Replay
from tests.conftest import STRONG_PASSWORD, csrf_token_from
from tests.live.conftest import free_port
from tests.live_app.test_watch import fetch


@pytest.fixture(scope="module")
def replay_files(tmp_path_factory):
    """A tiny real replay as media lays it out: master.m3u8 naming a rendition in a sub-folder, and a poster."""
    folder = tmp_path_factory.mktemp("replay")
    (folder / "v0").mkdir()
    subprocess.run([
        "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=2",
        "-c:v", "libx264", "-g", "10", "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4",
        "-hls_playlist_type", "vod", "-hls_segment_filename", str(folder / "v0" / "seg_%03d.m4s"),
        str(folder / "v0" / "index.m3u8"),
    ], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90", "-frames:v", "1",
                    str(folder / "poster.jpg")], check=True)
    (folder / "master.m3u8").write_text("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=160x90\n"
                                        "v0/index.m3u8\n")
    return folder


def publish(lecture, folder) -> Replay:
    storage = get_storage()
    directory = f"replays/{lecture.id}/v1"
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                storage.save(f"{directory}/{path.relative_to(folder).as_posix()}", handle)
    replay = Replay(lecture_id=lecture.id, directory=directory, version=1, duration=2.0, poster_path="poster.jpg")
    db.session.add(replay)
    db.session.commit()
    return replay


def log_in(client, user) -> None:
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"csrf_token": token, "email": user.email,
                                       "password": STRONG_PASSWORD}).status_code == 302


def attribute(page: str, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', page)
    assert match, f"no data-{name} on the page"
    return match.group(1)


def test_production_replays_play_from_nginx_under_viewer_bound_links(make_app, app, create_lecture, create_user,
                                                                     replay_files, tmp_path):
    port = free_port()
    production = make_app(LIVE_EMBEDDED_NGINX=False, LIVE_RTMP_LISTEN=f"127.0.0.1:{free_port()}",
                          LIVE_HTTP_LISTEN=f"127.0.0.1:{free_port()}", LIVE_NGINX_PREFIX=str(tmp_path / "nginx"))
    lecture = create_lecture("Customs data exchange", replay_visibility=ReplayVisibility.registered)
    publish(lecture, replay_files)
    participant = create_user("participant@example.org")
    viewer, other, anonymous = production.test_client(), production.test_client(), production.test_client()
    log_in(viewer, participant)
    log_in(other, create_user("colleague@example.org"))

    page = viewer.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    src = attribute(page, "src")
    assert re.fullmatch(rf"/replay/\d+/[\w-]{{22}}/{lecture.id}/v1/master\.m3u8", src), src
    prefix = src.removesuffix("master.m3u8")
    assert attribute(page, "poster") == prefix + "poster.jpg"
    cookie = viewer.get_cookie(signing.COOKIE_NAME).value  # set by this page, HttpOnly
    assert viewer.get_cookie(signing.COOKIE_NAME).http_only
    # the same link within the hour (the browser's cache keeps the segments)
    assert attribute(viewer.get(f"/lectures/{lecture.id}").get_data(as_text=True), "src") == src
    # the replay's visibility still decides: an anonymous visitor of a "registered" replay gets no player
    assert "/replay/" not in anonymous.get(f"/lectures/{lecture.id}").get_data(as_text=True)

    with production.app_context():
        result = production.test_cli_runner().invoke(cli, ["live", "nginx-config", "--listen", f"127.0.0.1:{port}"])
        settings = live_settings()
    assert result.exit_code == 0, result.output
    with NginxServer(settings, config=result.output):
        nginx = f"http://127.0.0.1:{port}"
        status, master = fetch(nginx + src, cookie)
        assert status == 200 and master.startswith(b"#EXTM3U") and b"v0/index.m3u8" in master
        status, rendition = fetch(nginx + prefix + "v0/index.m3u8", cookie)
        assert status == 200
        segment = next(line for line in rendition.decode().splitlines() if line.endswith(".m4s"))
        status, body = fetch(nginx + prefix + "v0/" + segment, cookie)
        assert status == 200 and body == (replay_files / "v0" / segment).read_bytes()
        assert fetch(nginx + prefix + "poster.jpg", cookie)[0] == 200

        # the link copied into another browser (its own cookie), or without any cookie: refused
        other.get(f"/lectures/{lecture.id}")
        other_cookie = other.get_cookie(signing.COOKIE_NAME).value
        assert other_cookie != cookie
        assert fetch(nginx + src, other_cookie)[0] == 403
        assert fetch(nginx + prefix + "v0/" + segment, other_cookie)[0] == 403
        assert fetch(nginx + src)[0] == 403
        # tampered: another replay folder or lecture under the same hash, a changed expiry
        assert fetch(nginx + src.replace(f"/{lecture.id}/v1/", f"/{lecture.id}/v2/"), cookie)[0] == 403
        expires = src.split("/")[2]
        assert fetch(nginx + src.replace(f"/{expires}/", f"/{int(expires) + 3600}/"), cookie)[0] == 403
        expired = signing.mint("replay", f"{lecture.id}/v1", cookie,
                               signing.link_secret(production.config["SECRET_KEY"]), ttl=-5)
        assert fetch(nginx + expired + "master.m3u8", cookie)[0] == 410

    # the embedded default: the app serves the replay under media's own URLs
    embedded = app.test_client()
    log_in(embedded, participant)
    page = embedded.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    src = attribute(page, "src")
    assert src.startswith(f"/lectures/{lecture.id}/replay/") and src.endswith("/master.m3u8")
    assert embedded.get(src).status_code == 200
