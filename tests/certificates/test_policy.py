"""A programme's certificate policy, set by its organisers: replay certificates on or off with their share (a bad
share is refused with a translated message and changes nothing), which the lecture eligibility follows at once; and
the small query the reports use for their "certificates" column."""

from __future__ import annotations

import pytest

from lecturehall.core.db import db
from lecturehall.modules.certificates import operations, queries
from lecturehall.modules.certificates.models import CertificatePolicy
from tests.certificates.conftest import watch_replay


@pytest.fixture
def setting(held_lecture, create_programme, create_user):
    organiser = create_user("organiser@unctad.example")
    programme = create_programme("Cloud Lecture Hall 2026", organisers=[organiser])
    lecture = held_lecture("Payments", programme=programme, replay=600)
    viewer = create_user("viewer@example.org")
    watch_replay(lecture, viewer, [(0, 480)])  # 80 %
    return programme, organiser, lecture, viewer


def url(programme) -> str:
    return f"/manage/programmes/{programme.id}/certificates"


def test_the_organiser_allows_replay_certificates(client, forms, login, setting):
    programme, organiser, lecture, viewer = setting
    assert not queries.lecture_eligibility(viewer.id, lecture).eligible
    login(organiser)
    page = client.get(url(programme)).get_data(as_text=True)
    assert 'name="replay_min_percent"' in page and 'value="90"' in page  # the default share
    response = forms.post(url(programme), {"allow_replay": "y", "replay_min_percent": "80"})
    assert response.status_code == 302
    db.session.expire_all()
    assert queries.lecture_eligibility(viewer.id, lecture).by_replay is True
    forms.post(url(programme), {"allow_replay": "y", "replay_min_percent": "81"})
    db.session.expire_all()
    assert not queries.lecture_eligibility(viewer.id, lecture).eligible


@pytest.mark.parametrize("share, language, message", [
    ("0", "en", "Give a number from 1 to 100."),
    ("101", "fr", "Indiquez un nombre de 1 à 100."),
    ("lots", "ar", "أدخل"),
])
def test_a_bad_share_is_refused_and_changes_nothing(client, forms, login, setting, share, language, message):
    programme, organiser, _lecture, _viewer = setting
    organiser.language = language
    db.session.commit()
    login(organiser)
    response = forms.post(url(programme), {"allow_replay": "y", "replay_min_percent": share})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(CertificatePolicy, programme.id) is None


def test_count_by_participant_for_the_reports(setting, create_user):
    programme, _organiser, lecture, viewer = setting
    other, nobody = create_user(), create_user()
    operations.issue_lecture_certificate(viewer.id, lecture)
    operations.issue_programme_certificate(viewer.id, programme.id, 1, 1)
    operations.issue_programme_certificate(other.id, programme.id, 1, 1)
    operations.issue_programme_certificate(other.id, programme.id, 1, 1)  # idempotent: still one
    db.session.commit()
    assert queries.count_by_participant([viewer.id, other.id, nobody.id]) == {viewer.id: 2, other.id: 1}
    assert queries.count_by_participant([]) == {}
