"""Confirmation and reset links: expired, reused or tampered links are refused."""

import time

import time_machine

from lecturehall.core.db import db
from lecturehall.modules.accounts.tokens import CONFIRM_EMAIL, RESET_PASSWORD, make_token
from tests.conftest import STRONG_PASSWORD, first_link

NEW_PASSWORD = "violet kettle mountain river 7"


def path_of(link: str) -> str:
    return link.replace("http://localhost", "")


def test_confirmation_link_works_once(app, client, create_user):
    user = create_user(confirmed=False)
    link = f"/confirm/{make_token(user, CONFIRM_EMAIL)}"
    assert client.get(link).status_code == 302
    response = client.get(link)
    assert response.status_code == 400
    assert "used already" in response.get_data(as_text=True)


def test_expired_confirmation_link_is_refused(app, client, create_user):
    user = create_user(confirmed=False)
    with time_machine.travel(time.time() - app.config["TOKEN_MAX_AGE"] - 60, tick=False):
        token = make_token(user, CONFIRM_EMAIL)
    response = client.get(f"/confirm/{token}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_confirmed


def test_tampered_links_are_refused(app, client, create_user):
    user = create_user(confirmed=False)
    token = make_token(user, CONFIRM_EMAIL)
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    assert client.get(f"/confirm/{tampered}").status_code == 400
    # A reset token is not a confirmation token, and the other way round.
    assert client.get(f"/confirm/{make_token(user, RESET_PASSWORD)}").status_code == 400
    db.session.refresh(user)
    assert not user.is_confirmed


def test_password_reset_flow_and_reuse(app, client, forms, outbox, create_user):
    user = create_user("reset.me@example.org")
    response = forms.post("/password/forgot", {"email": "Reset.Me@example.org"})
    assert response.status_code == 302
    link = path_of(first_link(outbox.last()))
    response = forms.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert forms.post("/login", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    client.post("/logout", data={"csrf_token": forms.token("/")})
    # The same link again: used.
    response = client.get(link)
    assert response.status_code == 400 and "used already" in response.get_data(as_text=True)
    assert forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD}).status_code == 422


def test_expired_reset_link_is_refused(app, client, create_user):
    user = create_user()
    with time_machine.travel(time.time() - app.config["TOKEN_MAX_AGE"] - 1, tick=False):
        token = make_token(user, RESET_PASSWORD)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_forgot_password_says_the_same_for_unknown_addresses(app, forms, outbox):
    response = forms.post("/password/forgot", {"email": "nobody@example.org"}, follow_redirects=True)
    assert "If that address has an account" in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_reset_with_weak_password_changes_nothing(app, client, forms, create_user):
    user = create_user()
    before = user.password_hash
    token = make_token(user, RESET_PASSWORD)
    response = forms.post(f"/password/reset/{token}", {"password": "abc", "password_again": "abc"})
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.password_hash == before


def test_reset_requests_are_rate_limited(app, forms, outbox, create_user):
    user = create_user()
    statuses = [forms.post("/password/forgot", {"email": user.email}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert len(outbox.messages()) == 5
