"""The public verification page: a genuine code shows the name, programme, lecture and date, and nothing else
(no email, no country, no organisation); a code typed with dashes, spaces or lower case is found; an unknown or
malformed code gets a clear translated message; the form checks CSRF; the pages are rate-limited."""

from __future__ import annotations

import re

import pytest

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.certificates import codes, operations
from tests.certificates.conftest import attend


@pytest.fixture
def issued(held_lecture, create_programme, create_user):
    programme = create_programme("Digital Silk Road Capacity Programme")
    lecture = held_lecture("Mobile payments in rural markets", programme=programme)
    holder = create_user("halima.yusuf@trade.gov.example", full_name="Halima Yusuf", country="NG",
                         organisation="Federal Ministry of Industry, Trade and Investment", timezone="Africa/Lagos")
    attend(lecture, holder, 50)
    certificate, _new = operations.issue_lecture_certificate(holder.id, lecture)
    db.session.commit()
    return certificate, holder


def page_text(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_genuine_code_shows_only_name_programme_lecture_and_date(client, issued):
    certificate, holder = issued
    response = client.get(f"/certificates/verify/{certificate.code}")
    assert response.status_code == 200
    text = page_text(response)
    assert "This certificate is genuine." in text
    for shown in ("Halima Yusuf", "Digital Silk Road Capacity Programme", "Mobile payments in rural markets",
                  codes.display(certificate.code)):
        assert shown in text
    body = response.get_data(as_text=True)
    for hidden in ("halima.yusuf", "trade.gov.example", "Nigeria", "Federal Ministry", "Africa/Lagos", "Lagos"):
        assert hidden not in body, hidden
    # The labels are exactly these four.
    assert re.findall(r"<dt>([^<]+)</dt>", body) == ["Name", "Programme", "Lecture", "Date"]


def test_codes_typed_loosely_are_found_and_redirected_to_their_form(client, forms, issued):
    certificate, _holder = issued
    typed = codes.display(certificate.code).lower().replace("-", " - ")
    response = forms.post("/certificates/verify", {"code": typed}, page="/certificates/verify")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/certificates/verify/{certificate.code}"
    response = client.get(f"/certificates/verify/{codes.display(certificate.code).lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(certificate.code)


@pytest.mark.parametrize("language, message", [
    ("en", "No certificate has this code."),
    ("fr", "Aucun certificat ne porte ce code."),
    ("ar", "لا توجد شهادة بهذا الرمز."),
    ("zh", "没有证书使用此验证码。"),
])
def test_an_unknown_code_says_so_in_the_viewers_language(client, issued, language, message):
    response = client.get("/certificates/verify/ABCD-EFGH-JK23", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert message in page_text(response)


def test_a_malformed_code_is_refused_with_a_clear_message(client, forms, issued):
    response = forms.post("/certificates/verify", {"code": "not a code"}, page="/certificates/verify")
    assert response.status_code == 422
    assert "A verification code has 12 letters and digits" in page_text(response)
    assert client.get("/certificates/verify/" + "A" * 200).status_code == 404


def test_the_form_checks_csrf(client, issued):
    certificate, _holder = issued
    response = client.post("/certificates/verify", data={"code": certificate.code})
    assert response.status_code == 400


def test_a_deleted_account_has_no_certificate_to_verify(client, issued):
    certificate, holder = issued
    accounts.delete_account(holder)
    db.session.commit()
    assert client.get(f"/certificates/verify/{certificate.code}").status_code == 404


def test_verification_is_rate_limited(make_app, issued):
    certificate, _holder = issued
    app = make_app(CERTIFICATES_VERIFY_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.get(f"/certificates/verify/{certificate.code}").status_code for _ in range(3)]
    statuses.append(client.get("/certificates/verify").status_code)  # the form shares the budget
    assert statuses == [200, 200, 200, 429]
