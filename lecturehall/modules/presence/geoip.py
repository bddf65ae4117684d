"""The network country of a client address, from a MaxMind-format country database (GEOIP_DB).

The README recommends DB-IP's free "IP to Country Lite" (CC BY 4.0); MaxMind's GeoLite2 Country works the same. One
reader per process and file, memory-mapped. Without a database, or for an address it does not know (loopback,
private ranges), the answer is None: the network country is then "unknown", never guessed.
"""

from __future__ import annotations

import ipaddress
import threading

import maxminddb
from flask import current_app

_readers: dict[str, maxminddb.Reader] = {}
_lock = threading.Lock()


def _reader(path: str) -> maxminddb.Reader:
    reader = _readers.get(path)
    if reader is None:
        with _lock:
            reader = _readers.get(path)
            if reader is None:
                reader = _readers[path] = maxminddb.open_database(path)
    return reader


def country_of(address: str | None) -> str | None:
    path = current_app.config["GEOIP_DB"]
    if not path or not address:
        return None
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    record = _reader(path).get(address)
    if not isinstance(record, dict):
        return None
    country = record.get("country") or record.get("registered_country") or {}
    code = country.get("iso_code") if isinstance(country, dict) else None
    return code.upper() if isinstance(code, str) and len(code) == 2 and code.isalpha() else None


def forget_readers() -> None:
    """Closes the cached readers (tests that write a new database file under the same name)."""
    with _lock:
        for reader in _readers.values():
            reader.close()
        _readers.clear()
