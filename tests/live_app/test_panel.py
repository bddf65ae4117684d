"""The organiser's stream panel: who may open it, the key and its copy buttons, a new key (CSRF and the confirming
box), interpreters' keys, the recording switch and "end the lecture"."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.live import operations, queries
from lecturehall.modules.live.models import LiveSession, LiveSessionState


@pytest.fixture
def organiser(create_user, create_programme):
    user = create_user("organiser@example.org", role=Role.participant)
    return user, create_programme("Cloud Lecture Hall: digital trade", organisers=[user])


@pytest.fixture
def lecture(create_lecture, organiser):
    return create_lecture("Cross-border e-commerce policy", programme=organiser[1])


def panel_url(lecture):
    return f"/manage/lectures/{lecture.id}/stream"


def key_of(lecture_id):
    db.session.expire_all()
    return queries.stream_of(lecture_id).stream_key


def test_the_panel_shows_the_ingest_and_key_to_organisers_only(app, client, login, forms, lecture, organiser,
                                                                create_user):
    login(organiser[0])
    page = client.get(panel_url(lecture)).get_data(as_text=True)
    key = key_of(lecture.id)
    assert f'value="{key}"' in page and len(key) >= 32
    rtmp = re.search(r'id="ingest-url" class="copy-source" type="text" readonly value="([^"]+)"', page).group(1)
    assert rtmp == "rtmp://localhost:1935/live"  # BASE_URL's host, the RTMP port
    assert 'data-copy="stream-key"' in page and "OBS Studio" in page and "Zoom" in page and "Teams" in page
    assert re.search(r'src="/static/js/stream_panel\.[0-9a-f]{12}\.js"', page) and "<script>" not in page
    assert client.get(panel_url(lecture)).get_data(as_text=True).count(key) == 1  # the key stays until replaced
    edit = client.get(f"/manage/lectures/{lecture.id}").get_data(as_text=True)
    assert f'href="{panel_url(lecture)}"' in edit

    client.post("/logout", data={"csrf_token": forms.token()})
    login(create_user("participant@example.org"))
    assert client.get(panel_url(lecture)).status_code == 403
    assert forms.post(f"{panel_url(lecture)}/key", {"confirm": "y"}, page="/").status_code == 403
    assert key_of(lecture.id) == key


def test_a_new_key_needs_csrf_and_the_box_and_replaces_the_old_one(app, client, login, forms, lecture, organiser):
    login(organiser[0])
    client.get(panel_url(lecture))
    key = key_of(lecture.id)
    assert client.post(f"{panel_url(lecture)}/key", data={"confirm": "y"}).status_code == 400  # no CSRF token
    assert key_of(lecture.id) == key
    refused = forms.post(f"{panel_url(lecture)}/key", {}, page=panel_url(lecture), follow_redirects=True)
    assert "Tick the box" in refused.get_data(as_text=True) and key_of(lecture.id) == key
    done = forms.post(f"{panel_url(lecture)}/key", {"confirm": "y"}, page=panel_url(lecture), follow_redirects=True)
    new = key_of(lecture.id)
    assert new != key and f'value="{new}"' in done.get_data(as_text=True)


def test_interpreter_keys_and_the_recording_switch(app, client, login, forms, lecture, organiser):
    login(organiser[0])
    url = panel_url(lecture)
    bad = forms.post(f"{url}/interpreters", {"language": "xx"}, page=url, follow_redirects=True)
    assert "Choose one of the options" in bad.get_data(as_text=True)
    assert queries.interpreter_keys(lecture.id) == []
    page = forms.post(f"{url}/interpreters", {"language": "fr"}, page=url, follow_redirects=True) \
        .get_data(as_text=True)
    french, = queries.interpreter_keys(lecture.id)
    assert french.language == "fr" and f'value="{french.key}"' in page and "/interpret" in page
    old = french.key
    forms.post(f"{url}/interpreters/fr/key", {}, page=url)
    db.session.expire_all()
    assert queries.interpreter_keys(lecture.id)[0].key != old
    assert forms.post(f"{url}/interpreters/de/key", {}, page=url).status_code == 404
    forms.post(f"{url}/interpreters/fr/delete", {}, page=url)
    assert queries.interpreter_keys(lecture.id) == []

    assert queries.stream_of(lecture.id).recording is True  # on by default
    forms.post(f"{url}/recording", {}, page=url)  # the box unticked
    db.session.expire_all()
    assert queries.stream_of(lecture.id).recording is False
    forms.post(f"{url}/recording", {"recording": "y"}, page=url)
    db.session.expire_all()
    assert queries.stream_of(lecture.id).recording is True


def test_ending_the_lecture_ends_it_and_asks_the_worker_to_publish_the_replay(app, client, login, forms, lecture,
                                                                             organiser):
    operations.push_started(lecture)  # as the callback does when the stream arrives
    db.session.commit()
    assert lecture.status is LectureStatus.live
    login(organiser[0])
    url = panel_url(lecture)
    forms.post(f"{url}/end", {}, page=url)  # the box unticked: nothing happens
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id).status is LectureStatus.live
    page = forms.post(f"{url}/end", {"confirm": "y"}, page=url, follow_redirects=True).get_data(as_text=True)
    assert "The replay will be available shortly" in page
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id).status is LectureStatus.ended
    session = db.session.execute(sa.select(LiveSession).where(LiveSession.lecture_id == lecture.id)).scalar_one()
    assert session.end_requested and session.state is LiveSessionState.ending
