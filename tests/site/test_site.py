import pytest


def test_home_page_and_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script anywhere


def test_session_cookie_flags(client):
    response = client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_flag_behind_https(make_app):
    app = make_app(BASE_URL="https://lectures.example.org")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_health_endpoint(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "language,expected",
    [("fr", "Page introuvable"), ("en", "Page not found")],
)
def test_404_page_is_translated(client, language, expected):
    response = client.get("/no-such-page", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert expected in response.get_data(as_text=True)


def test_500_page_is_friendly(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def boom():
        raise RuntimeError("broken")

    from lecturehall.core.auth import public

    app.add_url_rule("/boom", "boom", public(boom))
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "RuntimeError" not in body


def test_language_from_accept_language(client):
    body = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert 'lang="ru"' in body


def test_regional_accept_language_matches(client):
    body = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert 'lang="zh-Hans"' in body


def test_switcher_for_anonymous_visitor_and_rtl(client, forms):
    response = forms.post("/language", {"language": "ar", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    body = client.get("/login").get_data(as_text=True)
    assert 'dir="rtl"' in body and 'lang="ar"' in body


def test_switcher_refuses_open_redirect(forms):
    response = forms.post("/language", {"language": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_switcher_stores_preference_of_signed_in_user(app, client, forms, create_user, login):
    user = create_user(language="en")
    login(user)
    forms.post("/language", {"language": "es"})
    from lecturehall.core.db import db

    db.session.refresh(user)
    assert user.language == "es"


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/language", data={"language": "fr"})
    assert response.status_code == 400


def test_page_without_video_is_light(client, create_user, login):
    """Pages must work on slow connections: HTML, CSS and JS of the heaviest form page under 200 KB."""
    total = 0
    for url in ("/signup", "/static/css/app.css", "/static/js/app.js"):
        response = client.get(url)
        assert response.status_code == 200
        total += len(response.data)
    assert total < 200 * 1024
