"""In Chromium, against the app served by waitress: the lecture page's static files, ES modules included, load
under their content-hashed names as brotli, the player starts with no console error (new_context fails the test on
any), and a second visit asks the server for the page only: every static file comes from the browser's cache."""

from __future__ import annotations

import re

from lecturehall.modules.lectures.models import ReplayVisibility

HASHED = re.compile(r"^/static/(?:[\w.-]+/)*[\w.-]+\.[0-9a-f]{12}(?:\.\w+)?$")
PLAYER_READY = ("() => window.LectureHallPlayers && window.LectureHallPlayers[0] && window.LectureHallPlayers[0].hls"
                " && window.LectureHallPlayers[0].hls.levels.length > 0")


def test_a_second_visit_takes_every_static_file_from_the_cache(live_server, new_context, create_lecture,
                                                                transcoded):
    lecture = create_lecture("Customs data exchange", replay_visibility=ReplayVisibility.public)
    transcoded(lecture)
    manifest = live_server.extensions["lecturehall.assets"].manifest()
    # What reaches the server, whatever serves it (WhiteNoise answers /static/ before Flask sees the request).
    received: list[str] = []
    application = live_server.wsgi_app

    def recording(environ, start_response):
        received.append(environ["PATH_INFO"])
        return application(environ, start_response)

    live_server.wsgi_app = recording
    url = f"{live_server.live_url}/lectures/{lecture.id}"
    context = new_context(locale="en-GB")

    first = context.new_page()
    encodings: dict[str, str | None] = {}
    first.on("response", lambda response: encodings.__setitem__(
        response.url.removeprefix(live_server.live_url), response.headers.get("content-encoding")))
    first.goto(url)
    first.wait_for_function(PLAYER_READY)
    static = [path for path in received if path.startswith("/static/")]
    assert static and all(HASHED.match(path) for path in static), static
    modules = ["js/player/index.js", *manifest.transitive_imports("js/player/index.js")]
    wanted = {f"/static/{manifest.files[name]}" for name in
              [*modules, "vendor/hls.js/hls.min.js", "css/app.css", "css/player.css", "js/app.js"]}
    assert wanted <= set(static)
    assert len(static) == len(set(static))  # each fetched once, preloads and imports alike
    assert all(encodings[path] == "br" for path in wanted)
    first.close()

    received.clear()
    again = context.new_page()
    again.goto(url)
    again.wait_for_function(PLAYER_READY)
    assert f"/lectures/{lecture.id}" in received  # the page itself is no-store: asked for again
    assert [path for path in received if path.startswith("/static/")] == []
