"""Sessions end for good. Each account has a session generation (Flask-Login's alternative id, "<id>:<nonce>");
logging out, "sign out of all other devices", a password change or reset, deactivation, a role change and deleting
the account start a new one, and every session and remember cookie of an earlier one is refused, copies included.

Logging out ends the account's sessions on every device (one generation per account); the device that signs the
others out, or changes its own password, stays signed in with the new generation."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, User
from tests.conftest import STRONG_PASSWORD, Forms, first_link

NEW_PASSWORD = "violet kettle drums 7 under a quiet bridge"
REMEMBER = "remember_token"


class Device:
    """A browser of its own: a test client with its own cookies."""

    def __init__(self, app):
        self.client = app.test_client()
        self.forms = Forms(self.client)

    def sign_in(self, user, password: str = STRONG_PASSWORD, remember: bool = False) -> "Device":
        data = {"email": user.email, "password": password, **({"remember": "y"} if remember else {})}
        response = self.forms.post("/login", data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return self

    def cookie(self, name: str) -> str:
        cookie = self.client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        return cookie.value

    def signed_in(self) -> bool:
        response = self.client.get("/profile")
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login")
            return False
        assert response.status_code == 200
        return True


def with_cookie(app, name: str, value: str) -> Device:
    """Another browser holding nothing but a copy of one cookie."""
    device = Device(app)
    device.client.set_cookie(name, value)
    return device


@pytest.fixture
def user(create_user):
    return create_user("owner@example.org", full_name="Olga Owner", language="en")


def test_a_copied_session_cookie_is_refused_after_logout(app, user):
    laptop = Device(app).sign_in(user)
    copy = laptop.cookie("session")
    assert with_cookie(app, "session", copy).signed_in()
    laptop.forms.post("/logout", page="/")
    assert not laptop.signed_in()
    assert not with_cookie(app, "session", copy).signed_in()


def test_a_copied_remember_cookie_is_refused_after_logout(app, user):
    laptop = Device(app).sign_in(user, remember=True)
    copy = laptop.cookie(REMEMBER)
    assert with_cookie(app, REMEMBER, copy).signed_in()  # the cookie alone signs in, as after a browser restart
    laptop.forms.post("/logout", page="/")
    assert not with_cookie(app, REMEMBER, copy).signed_in()


def test_logging_out_ends_the_other_devices_too(app, user):
    laptop, phone = Device(app).sign_in(user), Device(app).sign_in(user, remember=True)
    laptop.forms.post("/logout", page="/")
    assert not phone.signed_in()
    assert not with_cookie(app, REMEMBER, phone.cookie(REMEMBER)).signed_in()
    assert laptop.sign_in(user).signed_in()  # signing in again works


def test_a_session_from_before_generations_is_refused(app, user):
    """A session cookie holding the bare id, as sessions did before generations existed."""
    laptop = Device(app).sign_in(user)
    with laptop.client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert not laptop.signed_in()


def _reset_password_elsewhere(app, user, outbox, **_):
    Device(app).forms.post("/password/forgot", {"email": user.email})
    link = first_link(outbox.last()).replace("http://localhost", "")
    stranger = Device(app)
    response = stranger.forms.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302


def _change_password_on_the_laptop(app, user, laptop, **_):
    response = laptop.forms.post("/profile/password", {
        "current_password": STRONG_PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        page="/profile")
    assert response.status_code == 302, response.get_data(as_text=True)


def _sign_out_other_devices_on_the_laptop(app, user, laptop, **_):
    assert laptop.forms.post("/profile/sessions", page="/profile").status_code == 302


def _admin(app, create_user) -> Device:
    return Device(app).sign_in(create_user("admin@example.org", role=Role.admin))


def _deactivate_and_reactivate(app, user, create_user, **_):
    admin = _admin(app, create_user)
    for _ in range(2):
        page = f"/admin/users/{user.id}"
        assert admin.forms.post(f"{page}/active", page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).active  # active again, yet the old sessions stay ended


def _change_role(app, user, create_user, **_):
    admin = _admin(app, create_user)
    response = admin.forms.post(f"/admin/users/{user.id}", {"role": "coordinator", "coordinator_country": "CL"},
                                page=f"/admin/users/{user.id}")
    assert response.status_code == 302


def _delete_the_account_on_the_laptop(app, user, laptop, **_):
    assert laptop.forms.post("/profile/delete", {"password": STRONG_PASSWORD}).status_code == 302


EVENTS = {
    "password reset": (_reset_password_elsewhere, False),
    "password change": (_change_password_on_the_laptop, True),
    "sign out of all other devices": (_sign_out_other_devices_on_the_laptop, True),
    "deactivation": (_deactivate_and_reactivate, False),
    "role change": (_change_role, False),
    "account deletion": (_delete_the_account_on_the_laptop, False),
}


@pytest.mark.parametrize("event", EVENTS)
def test_each_rotating_event_signs_the_other_devices_out(app, user, create_user, outbox, event):
    laptop, phone = Device(app).sign_in(user), Device(app).sign_in(user)
    tablet = Device(app).sign_in(user, remember=True)
    remembered = tablet.cookie(REMEMBER)
    cause, laptop_stays = EVENTS[event]
    cause(app=app, user=user, laptop=laptop, create_user=create_user, outbox=outbox)
    assert not phone.signed_in()
    assert not tablet.signed_in()
    assert not with_cookie(app, REMEMBER, remembered).signed_in()
    assert laptop.signed_in() is laptop_stays


def test_signing_out_other_devices_keeps_this_one_remembered(app, user, outbox):
    laptop, phone = Device(app).sign_in(user, remember=True), Device(app).sign_in(user)
    old_remember = laptop.cookie(REMEMBER)
    response = laptop.forms.post("/profile/sessions", page="/profile")
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    assert "logged out on every other device" in laptop.client.get("/profile").get_data(as_text=True)
    assert laptop.signed_in() and not phone.signed_in()
    new_remember = laptop.cookie(REMEMBER)
    assert new_remember != old_remember
    assert with_cookie(app, REMEMBER, new_remember).signed_in()  # after a browser restart, still remembered
    assert not with_cookie(app, REMEMBER, old_remember).signed_in()
    assert outbox.messages() == []


def test_changing_the_password_keeps_this_device_and_takes_the_new_password(app, user):
    laptop, phone = Device(app).sign_in(user), Device(app).sign_in(user)
    _change_password_on_the_laptop(app, user, laptop)
    assert laptop.signed_in() and not phone.signed_in()
    assert Device(app).forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD}).status_code == 422
    assert Device(app).sign_in(user, NEW_PASSWORD).signed_in()


def _state(user_id: int) -> tuple[str, str]:
    db.session.expire_all()
    return db.session.execute(sa.select(User.password_hash, User.session_nonce).where(User.id == user_id)).one()


@pytest.mark.parametrize("data,message_en,message_fr", [
    ({"current_password": "not my password at all", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
     "That is not your password.", "Le mot de passe est incorrect."),
    ({"current_password": STRONG_PASSWORD, "password": "short", "password_again": "short"},
     "at least 10 characters", "au moins 10 caractères"),
    ({"current_password": STRONG_PASSWORD, "password": "qwerty123456", "password_again": "qwerty123456"},
     "too easy to guess", "trop facile"),
    ({"current_password": STRONG_PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"},
     "The two passwords differ", "Les deux mots de passe"),
    ({"current_password": "", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
     "This field is required", "Ce champ est obligatoire"),
])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_password_change_is_explained_and_changes_nothing(app, create_user, data, message_en, message_fr,
                                                                     language):
    user = create_user("owner@example.org", language=language)
    laptop, phone = Device(app).sign_in(user), Device(app).sign_in(user)
    before = _state(user.id)
    response = laptop.forms.post("/profile/password", data, page="/profile")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert (message_en if language == "en" else message_fr) in body
    assert 'id="current_password"' in body and 'id="full_name"' in body  # the whole profile page, with errors
    assert _state(user.id) == before
    assert laptop.signed_in() and phone.signed_in()


def test_the_profile_forms_check_the_csrf_token(app, user):
    laptop, phone = Device(app).sign_in(user), Device(app).sign_in(user)
    before = _state(user.id)
    for url, data in (("/profile/password", {"current_password": STRONG_PASSWORD, "password": NEW_PASSWORD,
                                             "password_again": NEW_PASSWORD}), ("/profile/sessions", {})):
        assert laptop.client.post(url, data=data).status_code == 400
        assert laptop.client.post(url, data={**data, "csrf_token": "forged"}).status_code == 400
    assert _state(user.id) == before and phone.signed_in()


def test_the_profile_page_offers_both(app, user):
    body = Device(app).sign_in(user).client.get("/profile").get_data(as_text=True)
    assert 'action="/profile/password"' in body and 'autocomplete="current-password"' in body
    assert 'action="/profile/sessions"' in body
    assert len(re.findall(r'autocomplete="new-password"', body)) == 2
