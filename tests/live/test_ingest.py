"""nginx as the ingest: started by the engine, asking the app about every push, renaming allowed pushes to the
lecture's internal name and refusing unknown keys."""

from __future__ import annotations

import subprocess
import pytest

from lecturehall.modules.live import callbacks, nginx
from lecturehall.modules.live.settings import LiveSettings
from lecturehall.modules.live.stat import read_stat
from tests.live.conftest import wait_for


def test_allowed_key_is_renamed_and_the_key_goes_nowhere(live):
    live.app.keys["s3cret-key-abc"] = ("42", None)
    live.push.main("s3cret-key-abc", 4)
    streams = wait_for(lambda: read_stat(live.settings.stat_url), message="the push in nginx's statistics")
    assert list(streams) == ["lecture-42"]
    stream = streams["lecture-42"]
    assert stream.address == "127.0.0.1"
    wait_for(lambda: read_stat(live.settings.stat_url).get("lecture-42", stream).video_codec,
             message="the publisher's metadata")
    publish = next(call for call in live.app.calls if call["call"] == "publish")
    assert publish["name"] == "s3cret-key-abc" and publish["secret"] == live.settings.callback_secret
    assert "s3cret-key-abc" not in (live.nginx.conf_path.read_text())


def test_unknown_key_is_refused(live):
    pusher = live.push.main("not-a-key", 3)
    assert pusher.wait(timeout=15) != 0  # nginx closed the push
    assert read_stat(live.settings.stat_url) == {}
    assert [call["name"] for call in live.app.calls] == ["not-a-key"]


def test_a_lecture_key_pushed_as_an_interpreter_is_refused(live):
    live.app.keys["lecture-key"] = ("42", None)
    pusher = live.push._start(["-f", "lavfi", "-i", "sine=d=3", "-c:a", "aac"], "lecture-key",
                              live.settings.interpreter_application)
    assert pusher.wait(timeout=15) != 0
    assert read_stat(live.settings.stat_url) == {}


def test_only_loopback_or_the_secret_may_call():
    assert callbacks.caller_allowed("127.0.0.1", None, "s")
    assert callbacks.caller_allowed("::1", None, "s")
    assert callbacks.caller_allowed("10.1.2.3", "s", "s")
    assert not callbacks.caller_allowed("10.1.2.3", "wrong", "s")
    assert not callbacks.caller_allowed("10.1.2.3", None, "s")
    assert not callbacks.caller_allowed("10.1.2.3", "", "")


def test_stream_names_round_trip():
    assert callbacks.stream_name(42) == "lecture-42"
    assert callbacks.parse_stream_name(callbacks.stream_name(42, "zh-Hans")) == ("42", "zh-Hans")
    assert callbacks.parse_stream_name("s3cret-key") is None
    with pytest.raises(ValueError):
        callbacks.stream_name("4/2")


def test_missing_module_is_said_plainly(tmp_path):
    settings = LiveSettings(live_root=tmp_path, nginx_prefix=tmp_path, callback_url="http://127.0.0.1:1",
                            rtmp_module=tmp_path / "nope.so")
    with pytest.raises(nginx.NginxMissing, match="apt-get install nginx libnginx-mod-rtmp"):
        nginx.render_embedded(settings)
    settings = LiveSettings(live_root=tmp_path, nginx_prefix=tmp_path, callback_url="http://127.0.0.1:1",
                            nginx="/nonexistent/nginx")
    with pytest.raises(nginx.NginxMissing, match="apt-get install"):
        nginx.find_nginx(settings)


def test_a_bad_configuration_is_refused_with_nginx_words(live_settings):
    server = nginx.NginxServer(live_settings, config="events {}\nthis is not nginx;\n")
    with pytest.raises(nginx.NginxFailed, match="unknown directive"):
        server.start()
    assert not server.running


def test_the_configuration_is_valid_for_nginx(live_settings, tmp_path):
    production = nginx.render_production(live_settings, link_secret="ab" * 32, media_root=tmp_path / "media")
    for text in (nginx.render_embedded(live_settings), production):
        server = nginx.NginxServer(live_settings, config=text)
        server.write_config()
        server.check()
    done = subprocess.run(["nginx", "-V"], capture_output=True, text=True, check=False)
    assert "http_secure_link_module" in done.stderr
