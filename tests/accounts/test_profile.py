"""Profile editing, personal data download and account deletion."""

import json

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from tests.conftest import STRONG_PASSWORD, first_link


def profile_data(user, **changes):
    data = {
        "full_name": user.full_name, "email": user.email, "country": user.country,
        "organisation": user.organisation or "", "sector": user.sector.value, "language": user.language,
        "timezone": user.timezone,
    }
    data.update(changes)
    return data


def test_edit_profile(app, forms, create_user, login):
    user = create_user()
    login(user)
    response = forms.post("/profile", profile_data(user, full_name="Ana Lucía Flores", country="PE",
                                                   timezone="America/Lima", language="es"))
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.full_name, user.country, user.timezone, user.language) == (
        "Ana Lucía Flores", "PE", "America/Lima", "es")


def test_profile_shows_page_in_user_language(app, client, create_user, login):
    user = create_user(language="ar")
    login(user)
    assert 'dir="rtl"' in client.get("/profile").get_data(as_text=True)


def test_changing_email_needs_new_confirmation(app, forms, create_user, login, outbox):
    user = create_user()
    login(user)
    forms.post("/profile", profile_data(user, email="New.Address@example.org"))
    db.session.refresh(user)
    assert user.email == "new.address@example.org" and not user.is_confirmed
    assert "/confirm/" in first_link(outbox.last())


def test_profile_refuses_taken_email_and_bad_timezone(app, forms, create_user, login):
    other = create_user("taken@example.org")
    user = create_user()
    login(user)
    response = forms.post("/profile", profile_data(user, email="TAKEN@example.org"))
    assert response.status_code == 422
    response = forms.post("/profile", profile_data(user, timezone="Nowhere/Else"))
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.email != other.email and user.timezone == "America/Santiago"


def test_download_personal_data(app, client, create_user, login):
    user = create_user("data.owner@example.org", full_name="Data Owner")
    login(user)
    response = client.get("/profile/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["email"] == "data.owner@example.org" and data["full_name"] == "Data Owner"
    assert "password_hash" not in data


def test_delete_account_erases_personal_data_but_keeps_anonymous_counts(app, client, forms, create_user, login):
    user = create_user("leaving@example.org", country="RW", full_name="Leaving Person")
    login(user)
    response = forms.post("/profile/delete", {"password": "not my password 1"})
    assert response.status_code == 422
    response = forms.post("/profile/delete", {"password": STRONG_PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    stub = db.session.get(User, user.id)
    assert stub.email is None and stub.full_name is None and stub.password_hash is None
    assert stub.organisation is None and stub.deleted_at is not None
    # Still counted by country, anonymously.
    by_country = db.session.execute(sa.select(sa.func.count(User.id)).where(User.country == "RW")).scalar_one()
    assert by_country == 1
    # Logged out, and cannot log in again.
    assert client.get("/profile").status_code == 302
    assert forms.post("/login", {"email": "leaving@example.org", "password": STRONG_PASSWORD}).status_code == 422
    # The address can be used for a new account.
    from lecturehall.modules.accounts.queries import email_taken

    assert not email_taken("leaving@example.org")
