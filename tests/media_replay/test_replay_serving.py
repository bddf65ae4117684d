"""Serving a published replay: signed URLs bound to the viewer, replay visibility, HTTP Range, resume position,
and the player on the lecture page."""

import re
import subprocess
from datetime import UTC, datetime

import pytest
import time_machine

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.models import ReplayVisibility
from lecturehall.modules.media.models import Replay


@pytest.fixture(scope="module")
def hls_folder(tmp_path_factory):
    """A tiny real HLS replay (fMP4 segments) made by ffmpeg."""
    folder = tmp_path_factory.mktemp("hls")
    subprocess.run([
        "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=3",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-g", "20", "-c:a", "aac",
        "-b:a", "48k", "-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod",
        "-hls_segment_filename", str(folder / "seg_%03d.m4s"), str(folder / "master.m3u8"),
    ], check=True)
    return folder


def publish(lecture, folder, **extra) -> Replay:
    storage = get_storage()
    directory = f"replays/{lecture.id}/v1"
    for path in folder.iterdir():
        with path.open("rb") as handle:
            storage.save(f"{directory}/{path.name}", handle)
    replay = Replay(lecture_id=lecture.id, directory=directory, version=1, duration=3.0, **extra)
    db.session.add(replay)
    db.session.commit()
    return replay


def player_src(body: str) -> str:
    match = re.search(r'data-src="([^"]+)"', body)
    assert match, "no player on the page"
    return match.group(1)


def test_lecture_page_plays_the_replay_through_signed_urls(app, client, create_lecture, create_user, login,
                                                           hls_folder):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    publish(lecture, hls_folder)
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    src = player_src(body)
    assert src.endswith("/master.m3u8") and "vendor/hls.js/hls.min." in body
    # The player is an ES module placed after hls.js's deferred classic script: both run in document order once
    # the page is parsed, so window.Hls is there when the player starts. A module needs a JavaScript MIME type.
    module = re.search(r'<script type="module" src="([^"]+/js/player/index\.[0-9a-f]{12}\.js)"></script>', body)
    assert module and body.index("vendor/hls.js/hls.min.") < module.start()
    assert client.get(module.group(1)).mimetype in {"text/javascript", "application/javascript"}
    playlist = client.get(src)
    assert playlist.status_code == 200
    assert playlist.mimetype == "application/vnd.apple.mpegurl"
    segment = src.replace("master.m3u8", "seg_000.m4s")
    ranged = client.get(segment, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.data) == 100
    assert ranged.headers["Content-Range"].startswith("bytes 0-99/")
    # A made-up token, or one for another version of the replay, opens nothing.
    forged = re.sub(r"/replay/[^/]+/", "/replay/not-a-token/", src)
    assert client.get(forged).status_code == 403
    assert client.get(src.replace("master.m3u8", "../../../secret_key")).status_code == 404


def test_registered_only_replay_and_tokens_bound_to_the_viewer(app, client, make_app, create_lecture,
                                                               create_user, login, hls_folder):
    lecture = create_lecture(replay_visibility=ReplayVisibility.registered)
    publish(lecture, hls_folder)
    assert "data-src" not in client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    viewer = create_user()
    login(viewer)
    src = player_src(client.get(f"/lectures/{lecture.id}").get_data(as_text=True))
    assert client.get(src).status_code == 200
    # The same URL in another session (someone it was passed on to) is refused.
    stranger = app.test_client()
    assert stranger.get(src).status_code in (403, 404)
    other = create_user()
    stranger.post("/login", data={"csrf_token": _token(stranger), "email": other.email,
                                  "password": "correct horse battery staple 42"})
    assert stranger.get(src).status_code == 403


def test_replay_urls_stay_the_same_within_the_hour_then_expire(app, client, create_lecture, hls_folder):
    """A returning viewer gets the same URLs within the hour, so the browser's cache serves the poster and the
    segments again; a URL still expires 11 to 12 hours after it was made."""
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    publish(lecture, hls_folder)

    def src_at(hour: int, minute: int, second: int = 0) -> str:
        with time_machine.travel(datetime(2026, 12, 1, hour, minute, second, tzinfo=UTC), tick=False):
            return player_src(client.get(f"/lectures/{lecture.id}").get_data(as_text=True))

    def status_at(url: str, hour: int, minute: int, second: int = 0) -> int:
        with time_machine.travel(datetime(2026, 12, 1, hour, minute, second, tzinfo=UTC), tick=False):
            return client.get(url).status_code

    src = src_at(9, 0, 5)
    assert src_at(9, 59, 59) == src
    assert src_at(10, 0, 1) != src
    assert status_at(src, 20, 59) == 200
    assert status_at(src, 21, 0, 1) == 403


def _token(client) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/login").get_data(as_text=True))


def test_resume_position_is_kept_per_viewer(app, client, create_lecture, create_user, login, hls_folder):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    publish(lecture, hls_folder)
    login(create_user())
    body = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    csrf = re.search(r'data-csrf="([^"]+)"', body).group(1)
    url = f"/lectures/{lecture.id}/replay/position"
    assert client.get(url).get_json() == {"position": 0.0}
    assert client.put(url, json={"position": 1.5}).status_code == 400  # no CSRF token
    assert client.put(url, json={"position": 1.5}, headers={"X-CSRFToken": csrf}).status_code == 200
    assert client.get(url).get_json() == {"position": 1.5}
    assert client.put(url, json={"position": -3}, headers={"X-CSRFToken": csrf}).status_code == 400


def test_download_only_when_allowed(app, client, create_lecture, hls_folder):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    replay = publish(lecture, hls_folder, download_path=None)
    assert client.get(f"/lectures/{lecture.id}/replay/download").status_code == 404
    storage = get_storage()
    with (hls_folder / "seg_000.m4s").open("rb") as handle:
        storage.save(f"{replay.directory}/download.mp4", handle)
    replay.download_path = f"{replay.directory}/download.mp4"
    replay.allow_download = True
    db.session.commit()
    response = client.get(f"/lectures/{lecture.id}/replay/download")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]


def test_no_replay_no_player(app, client, create_lecture):
    lecture = create_lecture()
    assert "lh-player" not in client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert client.get(f"/lectures/{lecture.id}/replay/x/master.m3u8").status_code == 404
