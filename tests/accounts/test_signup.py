"""Sign-up: good input creates an unconfirmed account and mails a link; each kind of bad input is refused,
explained in the page's language, and stores nothing."""

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, User
from tests.conftest import STRONG_PASSWORD, first_link, message_text

GOOD = {
    "full_name": "Camila Rojas",
    "email": "Camila.Rojas@Example.CL ",
    "country": "CL",
    "organisation": "Subrei",
    "sector": "government",
    "language": "es",
    "timezone": "America/Santiago",
    "password": STRONG_PASSWORD,
    "password_again": STRONG_PASSWORD,
}


def user_count() -> int:
    return db.session.execute(sa.select(sa.func.count(User.id))).scalar_one()


def test_signup_creates_unconfirmed_participant_and_mails_link_in_their_language(app, forms, outbox):
    response = forms.post("/signup", GOOD)
    assert response.status_code == 302 and response.headers["Location"] == "/signup/done"
    user = db.session.execute(sa.select(User)).scalar_one()
    assert user.email == "camila.rojas@example.cl"  # normalised
    assert user.role is Role.participant and not user.is_confirmed
    assert user.password_hash and STRONG_PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    mail = outbox.last()
    assert mail["To"].addresses[0].addr_spec == "camila.rojas@example.cl"
    assert mail["Content-Language"] == "es"
    assert mail["Subject"].startswith("Confirme")  # Spanish subject
    assert "/confirm/" in first_link(mail)


def test_cannot_log_in_before_confirming(app, forms, outbox):
    forms.post("/signup", GOOD)
    response = forms.post("/login", {"email": GOOD["email"], "password": STRONG_PASSWORD})
    assert response.status_code == 422
    assert "confirm your email" in response.get_data(as_text=True)


def test_confirmation_link_then_login(app, client, forms, outbox):
    forms.post("/signup", GOOD)
    link = first_link(outbox.last())
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    response = forms.post("/login", {"email": "CAMILA.rojas@example.cl", "password": STRONG_PASSWORD})
    assert response.status_code == 302


def bad(**changes):
    data = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    "data,field,message_en,message_fr",
    [
        (bad(email="not-an-address"), "email", "Enter a valid email address", "Saisissez une adresse"),
        (bad(password="short", password_again="short"), "password", "at least 10 characters", "au moins 10 caractères"),
        (bad(password="password123", password_again="password123"), "password", "too easy to guess", "trop facile"),
        (bad(country="XX"), "country", "Choose your country from the list", "Choisissez votre pays"),
        (bad(full_name=None), "full_name", "This field is required", "Ce champ est obligatoire"),
        (bad(timezone="Mars/Olympus"), "timezone", "Choose your timezone from the list", "Choisissez votre fuseau"),
        (bad(password_again="something else entirely 9"), "password_again", "The two passwords differ", "Les deux mots de passe"),
        (bad(role="admin"), None, "fields that are not allowed", "non autorisés"),
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_bad_signup_is_refused_explained_and_stores_nothing(app, forms, outbox, data, field, message_en,
                                                            message_fr, language):
    response = forms.post("/signup", data, headers={"Accept-Language": language})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert (message_en if language == "en" else message_fr) in body
    if field:
        assert f'id="{field}-error"' in body
    assert user_count() == 0
    assert outbox.messages() == []


def test_duplicate_email_in_another_case_makes_no_second_account(app, forms, create_user, outbox):
    create_user("camila.rojas@example.cl")
    response = forms.post("/signup", bad(email="CAMILA.ROJAS@example.CL"))
    # The visitor is not told that the address is taken (test_signup_existing_address.py); its owner is.
    assert response.status_code == 302 and response.headers["Location"] == "/signup/done"
    assert user_count() == 1
    assert [a.addr_spec for a in outbox.last()["To"].addresses] == ["camila.rojas@example.cl"]


def test_forged_role_never_makes_an_admin(app, forms):
    forms.post("/signup", bad(role="admin"))
    forms.post("/signup", bad(email="other@example.org", is_admin="1"))
    assert db.session.execute(sa.select(User).where(User.role != Role.participant)).first() is None


def test_signup_page_lists_countries_in_page_language(client):
    body = client.get("/signup", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<option value="CL">Chili</option>' in body
    body = client.get("/signup", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert '<option value="CL">智利</option>' in body


def test_confirmation_mail_in_chosen_language(app, forms, outbox):
    forms.post("/signup", bad(language="ru"))
    assert "Подтвердите" in message_text(outbox.last()) or "Подтвердите" in outbox.last()["Subject"]


def test_signup_is_rate_limited(app, forms):
    statuses = [forms.post("/signup", bad(email=f"flood{n}@example.org", country="XX")).status_code
                for n in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
