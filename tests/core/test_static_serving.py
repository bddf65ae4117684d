"""Static files as the app serves them (WhiteNoise over the build): hashed URLs in pages, a year's immutable caching
for them, brotli or gzip by Accept-Encoding, plain names still served (briefly cached), a 404 for a hash the build
does not hold, pages still never stored; and the same from nginx with the README's location block."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from lecturehall.core.asset_build import FILES, Manifest
from lecturehall.core.assets import IMMUTABLE, NGINX_BROTLI_MODULE, nginx_static_location
from tests.conftest import free_port

STATIC = Path(__file__).resolve().parents[2] / "lecturehall" / "static"
HASHED_URL = re.compile(r"/static/(?:[\w.-]+/)*[\w.-]+\.[0-9a-f]{12}(?:\.\w+)?")


@pytest.fixture
def manifest(app) -> Manifest:
    return app.extensions["lecturehall.assets"].manifest()


def built(app, name: str) -> bytes:
    assets = app.extensions["lecturehall.assets"]
    return (assets.files_dir / assets.manifest().files[name]).read_bytes()


def test_pages_link_hashed_urls_and_stay_uncached(client, manifest):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert f'href="/static/{manifest.files["css/app.css"]}"' in html
    assert f'src="/static/{manifest.files["js/app.js"]}"' in html
    assert f'href="/static/{manifest.files["favicon.svg"]}"' in html
    assert all(HASHED_URL.fullmatch(url) for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ["js/app.js", "css/app.css", "vendor/hls.js/hls.min.js", "js/player/player.js"])
def test_a_hashed_url_is_immutable_and_compressed_as_accepted(app, client, manifest, name):
    url = f"/static/{manifest.files[name]}"
    data = built(app, name)
    for accept, encoding, decode in (("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress),
                                     ("", None, lambda body: body), ("identity", None, lambda body: body)):
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200, accept
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.headers.get("Content-Encoding") == encoding
        assert response.headers["Content-Type"].split(";")[0] == (
            "text/css" if name.endswith(".css") else "text/javascript")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert int(response.headers["Content-Length"]) == len(response.data)
        assert decode(response.data) == data, accept
    if name == "vendor/hls.js/hls.min.js":
        assert data == (STATIC / name).read_bytes()  # a vendor file is served as shipped
        assert len(client.get(url, headers={"Accept-Encoding": "br"}).data) < 200_000


def test_plain_names_still_work_with_a_short_cache(app, client):
    response = client.get("/static/js/app.js", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"max-age={app.config['STATIC_MAX_AGE']}, public"
    assert brotli.decompress(response.data) == (STATIC / "js/app.js").read_bytes()
    # A module under its plain name imports the hashed names: one consistent version either way.
    player = client.get("/static/js/player/index.js").get_data(as_text=True)
    assert re.search(r'from "\./player\.[0-9a-f]{12}\.js"', player)


def test_a_hash_that_does_not_match_is_a_404(client, manifest):
    hashed = manifest.files["js/app.js"]
    wrong = re.sub(r"\.[0-9a-f]{12}\.js$", ".0123456789ab.js", hashed)
    assert wrong != hashed
    assert client.get(f"/static/{wrong}").status_code == 404
    assert client.get("/static/js/app.js.br").status_code == 404  # compressed copies only through Accept-Encoding
    assert client.get("/static/js/nothing.js").status_code == 404


def test_revalidation_of_a_plain_name_answers_304(client):
    first = client.get("/static/css/app.css")
    again = client.get("/static/css/app.css", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_lecture_page_preloads_the_players_modules_by_hashed_name(app, client, create_lecture, transcoded,
                                                                       manifest):
    from lecturehall.modules.lectures.models import ReplayVisibility

    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    transcoded(lecture)
    html = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert f'<script type="module" src="/static/{manifest.files["js/player/index.js"]}">' in html
    assert f'src="/static/{manifest.files["vendor/hls.js/hls.min.js"]}" defer' in html
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    assert preloads == [f"/static/{manifest.files[name]}" for name in manifest.transitive_imports(
        "js/player/index.js")]
    assert len(preloads) == 9  # player, controls, dom, heartbeats, live, reporting, source, thumbnails, tracks


def test_the_favicon_is_served_where_browsers_look(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.data == (STATIC / "favicon.ico").read_bytes()
    assert "max-age=" in response.headers["Cache-Control"]


def test_a_build_folder_that_cannot_be_written_leaves_the_site_working(make_app, tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the build folder should be")
    app = make_app(STATIC_BUILD_DIR=str(blocked / "static"))
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    assert 'href="/static/css/app.css"' in html  # plain names, served by Flask from the sources
    assert client.get("/static/css/app.css").data == (STATIC / "css/app.css").read_bytes()
    assert "could not be built" in caplog.text


# -- nginx with the README's location block ------------------------------------------------------------------

def test_the_readme_shows_the_location_block():
    readme = (STATIC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert nginx_static_location("/srv/lecturehall/build/static/files") in readme


def fetch(url: str, accept: str = "") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def nginx(tmp_path, app):
    """Debian's nginx with the brotli static module, serving the app's build with nginx_static_location()."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists() or not Path(NGINX_BROTLI_MODULE).exists():
        pytest.fail("nginx and its brotli module are missing: scripts/setup.sh --tests installs them")
    assets = app.extensions["lecturehall.assets"]
    assets.manifest()
    port = free_port()
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    location = nginx_static_location(assets.files_dir, max_age=300)
    (prefix / "nginx.conf").write_text(f"""load_module {NGINX_BROTLI_MODULE};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
""")
    argv = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    check = subprocess.run([*argv, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    with open(prefix / "logs" / "stderr.log", "w") as log:  # the child keeps its own copy
        process = subprocess.Popen(argv, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(f"{base}/static/", timeout=1)
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            assert process.poll() is None, (prefix / "logs" / "stderr.log").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_nginx_serves_the_build_as_the_app_does(nginx, app, manifest):
    name = "js/player/player.js"
    url = f"{nginx}/static/{manifest.files[name]}"
    data = built(app, name)
    for accept, encoding, decode in (("gzip, deflate, br", "br", brotli.decompress),
                                     ("gzip", "gzip", gzip.decompress), ("", None, lambda body: body)):
        status, headers, body = fetch(url, accept)
        assert status == 200
        assert headers["Cache-Control"] == IMMUTABLE
        assert headers.get("Content-Encoding") == encoding
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "javascript" in headers["Content-Type"]
        assert decode(body) == data
        if encoding:
            assert headers["Vary"] == "Accept-Encoding"
    status, headers, body = fetch(f"{nginx}/static/css/app.css", "br")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=300"
    assert brotli.decompress(body) == (STATIC / "css/app.css").read_bytes()
    wrong = re.sub(r"\.[0-9a-f]{12}\.js$", ".0123456789ab.js", manifest.files[name])
    assert fetch(f"{nginx}/static/{wrong}")[0] == 404
    assert fetch(f"{nginx}/static/js/app.js.br")[0] == 404
