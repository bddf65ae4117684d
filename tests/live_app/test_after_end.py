"""A live link after the end: the session's folder has become the replay, and the signed live URL keeps answering
from it (a player still on the live URL plays to the end), but only to a viewer who may watch that replay now."""

from __future__ import annotations

import io
from datetime import timedelta

from lecturehall.core.db import db, utcnow
from lecturehall.core.storage import get_storage
from lecturehall.modules.lectures.models import LectureStatus, ReplayVisibility, Visibility
from lecturehall.modules.live import signing
from lecturehall.modules.live.models import LiveSession, LiveSessionState
from lecturehall.modules.live.runtime import links_secret

PLAYLIST = b"#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-ENDLIST\n"


def ended_live(create_lecture, **kwargs):
    lecture = create_lecture("Paperless trade", starts_at=utcnow() - timedelta(hours=1), timezone="UTC", **kwargs)
    session = LiveSession(lecture_id=lecture.id, state=LiveSessionState.ended, ended_at=utcnow())
    db.session.add(session)
    db.session.flush()
    session.replay_directory = f"replays/{lecture.id}/live-{session.id}"
    get_storage().save(f"{session.replay_directory}/master.m3u8", io.BytesIO(PLAYLIST))
    db.session.commit()
    return lecture


def test_a_live_link_after_the_end_answers_only_who_may_watch_the_replay(app, client, login, create_user,
                                                                         create_lecture):
    lecture = ended_live(create_lecture, visibility=Visibility.public, replay_visibility=ReplayVisibility.registered)
    participant = create_user("viewer@example.org")  # registered at the time, when the link was signed
    cookie = signing.new_viewer_cookie()
    url = signing.mint("live", str(lecture.id), cookie, links_secret()) + "master.m3u8"
    client.set_cookie(signing.COOKIE_NAME, cookie)

    login(participant)
    response = client.get(url)
    assert response.status_code == 200 and response.data == PLAYLIST

    # signed out: this replay is for signed-in people only, whatever the live link says
    client.post("/logout", data={"csrf_token": _token(client)})
    assert client.get(url).status_code == 403

    # the replay for everyone now, then the lecture taken back to a draft: only its organisers see it any more
    login(participant)
    assert client.get(url).status_code == 200
    lecture.replay_visibility = ReplayVisibility.public
    db.session.commit()
    stranger = app.test_client()
    stranger.set_cookie(signing.COOKIE_NAME, cookie)  # the link and its cookie copied into another browser
    assert stranger.get(url).status_code == 200  # which may watch this replay anyway
    lecture.status = LectureStatus.draft
    db.session.commit()
    assert client.get(url).status_code == 403
    assert stranger.get(url).status_code == 403


def _token(client) -> str:
    import re

    page = client.get("/profile").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
