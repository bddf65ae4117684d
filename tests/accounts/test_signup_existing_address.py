"""Signing up with an address that has an account tells the visitor nothing: the answer is the one a new address
gets (status, redirect, page), the password is hashed all the same, nothing is created or changed, and the
address's owner gets a note in their own language with a link to log in and one to set a new password."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations
from lecturehall.modules.accounts.models import User
from tests.conftest import STRONG_PASSWORD, Forms, message_text

FORM = {"full_name": "Someone Else", "country": "CL", "organisation": "Subrei", "sector": "government",
        "language": "es", "timezone": "America/Santiago", "password": "another strong pass phrase 77",
        "password_again": "another strong pass phrase 77"}


def _without_csrf(html: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", html)


def _sign_up(app, email: str) -> tuple:
    """Signs up from a browser of its own; returns the answer and the page it leads to."""
    forms = Forms(app.test_client())
    response = forms.post("/signup", {**FORM, "email": email}, headers={"Accept-Language": "fr"})
    page = forms.client.get(response.headers.get("Location", "/"), headers={"Accept-Language": "fr"})
    return response, page


def _row(user_id: int) -> tuple:
    db.session.expire_all()
    user = db.session.get(User, user_id)
    return (user.email, user.full_name, user.password_hash, user.language, user.country, user.email_confirmed_at,
            user.session_nonce, user.updated_at)


@pytest.fixture
def owner(create_user):
    return create_user("camila.rojas@example.cl", full_name="Camila Rojas", language="zh")


def test_the_answer_for_a_taken_address_is_the_answer_for_a_new_one(app, owner, outbox):
    taken, taken_page = _sign_up(app, "Camila.Rojas@Example.CL")
    new, new_page = _sign_up(app, "brand.new@example.cl")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"] == "/signup/done"
    assert taken.get_data() == new.get_data()
    assert sorted(c.split("=")[0] for c in taken.headers.getlist("Set-Cookie")) == \
        sorted(c.split("=")[0] for c in new.headers.getlist("Set-Cookie"))
    assert taken_page.status_code == new_page.status_code == 200
    assert _without_csrf(taken_page.get_data(as_text=True)) == _without_csrf(new_page.get_data(as_text=True))


def test_the_password_is_hashed_for_a_taken_address_too(app, owner, monkeypatch):
    """Hashing is most of the time a sign-up takes: skipping it would tell a taken address by the clock."""
    hashed = []
    real = operations.hash_password
    monkeypatch.setattr(operations, "hash_password", lambda password: hashed.append(password) or real(password))
    _sign_up(app, "camila.rojas@example.cl")
    _sign_up(app, "brand.new@example.cl")
    assert hashed == [FORM["password"], FORM["password"]]


def test_nothing_is_created_or_changed_and_the_owner_is_told_in_their_language(app, client, owner, outbox):
    before = _row(owner.id)
    response, _page = _sign_up(app, "CAMILA.ROJAS@example.cl")
    assert response.status_code == 302
    assert _row(owner.id) == before
    assert db.session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 1

    note = outbox.last()
    assert len(outbox.messages()) == 1
    assert [a.addr_spec for a in note["To"].addresses] == ["camila.rojas@example.cl"]
    assert note["Content-Language"] == "zh"
    assert "注册" in note["Subject"]
    text = message_text(note)
    assert "Camila Rojas" in text and "Someone Else" not in text
    links = re.findall(r"https?://\S+", text)
    assert "http://localhost/login" in links
    reset = [link for link in links if "/password/reset/" in link]
    assert len(reset) == 1
    # The reset link works: the owner can choose a new password from it.
    assert client.get(reset[0].replace("http://localhost", "")).status_code == 200
    html = note.get_body(preferencelist=("html",)).get_content()
    assert 'href="http://localhost/login"' in html and reset[0] in html and 'lang="zh' in html


def test_an_unconfirmed_owner_is_told_too_and_a_new_address_still_gets_its_confirmation(app, create_user, outbox):
    create_user("pending@example.org", confirmed=False, language="ru")
    _sign_up(app, "pending@example.org")
    assert outbox.last()["Content-Language"] == "ru" and "/password/reset/" in message_text(outbox.last())
    _sign_up(app, "brand.new@example.cl")
    assert "/confirm/" in message_text(outbox.last())
    assert len(outbox.messages()) == 2


def test_a_deactivated_owner_gets_no_mail_and_the_answer_is_the_same(app, owner, outbox):
    owner.active = False
    db.session.commit()
    before = _row(owner.id)
    response, _page = _sign_up(app, owner.email)
    assert response.status_code == 302 and response.headers["Location"] == "/signup/done"
    assert _row(owner.id) == before
    assert outbox.messages() == []


def test_logging_in_still_needs_the_owners_own_password(app, owner, outbox):
    _sign_up(app, owner.email)
    forms = Forms(app.test_client())
    assert forms.post("/login", {"email": owner.email, "password": FORM["password"]}).status_code == 422
    assert forms.post("/login", {"email": owner.email, "password": STRONG_PASSWORD}).status_code == 302
