"""Helpers for presence tests: viewing tokens, beat requests as the player sends them, raw beats stored as the
writer stores them (for compaction tests that need beats at chosen times), and a country database."""

from __future__ import annotations

import json
import time

import time_machine
from datetime import datetime, timedelta, timezone

from flask import current_app
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from lecturehall.modules.presence.tokens import make_token
from lecturehall.modules.presence.writer import get_writer

CHROME_DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def token(lecture, *, user=None, browser="b" * 22, live=False, duration=600.0, session_id=None,
          issued_ago: float = 600) -> str:
    """A viewing token as the page would have handed it ``issued_ago`` seconds ago (a page open for a while)."""
    with time_machine.travel(time.time() - issued_ago, tick=False):
        return make_token(lecture.id, live=live, user_id=user.id if user else None,
                          browser_id=None if user else browser, duration=duration, session_id=session_id)


def now_ms() -> float:
    return time.time() * 1000


def replay_beat(seq: int, start: float, end: float, *, ev: str = "beat", speed: float = 1.0, t: float | None = None):
    return {"seq": seq, "t": t if t is not None else now_ms(), "ev": ev, "from": start, "to": end, "speed": speed}


def live_beat(seq: int, present: float = 15, *, ev: str = "beat", t: float | None = None, **fields):
    return {"seq": seq, "t": t if t is not None else now_ms(), "ev": ev, "d": present, **fields}


def send(client, lecture_id: int, viewing_token: str, beats: list, *, sent: float | None = None, headers=None,
         raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(
        {"token": viewing_token, "sent": sent if sent is not None else now_ms(), "beats": beats}).encode()
    return client.post(f"/presence/lectures/{lecture_id}/beats", data=body, content_type="application/json",
                       headers={"User-Agent": CHROME_DESKTOP, **(headers or {})})


T0 = datetime(2030, 5, 5, 10, 0, tzinfo=timezone.utc)


def raw_beat(lecture, seq: int, at: datetime, *, session="s1", user=None, browser=None, live=True, seconds=15.0,
             pos=None, speed=1.0, device="desktop", country=None, language=None, audio_only=False, event="beat") -> dict:
    """A row of presence_beats as the endpoint would make it (for beats at chosen times)."""
    start, end = pos if pos is not None else (None, None)
    return {"session_id": session, "seq": seq, "lecture_id": lecture.id, "user_id": user.id if user else None,
            "browser_id": None if user else (browser or "anon-browser-0001"), "live": live, "at": at,
            "event": event, "seconds": seconds if live else (end - start), "pos_from": start, "pos_to": end,
            "speed": None if live else speed, "quality": None, "audio_only": audio_only, "language": language,
            "device": device, "network_country": country}


def live_session(lecture, user, start: datetime, minutes: float, *, session="s1", every=15, first_seq=1, **kw):
    """Beats of a live session playing from ``start`` for ``minutes``: a play beat, then one every ``every`` s."""
    rows = [raw_beat(lecture, first_seq, start, session=session, user=user, seconds=0, event="play", **kw)]
    count = int(minutes * 60 // every)
    for index in range(1, count + 1):
        rows.append(raw_beat(lecture, first_seq + index, start + timedelta(seconds=index * every), session=session,
                             user=user, seconds=every, **kw))
    return rows


def store(rows: list[dict]) -> None:
    get_writer(current_app._get_current_object()).store([dict(row) for row in rows], timeout=30)


def country_database(path, networks: dict[str, str]) -> str:
    """A MaxMind-format country database (IPv6 tree, IPv4 mapped in) with {network: country code}."""
    writer = MMDBWriter(ip_version=6, database_type="DBIP-Country-Lite", ipv4_compatible=True,
                        description="Lecture Hall test countries")
    for network, code in networks.items():
        writer.insert_network(IPSet([network]), {"country": {"iso_code": code}})
    writer.to_db_file(str(path))
    return str(path)
