"""Where participants find their certificates and who may download them: the lecture page and My lectures offer
"Download certificate" to a participant who earned it (not to others); the first download issues it, later ones
return the same certificate; the PDF comes in the participant's language; another participant gets a 404, the
programme's organisers and admins get the PDF; the data download lists certificates."""

from __future__ import annotations

import json
import subprocess

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.certificates import operations
from lecturehall.modules.certificates.models import Certificate
from tests.certificates.conftest import attend
from tests.conftest import STRONG_PASSWORD, Forms

DOWNLOAD = "Download certificate"


@pytest.fixture
def setting(held_lecture, create_programme, create_user):
    organiser = create_user("organiser@unctad.example", full_name="Organiser One")
    programme = create_programme("E-commerce for Development 2026", organisers=[organiser])
    lecture = held_lecture("Logistics for small exporters", programme=programme)
    attendee = create_user("attendee@example.org", full_name="Nguyen Thi Lan", country="VN", language="fr")
    absentee = create_user("absentee@example.org", full_name="Absent Person", country="VN")
    attend(lecture, attendee, 45)
    attend(lecture, absentee, 10)
    return lecture, programme, organiser, attendee, absentee


def certificates_held(user) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Certificate).where(
        Certificate.user_id == user.id)).scalar_one()


def test_the_attendee_downloads_from_the_lecture_page_in_their_language(client, login, setting, tmp_path):
    lecture, _programme, _organiser, attendee, _absentee = setting
    login(attendee)
    page = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "Télécharger le certificat" in page  # their language is French
    first = client.get(f"/lectures/{lecture.id}/certificate")
    assert first.status_code == 302 and first.headers["Location"].startswith("/certificates/")
    second = client.get(f"/lectures/{lecture.id}/certificate")
    assert second.headers["Location"] == first.headers["Location"]  # issued once
    assert certificates_held(attendee) == 1
    response = client.get(first.headers["Location"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="certificate-')
    path = tmp_path / "fr.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Certificat de participation" in text and "Nguyen Thi Lan" in text
    # Another of the six languages on request.
    english = client.get(first.headers["Location"] + "?language=en")
    path.write_bytes(english.data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Certificate of attendance" in text


def test_someone_who_did_not_attend_gets_no_link_and_no_certificate(client, login, setting):
    lecture, _programme, _organiser, _attendee, absentee = setting
    login(absentee)
    assert DOWNLOAD not in client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    response = client.get(f"/lectures/{lecture.id}/certificate", follow_redirects=True)
    assert "There is no certificate for you for this lecture" in response.get_data(as_text=True)
    assert certificates_held(absentee) == 0


def test_my_lectures_lists_earned_and_held_certificates(client, login, setting):
    lecture, programme, _organiser, attendee, absentee = setting
    operations.issue_programme_certificate(attendee.id, programme.id, 1, 1)
    db.session.commit()
    attendee.language = "en"
    db.session.commit()
    login(attendee)
    page = client.get("/my/lectures").get_data(as_text=True)
    assert "My certificates" in page
    assert f'href="/lectures/{lecture.id}/certificate"' in page  # earned, not downloaded yet
    assert "Programme certificate" in page and "E-commerce for Development 2026" in page
    client.get(f"/lectures/{lecture.id}/certificate")
    page = client.get("/my/lectures").get_data(as_text=True)
    assert f'href="/lectures/{lecture.id}/certificate"' not in page
    assert page.count(DOWNLOAD) == 2  # the lecture's and the programme's, both held now


def test_only_the_holder_organisers_and_admins_may_download(app, setting, create_user):
    lecture, _programme, organiser, attendee, absentee = setting
    certificate, _new = operations.issue_lecture_certificate(attendee.id, lecture)
    db.session.commit()
    url = f"/certificates/{certificate.id}.pdf"
    assert app.test_client().get(url).headers["Location"].startswith("/login")
    coordinator = create_user(role=Role.coordinator, country="VN")
    admin = create_user(role=Role.admin)
    for viewer, status in ((absentee, 404), (coordinator, 404), (organiser, 200), (admin, 200), (attendee, 200)):
        client = app.test_client()
        assert Forms(client).post("/login", {"email": viewer.email, "password": STRONG_PASSWORD}).status_code == 302
        assert client.get(url).status_code == status, viewer.email


def test_the_data_download_lists_certificates(client, login, setting):
    lecture, _programme, _organiser, attendee, _absentee = setting
    certificate, _new = operations.issue_lecture_certificate(attendee.id, lecture)
    db.session.commit()
    login(attendee)
    data = json.loads(client.get("/profile/data.json").data)
    assert data["certificates"] == [{
        "code": certificate.code, "programme_id": lecture.programme_id, "lecture_id": lecture.id,
        "issued_at": certificate.issued_at.isoformat(), "by_replay": False, "lectures_attended": None,
        "lectures_total": None}]
