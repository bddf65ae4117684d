"""The network country: looked up in a MaxMind-format database (built here with mmdb-writer) for IPv4 and IPv6, from
the address the trusted proxy settings let through; unknown (never guessed) without a database. Declared and network
countries are both kept."""

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.presence import geoip, tasks
from lecturehall.modules.presence.models import Attendance
from tests.presence.helpers import country_database, live_beat, send, token


@pytest.fixture
def countries(tmp_path):
    path = country_database(tmp_path / "countries.mmdb", {
        "203.0.113.0/24": "CL", "198.51.100.0/24": "UY", "2001:db8:1::/48": "RW", "2001:db8:2::/48": "AE"})
    yield path
    geoip.forget_readers()


@pytest.mark.parametrize("address, country", [
    ("203.0.113.9", "CL"), ("198.51.100.200", "UY"), ("2001:db8:1::5", "RW"), ("2001:db8:2:ffff::1", "AE"),
    ("192.0.2.1", None), ("2001:db8:3::1", None), ("127.0.0.1", None), ("not an address", None), (None, None),
])
def test_countries_of_addresses(make_app, countries, address, country):
    app = make_app(GEOIP_DB=countries)
    with app.app_context():
        assert geoip.country_of(address) == country


def test_without_a_database_the_network_country_is_unknown(app):
    assert app.config["GEOIP_DB"] == ""
    assert geoip.country_of("203.0.113.9") is None


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (1, "203.0.113.9", "CL"),  # behind our proxy: the client's address
    (1, "2001:db8:1::5", "RW"),
    (0, "203.0.113.9", None),  # no proxy trusted: a client cannot claim an address
    (1, "192.0.2.50, 198.51.100.7", "UY"),  # the last hop added by our proxy wins over what the client sent
])
def test_the_network_country_comes_from_the_trusted_address(make_app, countries, create_lecture, create_user,
                                                            proxies, forwarded, expected):
    app = make_app(GEOIP_DB=countries, TRUSTED_PROXIES=proxies)
    with app.app_context():
        lecture = create_lecture()
        viewer = create_user(country="PK")
        viewing = token(lecture, user=viewer, live=True)
        response = send(app.test_client(), lecture.id, viewing, [live_beat(1, 0, ev="play"), live_beat(2, 15)],
                        headers={"X-Forwarded-For": forwarded})
        assert response.status_code == 200
        tasks.compact_beats()
        row = db.session.execute(sa.select(Attendance)).scalar_one()
        assert (row.declared_country, row.network_country) == ("PK", expected)
