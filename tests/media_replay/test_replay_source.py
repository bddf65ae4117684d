"""The replay's current URLs for the player whose own were refused (media.replay_source): what the lecture page
would give the viewer now, behind the same checks as the files themselves."""

import io
import re

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.models import ReplayVisibility, Visibility
from lecturehall.modules.media import operations, signals

PLAYLIST = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=160x90\nv0/index.m3u8\n"
FILES = {"poster": "poster.jpg", "thumbnails": "thumbnails/thumbnails.vtt"}


def publish_version(lecture_id: int, name: str):
    """A replay folder published as the transcoding job publishes one (each time a new version)."""
    storage = get_storage()
    directory = f"replays/{lecture_id}/{name}"
    for path, data in {"master.m3u8": PLAYLIST, "poster.jpg": b"\xff\xd8poster",
                       "thumbnails/thumbnails.vtt": b"WEBVTT\n"}.items():
        storage.save(f"{directory}/{path}", io.BytesIO(data))
    replay = operations.publish_replay(lecture_id, directory, duration=2.0, has_video=True, quick=False,
                                       files=FILES)
    db.session.commit()
    return replay


def page_attribute(client, lecture_id: int, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', client.get(f"/lectures/{lecture_id}").get_data(as_text=True))
    assert match, f"no data-{name} on the page"
    return match.group(1)


def test_the_source_is_the_pages_and_follows_a_new_version(app, client, create_lecture):
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    publish_version(lecture.id, "quick-1")
    url = f"/lectures/{lecture.id}/replay/source"
    assert page_attribute(client, lecture.id, "source-url") == url

    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "no-store" in response.headers["Cache-Control"]
    source = response.get_json()
    assert set(source) >= {"src", "poster", "thumbnails", "version", "quick"}
    assert source["version"] == 1 and source["quick"] is False
    # Built by the same function as the page's (tokens are the same within the hour).
    assert source["src"] == page_attribute(client, lecture.id, "src")
    assert source["src"].endswith("/master.m3u8") and source["poster"].endswith("/poster.jpg")
    assert source["thumbnails"].endswith("/thumbnails/thumbnails.vtt")
    assert client.get(source["src"]).data == PLAYLIST

    # The job publishes the full ladder as a new version: the old URLs are refused, the source has new ones.
    publish_version(lecture.id, "v1-1")
    assert client.get(source["src"]).status_code == 403
    fresh = client.get(url).get_json()
    assert fresh["version"] == 2 and fresh["src"] != source["src"]
    assert client.get(fresh["src"]).status_code == 200
    assert client.get(fresh["poster"]).status_code == 200
    assert client.get(fresh["thumbnails"]).status_code == 200


def test_only_for_viewers_who_may_watch(app, client, create_lecture, create_user, login):
    lecture = create_lecture(replay_visibility=ReplayVisibility.registered)
    url = f"/lectures/{lecture.id}/replay/source"
    assert client.get(url).status_code == 404  # no replay yet
    publish_version(lecture.id, "v1-1")
    anonymous = client.get(url)
    assert anonymous.status_code == 404 and anonymous.mimetype == "application/json"

    viewer = create_user()
    login(viewer)
    source = client.get(url).get_json()
    assert client.get(source["src"]).status_code == 200
    # Minted for this viewer: another session cannot use it.
    assert app.test_client().get(source["src"]).status_code in (403, 404)

    hidden = create_lecture("Invited countries only", visibility=Visibility.countries, countries=["FR"],
                            replay_visibility=ReplayVisibility.public)
    publish_version(hidden.id, "v1-1")
    assert client.get(f"/lectures/{hidden.id}/replay/source").status_code == 404
    assert client.get("/lectures/999999/replay/source").status_code == 404


def test_a_module_serving_the_files_itself_names_them_here_too(app, client, create_lecture):
    """In production the live module answers replay_source with nginx's signed prefix; the player's fresh URLs come
    from the same place as the page's."""
    lecture = create_lecture(replay_visibility=ReplayVisibility.public)
    publish_version(lecture.id, "v1-1")

    def prefix(_lecture, replay, **_kwargs):
        return f"/replay/signed-for-test/{replay.directory}/"

    with signals.replay_source.connected_to(prefix):
        source = client.get(f"/lectures/{lecture.id}/replay/source").get_json()
        assert source["src"] == page_attribute(client, lecture.id, "src")
    assert source["src"] == f"/replay/signed-for-test/replays/{lecture.id}/v1-1/master.m3u8"
    assert source["poster"] == f"/replay/signed-for-test/replays/{lecture.id}/v1-1/poster.jpg"
