"""The status selector on a lecture's manage page offers only the changes its current status allows, starts on the
current status, and the server refuses any other change with a translated message, changing nothing."""

from __future__ import annotations

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import Lecture, LectureStatus


def status_options(client, lecture_id) -> list[tuple[str, str, bool]]:
    html = client.get(f"/manage/lectures/{lecture_id}").get_data(as_text=True)
    form = re.search(r'<form[^>]+action="/manage/lectures/\d+/status".*?</form>', html, flags=re.S).group(0)
    return [(value, label, "selected" in attributes) for attributes, value, label in re.findall(
        r'<option ([^>]*?)value="([a-z]+)"[^>]*>([^<]*)</option>', form)]


def moved_to(lecture: Lecture, status: LectureStatus, admin) -> Lecture:
    for step in {LectureStatus.draft: [], LectureStatus.scheduled: [LectureStatus.scheduled],
                 LectureStatus.live: [LectureStatus.scheduled, LectureStatus.live],
                 LectureStatus.ended: [LectureStatus.scheduled, LectureStatus.ended]}[status]:
        assert operations.set_status(lecture, step, admin)
    db.session.commit()
    return lecture


@pytest.fixture
def admin(create_user, login):
    user = create_user(role=Role.admin)
    login(user)
    return user


@pytest.mark.parametrize("status,offered", [
    (LectureStatus.draft, [("draft", "Draft (current)"), ("scheduled", "Scheduled")]),
    (LectureStatus.scheduled, [("scheduled", "Scheduled (current)"), ("live", "Live now"), ("ended", "Ended"),
                               ("draft", "Draft")]),
    (LectureStatus.live, [("live", "Live now (current)"), ("ended", "Ended")]),
    (LectureStatus.ended, [("ended", "Ended (current)"), ("live", "Live now")]),
])
def test_the_selector_offers_the_current_status_and_where_it_may_go(app, client, admin, create_lecture, status,
                                                                     offered):
    lecture = moved_to(create_lecture(publish=False), status, admin)
    options = status_options(client, lecture.id)
    assert [(value, label) for value, label, _selected in options] == offered
    assert [value for value, _label, selected in options if selected] == [status.value]


def test_an_allowed_change_is_made(app, client, forms, admin, create_lecture):
    lecture = create_lecture(publish=False)
    response = forms.post(f"/manage/lectures/{lecture.id}/status", {"status": "scheduled"},
                          page=f"/manage/lectures/{lecture.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id).status is LectureStatus.scheduled
    assert "The status is changed." in client.get(response.location).get_data(as_text=True)


def test_keeping_the_current_status_changes_nothing(app, client, forms, admin, create_lecture):
    lecture = create_lecture()
    sequence = lecture.sequence
    response = forms.post(f"/manage/lectures/{lecture.id}/status", {"status": "scheduled"},
                          page=f"/manage/lectures/{lecture.id}")
    assert "The status stays Scheduled." in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id).sequence == sequence


@pytest.mark.parametrize("language,message", [
    ("en", "That status change is not possible from the current status."),
    ("fr", "Ce changement de statut n’est pas possible à partir du statut actuel."),
])
@pytest.mark.parametrize("wanted", ["live", "ended", "cancelled", "archived"])
def test_a_change_the_status_does_not_allow_is_refused_in_words(app, client, forms, create_user, login,
                                                                create_lecture, wanted, language, message):
    login(create_user(role=Role.admin, language=language))
    lecture = create_lecture(publish=False)  # a draft only goes to scheduled
    sequence = lecture.sequence
    response = forms.post(f"/manage/lectures/{lecture.id}/status", {"status": wanted},
                          page=f"/manage/lectures/{lecture.id}")
    assert response.status_code == 302
    assert message in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    lecture = db.session.get(Lecture, lecture.id)
    assert lecture.status is LectureStatus.draft and lecture.sequence == sequence


def test_the_status_form_needs_its_token_and_the_organiser(app, client, forms, create_user, login, create_lecture):
    lecture = create_lecture(publish=False)
    login(create_user(role=Role.admin))
    assert client.post(f"/manage/lectures/{lecture.id}/status", data={"status": "scheduled"}).status_code == 400
    client.post("/logout", data={"csrf_token": forms.token("/")})
    login(create_user())  # a participant
    response = forms.post(f"/manage/lectures/{lecture.id}/status", {"status": "scheduled"}, page="/")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Lecture, lecture.id).status is LectureStatus.draft
