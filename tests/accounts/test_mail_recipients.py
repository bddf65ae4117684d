"""Whatever a name holds, a mail goes to one address, the account's own: in the SMTP envelope a real server on
loopback receives and in the To header, where the name reads as it was typed.

Names carry ``< > , " ; ( ) \\``, a look-alike encoded word, words longer than a header line, and Chinese and
Arabic; line breaks are refused at the form and blanked in a name stored otherwise (an import)."""

import re
from email.header import decode_header, make_header

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations
from lecturehall.modules.accounts.models import Role, Sector, User
from tests.conftest import STRONG_PASSWORD

ATTACKER = "attacker@example.net"
NAMES = [
    f"Victim <{ATTACKER}>, Victim",
    f'Ana "Boss" Pérez; <{ATTACKER}>',
    f"Ann ({ATTACKER}) Lee, Bob <{ATTACKER}>",
    f'Back\\slash, "quote" <{ATTACKER}>;',
    f"王小明 <{ATTACKER}>, 李华",
    f"محمد علي، <{ATTACKER}>, فاطمة",
    f"=?utf-8?q?{ATTACKER.replace('@', '=40')}=2C?=",
    # Words longer than a header line: Python's own folding drops the quotes around what follows them.
    "x" * 80 + f" <{ATTACKER}>, Victim",
    "Fontaine-Dupont " * 5 + f"<{ATTACKER}>, " + " ".join(["فاطمة الزهراء"] * 4),
]


@pytest.fixture
def smtp(smtp_server):
    return smtp_server[1]


@pytest.fixture
def app(make_app, smtp_server):
    """The app sends through the SMTP server on loopback."""
    controller, _handler = smtp_server
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    with app.app_context():
        yield app


def shown_name(message) -> str:
    """The To header's name as a mail client shows it (RFC 2047: adjacent encoded words join without a space)."""
    raw = [value for key, value in message.raw_items() if key.lower() == "to"]
    assert len(raw) == 1, raw
    prefix = raw[0].rsplit("<", 1)[0] if raw[0].rstrip().endswith(">") else ""
    text = str(make_header(decode_header(prefix))).strip()
    if text.startswith('"') and text.endswith('"'):
        text = re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def assert_one_recipient(smtp, index: int, address: str, name: str | None) -> None:
    """The ``index``-th mail the server received went to ``address`` alone, by envelope and by header."""
    envelope, message = smtp.envelopes[index], smtp.received[index]
    assert envelope.rcpt_tos == (address,)
    assert [a.addr_spec for a in message["To"].addresses] == [address]
    assert message["Cc"] is None and message["Bcc"] is None
    if name is not None:
        assert shown_name(message) == name


SIGNUP = {"country": "CL", "organisation": "Subrei", "sector": "government", "language": "es",
          "timezone": "America/Santiago", "password": STRONG_PASSWORD, "password_again": STRONG_PASSWORD}


@pytest.mark.parametrize("name", NAMES)
def test_signup_confirmation_goes_to_the_account_alone(app, forms, smtp, name):
    response = forms.post("/signup", {**SIGNUP, "full_name": name, "email": "victim@example.org"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.execute(sa.select(User.full_name)).scalar_one() == name
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "victim@example.org", name)


def profile_data(user, **changes):
    data = {"full_name": user.full_name, "email": user.email, "country": user.country,
            "organisation": user.organisation or "", "sector": user.sector.value, "language": user.language,
            "timezone": user.timezone}
    return {**data, **changes}


@pytest.mark.parametrize("name", NAMES)
def test_profile_change_confirmation_goes_to_the_new_address_alone(app, forms, create_user, login, smtp, name):
    user = create_user("before@example.org")
    login(user)
    response = forms.post("/profile", profile_data(user, full_name=name, email="after@example.org"))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "after@example.org", name)


LINE_BREAKS = [f"Victim\r\nBcc: {ATTACKER}", f"Victim\nTo: {ATTACKER}", f"Victim\r\n\r\nBody", "Tab\tName"]


@pytest.mark.parametrize("name", LINE_BREAKS)
@pytest.mark.parametrize("language,message", [("en", "without line breaks"), ("fr", "sans retour à la ligne")])
def test_line_breaks_in_a_name_are_refused_at_signup(app, forms, smtp, name, language, message):
    response = forms.post("/signup", {**SIGNUP, "full_name": name, "email": "victim@example.org"},
                          headers={"Accept-Language": language})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 0
    assert smtp.received == []


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_line_breaks_in_a_name_are_refused_in_the_profile(app, forms, create_user, login, smtp, name):
    user = create_user("before@example.org", full_name="Before Name")
    login(user)
    response = forms.post("/profile", profile_data(user, full_name=name, email="after@example.org"))
    assert response.status_code == 422
    assert "without line breaks" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (user.full_name, user.email) == ("Before Name", "before@example.org")
    assert smtp.received == []


def test_a_stored_name_with_line_breaks_is_blanked_not_obeyed(app, smtp):
    """A name that came in some other way (an old row, an import): its line breaks are spaces in the header."""
    data = operations.ProfileData(full_name=f"Victim\r\nBcc: {ATTACKER}\r\n", email="victim@example.org",
                                  country="CL", organisation="", sector=Sector.other, language="en", timezone="UTC")
    operations.create_user_by_admin(data, Role.participant)
    db.session.commit()
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "victim@example.org", f"Victim Bcc: {ATTACKER}")
    assert ATTACKER not in str(smtp.received[0]["Bcc"] or "")


NASTY = NAMES[0]
LONG = NAMES[-2]


@pytest.mark.parametrize("name", [NASTY, LONG])
def test_invitation_from_an_admin_goes_to_the_account_alone(app, forms, create_user, login, smtp, name):
    login(create_user("admin@example.org", role=Role.admin))
    response = forms.post("/admin/users/new", {
        "full_name": name, "email": "invited@example.org", "country": "KZ", "organisation": "", "sector": "other",
        "language": "ru", "timezone": "Asia/Almaty", "role": "participant", "coordinator_country": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert_one_recipient(smtp, 0, "invited@example.org", name)


@pytest.mark.parametrize("name", [NASTY, LONG])
def test_password_reset_goes_to_the_account_alone(app, forms, create_user, smtp, name):
    create_user("victim@example.org", full_name=name)
    forms.post("/password/forgot", {"email": "victim@example.org"})
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "victim@example.org", name)


@pytest.mark.parametrize("name", [NASTY, LONG])
def test_lecture_mail_goes_to_the_participant_alone(app, forms, create_user, create_lecture, login, smtp, name):
    lecture = create_lecture("Logistics and payments")
    user = create_user("victim@example.org", full_name=name, language="ar")
    login(user)
    response = forms.post(f"/lectures/{lecture.id}/register", page=f"/lectures/{lecture.id}")
    assert response.status_code == 302
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "victim@example.org", name)



@pytest.mark.parametrize("name", [NASTY, LONG])
def test_the_note_about_a_sign_up_with_a_taken_address_goes_to_its_owner_alone(app, forms, create_user, smtp, name):
    create_user("victim@example.org", full_name=name)
    response = forms.post("/signup", {**SIGNUP, "full_name": f"Attacker <{ATTACKER}>", "email": "victim@example.org"})
    assert response.status_code == 302
    assert len(smtp.received) == 1
    assert_one_recipient(smtp, 0, "victim@example.org", name)
