"""Signed live and replay prefixes: the same signature checked by Python (signing.verify) and by a real nginx
(secure_link in the rendered production configuration)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from lecturehall.modules.live import signing
from lecturehall.modules.live.nginx import NginxServer, render_production
from lecturehall.modules.live.settings import LiveSettings
from tests.live.conftest import free_port

SECRET = signing.link_secret("test-app-secret")


def parts(prefix: str, file: str = "master.m3u8"):
    return signing.split_path(prefix + file)


def test_python_accepts_its_own_link_and_refuses_the_rest():
    viewer, other = signing.new_viewer_cookie(), signing.new_viewer_cookie()
    prefix = signing.mint("live", "42", viewer, SECRET, ttl=60)
    kind, expires, digest, scope, file = parts(prefix, "video/source/seg_0_00001.m4s")
    assert (kind, scope, file) == ("live", "42", "video/source/seg_0_00001.m4s")
    assert signing.verify(kind, expires, digest, scope, viewer, SECRET) is signing.Verdict.OK
    assert signing.verify(kind, expires, digest, scope, other, SECRET) is signing.Verdict.FORBIDDEN
    assert signing.verify(kind, expires, digest, scope, None, SECRET) is signing.Verdict.FORBIDDEN
    assert signing.verify(kind, expires, digest, "43", viewer, SECRET) is signing.Verdict.FORBIDDEN
    assert signing.verify(kind, int(expires) + 1, digest, scope, viewer, SECRET) is signing.Verdict.FORBIDDEN
    assert signing.verify("replay", expires, digest, "42/v1", viewer, SECRET) is signing.Verdict.FORBIDDEN
    assert signing.verify(kind, expires, digest, scope, viewer, SECRET, now=time.time() + 120) \
        is signing.Verdict.EXPIRED
    assert signing.split_path(prefix + "../43/master.m3u8") is None
    assert signing.split_path(prefix + ".hidden") is None


@pytest.fixture(scope="module")
def media_nginx(tmp_path_factory):
    """A real nginx running the production configuration over a tiny live folder and replay folder."""
    root = tmp_path_factory.mktemp("prod")
    settings = LiveSettings(live_root=root / "live", nginx_prefix=root / "nginx", callback_url="http://127.0.0.1:9/x",
                            rtmp_listen=f"127.0.0.1:{free_port()}", http_listen=f"127.0.0.1:{free_port()}")
    (root / "live" / "42" / "video" / "source").mkdir(parents=True)
    (root / "live" / "42" / "master.m3u8").write_text("#EXTM3U\n")
    (root / "live" / "42" / "video" / "source" / "seg_0_00001.m4s").write_bytes(b"\0" * 100)
    (root / "media" / "replays" / "42" / "v7-1").mkdir(parents=True)
    (root / "media" / "replays" / "42" / "v7-1" / "master.m3u8").write_text("#EXTM3U\n#replay\n")
    port = free_port()
    server = NginxServer(settings, config=render_production(settings, link_secret=SECRET, media_root=root / "media",
                                                            server_listen=f"127.0.0.1:{port}"))
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def fetch(url: str, cookie: str | None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Cookie": f"{signing.COOKIE_NAME}={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, b"", {}


def test_nginx_serves_a_good_link_and_refuses_bad_ones(media_nginx):
    viewer, other = signing.new_viewer_cookie(), signing.new_viewer_cookie()
    prefix = signing.mint("live", "42", viewer, SECRET, ttl=60)
    status, body, headers = fetch(media_nginx + prefix + "master.m3u8", viewer)
    assert (status, body) == (200, b"#EXTM3U\n")
    assert headers["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "no-cache" in headers["Cache-Control"]
    status, body, headers = fetch(media_nginx + prefix + "video/source/seg_0_00001.m4s", viewer)
    assert (status, len(body), headers["Content-Type"]) == (200, 100, "video/iso.segment")
    assert fetch(media_nginx + prefix + "master.m3u8", other)[0] == 403  # another browser
    assert fetch(media_nginx + prefix + "master.m3u8", None)[0] == 403
    assert fetch(media_nginx + prefix.replace("/42/", "/43/") + "master.m3u8", viewer)[0] == 403
    tampered = prefix.split("/")
    tampered[3] = tampered[3][::-1]
    assert fetch(media_nginx + "/".join(tampered) + "master.m3u8", viewer)[0] == 403
    expired = signing.mint("live", "42", viewer, SECRET, ttl=-10)
    assert fetch(media_nginx + expired + "master.m3u8", viewer)[0] == 410
    assert signing.verify(*parts(expired)[:4], viewer, SECRET) is signing.Verdict.EXPIRED
    assert fetch(media_nginx + prefix + "../../etc/passwd", viewer)[0] in (400, 403, 404)


def test_nginx_and_python_agree_on_replays(media_nginx):
    viewer = signing.new_viewer_cookie()
    prefix = signing.mint("replay", "42/v7-1", viewer, SECRET, ttl=60)
    assert signing.verify(*parts(prefix)[:4], viewer, SECRET) is signing.Verdict.OK
    assert fetch(media_nginx + prefix + "master.m3u8", viewer)[:2] == (200, b"#EXTM3U\n#replay\n")
    assert fetch(media_nginx + prefix + "master.m3u8", signing.new_viewer_cookie())[0] == 403
    live_prefix = signing.mint("live", "42", viewer, SECRET, ttl=60)
    forged = live_prefix.replace("/live/", "/replay/").replace("/42/", "/42/v7-1/")
    assert fetch(media_nginx + forged + "master.m3u8", viewer)[0] == 403  # a live link is no replay link
