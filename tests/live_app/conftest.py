"""The whole app with its live parts for real: the app served by waitress (nginx's callbacks reach it over
loopback), the embedded nginx started from the app's settings, the live pipelines as the worker runs them, and
ffmpeg pushing over RTMP."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from lecturehall.core.db import db
from lecturehall.modules.live.nginx import NginxServer
from lecturehall.modules.live.pipelines import LivePipelines
from lecturehall.modules.live.runtime import live_settings
from tests.conftest import served
from tests.live.conftest import Pushes, free_port


@dataclass
class LiveApp:
    app: object
    url: str
    nginx: NginxServer
    pipelines: LivePipelines
    push: Pushes

    @property
    def settings(self):
        return self.pipelines.settings

    def lecture_dir(self, lecture_id: int) -> Path:
        return self.settings.lecture_dir(str(lecture_id))


@pytest.fixture
def live_app(make_app, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = make_app(BASE_URL=url, LIVE_RTMP_LISTEN=f"127.0.0.1:{free_port()}",
                   LIVE_HTTP_LISTEN=f"127.0.0.1:{free_port()}", LIVE_NGINX_PREFIX=str(tmp_path / "nginx"),
                   LIVE_GRACE_SECONDS=4, LIVE_POLL_SECONDS=0.25)
    with served(app, port):
        nginx = NginxServer(live_settings(app))
        nginx.start()
        pipelines = LivePipelines(app, leads=lambda: True)
        pushes = Pushes(pipelines.settings)
        try:
            yield LiveApp(app, url, nginx, pipelines, pushes)
        finally:
            pushes.close()
            pipelines.close()
            nginx.stop()
    with app.app_context():
        db.session.remove()
