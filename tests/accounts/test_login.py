"""Login, logout, remember me, throttling, deactivated accounts and the ``next`` redirect."""

from lecturehall.core.db import db
from tests.conftest import STRONG_PASSWORD


def test_login_and_logout(app, client, forms, create_user):
    user = create_user()
    response = forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/profile").status_code == 200
    forms.post("/logout", page="/")
    assert client.get("/profile").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(app, forms, create_user):
    user = create_user()
    response = forms.post("/login", {"email": user.email, "password": "wrong password here"})
    assert response.status_code == 422
    assert "email address or the password is not right" in response.get_data(as_text=True)
    response = forms.post("/login", {"email": "nobody@example.org", "password": "wrong password here"})
    assert "email address or the password is not right" in response.get_data(as_text=True)


def test_remember_me_sets_a_remember_cookie(app, forms, create_user):
    user = create_user()
    response = forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]


def test_login_throttled_per_account(app, forms, create_user):
    user = create_user()
    statuses = [
        forms.post("/login", {"email": user.email, "password": f"wrong guess {n}"}).status_code for n in range(6)
    ]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    # Even the right password is refused while throttled, with a translated page.
    response = forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD},
                          headers={"Accept-Language": "es"})
    assert response.status_code == 429
    assert 'lang="es"' in response.get_data(as_text=True)


def test_deactivated_user_cannot_log_in(app, forms, create_user):
    user = create_user()
    user.active = False
    db.session.commit()
    response = forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD})
    assert response.status_code == 422


def test_next_redirect_only_to_this_site(app, forms, create_user):
    user = create_user()
    for target, expected in [
        ("/profile", "/profile"),
        ("https://evil.example/phish", "/"),
        ("//evil.example/phish", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        response = forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD, "next": target})
        assert response.headers["Location"] == expected, target
        forms.post("/logout", page="/")


def test_protected_page_sends_anonymous_visitor_to_login(client):
    response = client.get("/profile")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
