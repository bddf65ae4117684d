"""Sign-in throttling that nobody can turn against the owner. Failed attempts are counted per account and client
address, so an attacker guessing from one address is stopped while the owner, from their own address, still logs in;
every attempt counts against its address, and all of an account's attempts together against a cap that an attack
spread over many addresses reaches, which a browser that logged in to the account before is not held to.

The client's address is request.remote_addr, which ProxyFix sets from X-Forwarded-For behind TRUSTED_PROXIES."""

from __future__ import annotations

import pytest

from tests.conftest import STRONG_PASSWORD, Forms

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
PROXY = "192.0.2.254"


class Browser:
    """A browser of its own at one client address (directly, or behind the proxy with X-Forwarded-For)."""

    def __init__(self, app, address: str, via_proxy: bool = False):
        self.client = app.test_client()
        if via_proxy:
            self.client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
        else:
            self.client.environ_base.update(REMOTE_ADDR=address)
        self.forms = Forms(self.client)

    def log_in(self, email: str, password: str):
        return self.forms.post("/login", {"email": email, "password": password})

    def log_out(self) -> None:
        assert self.forms.post("/logout", page="/").status_code == 302


@pytest.fixture
def owner(create_user):
    return create_user("owner@example.org")


def guess(browser: Browser, email: str, n: int):
    return [browser.log_in(email, f"wrong guess number {i}").status_code for i in range(n)]


def test_an_attacker_from_one_address_does_not_lock_the_owner_out(app, owner):
    attacker = Browser(app, ATTACKER)
    assert guess(attacker, owner.email, 5) == [422] * 5
    assert attacker.log_in(owner.email, "wrong guess number 6").status_code == 429
    assert attacker.log_in(owner.email, STRONG_PASSWORD).status_code == 429  # still throttled, right or wrong
    assert Browser(app, OWNER).log_in(owner.email, STRONG_PASSWORD).status_code == 302


def test_behind_the_proxy_each_client_address_counts_apart(make_app, create_user):
    app = make_app(TRUSTED_PROXIES=1)
    owner = create_user("owner@example.org")
    attacker = Browser(app, ATTACKER, via_proxy=True)
    assert guess(attacker, owner.email, 5) == [422] * 5
    assert attacker.log_in(owner.email, STRONG_PASSWORD).status_code == 429
    assert Browser(app, OWNER, via_proxy=True).log_in(owner.email, STRONG_PASSWORD).status_code == 302


def test_only_failed_attempts_count_against_an_account(app, owner):
    browser = Browser(app, OWNER)
    for _ in range(8):
        assert browser.log_in(owner.email, STRONG_PASSWORD).status_code == 302
        browser.log_out()


def test_one_address_is_throttled_across_accounts(make_app, create_user):
    app = make_app(LOGIN_RATE_LIMIT_IP="4 per minute")
    users = [create_user(f"user{n}@example.org") for n in range(5)]
    attacker = Browser(app, ATTACKER)
    assert [attacker.log_in(user.email, "one common password 1").status_code for user in users] == \
        [422] * 4 + [429]
    assert Browser(app, OWNER).log_in(users[0].email, STRONG_PASSWORD).status_code == 302


def test_an_attacker_rotating_addresses_hits_the_account_cap(make_app, create_user):
    app = make_app(LOGIN_RATE_LIMIT_ACCOUNT="6 per hour")
    owner = create_user("owner@example.org")
    # The owner's own browser logged in before (and logged out since).
    laptop = Browser(app, OWNER)
    assert laptop.log_in(owner.email, STRONG_PASSWORD).status_code == 302
    laptop.log_out()
    statuses = [Browser(app, f"203.0.113.{n}").log_in(owner.email, f"guess {n} from afar").status_code
                for n in range(1, 7)]
    assert statuses == [422] * 5 + [429]  # the owner's login above counted too
    assert Browser(app, "203.0.113.99").log_in(owner.email, STRONG_PASSWORD).status_code == 429
    # The laptop is not held to the account's cap: the owner still logs in there.
    assert laptop.log_in(owner.email, STRONG_PASSWORD).status_code == 302


def test_a_known_browser_is_known_for_its_account_only(make_app, create_user):
    app = make_app(LOGIN_RATE_LIMIT_ACCOUNT="2 per hour")
    owner, other = create_user("owner@example.org"), create_user("other@example.org")
    laptop = Browser(app, OWNER)
    assert laptop.log_in(owner.email, STRONG_PASSWORD).status_code == 302
    laptop.log_out()
    assert guess(Browser(app, ATTACKER), other.email, 3) == [422, 422, 429]
    assert laptop.log_in(other.email, STRONG_PASSWORD).status_code == 429


def test_wrong_current_passwords_on_the_profile_are_throttled_too(app, owner, login, forms):
    login(owner)
    change = {"password": "violet kettle drums 7 under a quiet bridge",
              "password_again": "violet kettle drums 7 under a quiet bridge"}
    statuses = [forms.post("/profile/password", {**change, "current_password": f"wrong {n}"},
                           page="/profile").status_code for n in range(6)]
    assert statuses == [422] * 5 + [429]
