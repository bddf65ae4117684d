"""An anonymous viewer's first visit to a public lecture that is live: the page signs the stream for the browser
cookie it sets, and presence counts the viewer by that same cookie. Both used to make their own cookie of the same
name on the first response; the browser kept one, and the stream signed for the other was refused (403)."""

from __future__ import annotations

import re
from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.modules.lectures.models import ReplayVisibility, Visibility
from lecturehall.modules.live import signing
from lecturehall.modules.live.models import LiveSession, LiveSessionState
from lecturehall.modules.live.runtime import live_root
from lecturehall.modules.presence.tokens import read_token

MASTER = b"#EXTM3U\n#EXT-X-VERSION:7\n"


def test_a_first_visit_gets_one_viewer_cookie_that_plays_and_counts(app, client, create_lecture):
    lecture = create_lecture("Cross-border payments", starts_at=utcnow() - timedelta(minutes=5), timezone="UTC",
                             visibility=Visibility.public, replay_visibility=ReplayVisibility.public)
    db.session.add(LiveSession(lecture_id=lecture.id, state=LiveSessionState.live))
    db.session.commit()
    folder = live_root() / str(lecture.id)
    folder.mkdir(parents=True)
    (folder / "master.m3u8").write_bytes(MASTER)

    response = client.get(f"/lectures/{lecture.id}")
    assert response.status_code == 200
    set_cookies = [value for value in response.headers.getlist("Set-Cookie")
                   if value.startswith(f"{signing.COOKIE_NAME}=")]
    assert len(set_cookies) == 1, set_cookies
    cookie = client.get_cookie(signing.COOKIE_NAME).value
    page = response.get_data(as_text=True)

    src = re.search(r'data-src="(/live/[^"]+/master\.m3u8)"', page).group(1)
    played = client.get(src)
    assert played.status_code == 200 and played.data == MASTER
    token = re.search(r'data-beat-token="([^"]+)"', page).group(1)
    assert read_token(token).browser_id == cookie

    # the next visit keeps the cookie, and still plays
    again = client.get(f"/lectures/{lecture.id}")
    assert not [value for value in again.headers.getlist("Set-Cookie") if value.startswith(signing.COOKIE_NAME)]
    assert client.get(re.search(r'data-src="(/live/[^"]+/master\.m3u8)"', again.get_data(as_text=True))
                      .group(1)).status_code == 200
