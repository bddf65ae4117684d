"""In Chromium, against the app served by waitress: the lecture page's static files, ES modules included, load
under their content-hashed names as brotli, the player starts with no console error (new_context fails the test on
any), and a second visit asks the server for no static file (all come from the browser's cache) and downloads no
replay file again (the replay's URLs are the same within the hour; at most the browser revalidates them)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import time_machine

from lecturehall.modules.lectures.models import ReplayVisibility

HASHED = re.compile(r"^/static/(?:[\w.-]+/)*[\w.-]+\.[0-9a-f]{12}(?:\.\w+)?$")
PLAYER_READY = ("() => window.LectureHallPlayers && window.LectureHallPlayers[0] && window.LectureHallPlayers[0].hls"
                " && window.LectureHallPlayers[0].hls.levels.length > 0")


class Traffic:
    """A page's replay requests as the browser saw them: which completed with a 200, which failed or were aborted,
    and a wait until none has been under way for half a second."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.in_flight: set[str] = set()
        self.completed: set[str] = set()
        self.aborted: set[str] = set()
        page.on("request", lambda request: self.in_flight.add(request.url) if "/replay/" in request.url else None)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _finished(self, request) -> None:
        self.in_flight.discard(request.url)
        response = request.response()
        if response is not None and response.status == 200:
            self.completed.add(request.url.removeprefix(self.base))

    def _failed(self, request) -> None:
        self.in_flight.discard(request.url)
        self.aborted.add(request.url.removeprefix(self.base))

    def settle(self, seconds: float = 30) -> None:
        quiet_since, deadline = None, time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)  # Playwright delivers the page's events while it waits
            quiet_since = (quiet_since or time.monotonic()) if not self.in_flight else None
            if quiet_since is not None and time.monotonic() - quiet_since >= 0.5:
                return
        raise AssertionError(f"replay requests still under way: {self.in_flight}")


def test_a_second_visit_takes_every_static_file_from_the_cache(live_server, new_context, create_lecture,
                                                                transcoded):
    lecture = create_lecture("Customs data exchange", replay_visibility=ReplayVisibility.public)
    transcoded(lecture)
    manifest = live_server.extensions["lecturehall.assets"].manifest()
    # What reaches the server, whatever serves it (WhiteNoise answers /static/ before Flask sees the request).
    received: list[str] = []
    statuses: dict[str, list[int]] = {}
    application = live_server.wsgi_app

    def recording(environ, start_response):
        path = environ["PATH_INFO"]
        received.append(path)

        def record_status(status, headers, *args):
            statuses.setdefault(path, []).append(int(status.split()[0]))
            return start_response(status, headers, *args)

        return application(environ, record_status)

    live_server.wsgi_app = recording
    url = f"{live_server.live_url}/lectures/{lecture.id}"
    context = new_context(locale="en-GB")
    # Replay URLs stay the same within the hour (media/access.py): the server's clock starts well inside one.
    clock = time_machine.travel(datetime.now(UTC).replace(minute=20, second=0), tick=True)
    clock.start()

    first = context.new_page()
    encodings: dict[str, str | None] = {}
    first.on("response", lambda response: encodings.__setitem__(
        response.url.removeprefix(live_server.live_url), response.headers.get("content-encoding")))
    # Which replay files the first visit received in full, and never gave up on. A request the player aborted (hls.js
    # aborts a fragment when it switches level or times out, which a loaded machine makes it do) leaves no cache
    # entry for its URL; nor does one still on its way when the page closes. The second visit rightly fetches those
    # again (seen on a loaded CI machine).
    first_visit = Traffic(first, live_server.live_url)
    first.goto(url)
    first.wait_for_function(PLAYER_READY)
    first.wait_for_function("() => window.LectureHallPlayers[0].video.readyState >= 2")
    first_visit.settle()
    static = [path for path in received if path.startswith("/static/")]
    assert static and all(HASHED.match(path) for path in static), static
    modules = ["js/player/index.js", *manifest.transitive_imports("js/player/index.js")]
    wanted = {f"/static/{manifest.files[name]}" for name in
              [*modules, "vendor/hls.js/hls.min.js", "css/app.css", "css/player.css", "js/app.js"]}
    assert wanted <= set(static)
    assert len(static) == len(set(static))  # each fetched once, preloads and imports alike
    assert all(encodings[path] == "br" for path in wanted)
    replay_first = {path for path in received if "/replay/" in path and not path.endswith(".m3u8")}
    assert any(path.endswith("/poster.jpg") for path in replay_first)
    first.close()

    received.clear()
    again = context.new_page()
    second_visit = Traffic(again, live_server.live_url)
    again.goto(url)
    again.wait_for_function(PLAYER_READY)
    second_visit.settle()  # every request has had its answer (a 304 under way is not yet in `statuses`)
    clock.stop()
    assert f"/lectures/{lecture.id}" in received  # the page itself is no-store: asked for again
    assert [path for path in received if path.startswith("/static/")] == []
    # The replay's URLs are the ones of the first visit, and what that visit downloaded (poster, segments) is at
    # most revalidated: 304, no body.
    token = re.compile(r"/replay/([^/]+)/")
    assert {token.search(path)[1] for path in received if "/replay/" in path} == {
        token.search(path)[1] for path in replay_first}
    kept = {path for path in replay_first if path in first_visit.completed and path not in first_visit.aborted}
    assert any(path.endswith(".m4s") for path in kept) and any(path.endswith("/poster.jpg") for path in kept)
    again_downloaded = {path for path in received if path in kept and statuses[path][-1] != 304}
    assert again_downloaded == set()
