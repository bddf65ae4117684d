"""Errors surface: under TESTING a crash in a view reaches the test; in production it is the friendly, translated
500 page and the request's changes are rolled back. Behind a proxy the client's address and scheme are right, and
only as many hops as configured are believed."""

import pytest
import sqlalchemy as sa

from lecturehall.core.auth import public
from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User

PROXY = "203.0.113.7"


def _with_failing_view(app):
    @public
    def failing():
        db.session.add(User(email="half-made@example.org", country="CL"))
        db.session.flush()
        raise RuntimeError("something broke")

    app.add_url_rule("/failing", "failing", failing)
    return app


def test_under_testing_a_crash_fails_the_test(make_app):
    client = _with_failing_view(make_app()).test_client()
    with pytest.raises(RuntimeError, match="something broke"):
        client.get("/failing")


def test_in_production_a_crash_is_the_translated_500_page_and_changes_nothing(make_app):
    app = _with_failing_view(make_app(PROPAGATE_EXCEPTIONS=False))
    response = app.test_client().get("/failing", headers={"Accept-Language": "fr"})
    assert response.status_code == 500
    assert '<html lang="fr"' in response.get_data(as_text=True)
    assert "Une erreur s’est produite" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(sa.select(User).where(User.email == "half-made@example.org")).first() is None


def _login_attempt(client, address: str, **headers):
    return client.post("/login", data={"email": "nobody@example.org", "password": "x"},
                       headers={"X-Forwarded-For": address, **headers}, environ_base={"REMOTE_ADDR": PROXY})


@pytest.mark.parametrize("hops", [1, 2])
def test_behind_trusted_proxies_limits_count_each_client(make_app, hops):
    app = make_app(TRUSTED_PROXIES=hops, LOGIN_RATE_LIMIT_IP="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    # With two proxies, the client is the second address from the right (the outer proxy appended the first).
    chain = lambda client_ip: ", ".join([client_ip, "198.51.100.1"][:hops])  # noqa: E731
    for _ in range(2):
        assert _login_attempt(client, chain("192.0.2.1")).status_code != 429
    assert _login_attempt(client, chain("192.0.2.1")).status_code == 429
    # Another client behind the same proxy still has its own attempts.
    assert _login_attempt(client, chain("192.0.2.2")).status_code != 429


def test_without_trusted_proxies_the_header_cannot_spoof_an_address(make_app):
    app = make_app(TRUSTED_PROXIES=0, LOGIN_RATE_LIMIT_IP="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    for address in ("192.0.2.1", "192.0.2.2"):
        assert _login_attempt(client, address).status_code != 429
    # A new X-Forwarded-For on every attempt does not buy new attempts: the proxy's address is what counts.
    assert _login_attempt(client, "192.0.2.3").status_code == 429


def test_https_is_seen_only_through_a_trusted_proxy(make_app):
    trusted = make_app(TRUSTED_PROXIES=1).test_client()
    response = trusted.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"})
    assert "Strict-Transport-Security" in response.headers
    untrusted = make_app(TRUSTED_PROXIES=0).test_client()
    response = untrusted.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"})
    assert "Strict-Transport-Security" not in response.headers
