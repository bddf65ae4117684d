"""Checking a heartbeat request and turning its beats into rows for the raw table, without a database read.

The body: ``{"token": "...", "sent": <browser clock, ms>, "beats": [beat, ...]}`` (at most MAX_BEATS beats: the
player sends its queue of unsent beats together). A beat: ``seq`` (per session, from 1), ``t`` (browser clock, ms),
``ev`` (one of EVENTS), and for a live session ``d`` (seconds present since the previous beat), ``q`` (quality,
"audio" for audio only), ``ao`` (audio only), ``lang`` (audio language); for a replay ``from``/``to`` (the
recording's range watched since the previous beat, seconds) and ``speed``.

The browser's clock is corrected by its offset from ours at sending (``sent``): a beat kept offline and sent later
still lands at the time it was taken. One bad beat refuses the whole request, and nothing of it is stored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from lecturehall.modules.presence.tokens import ViewingToken

EVENTS = frozenset({"beat", "play", "pause", "seek", "end", "lang", "hide"})
MAX_BEATS = 50
MAX_SEQ = 2 ** 31 - 1
# A session cannot have sent more beats than this many plus one a second since its page was served.
SEQ_HEADROOM = 64
MAX_SPEED = 4.0
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,4})?$")
_QUALITY = re.compile(r"^[A-Za-z0-9_.-]{1,16}$")


@dataclass
class BeatError(Exception):
    status: int
    code: str
    message: str


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BeatError(400, "malformed", f"{name} must be a number")
    return float(value)


def _epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def parse(body: object, token: ViewingToken, *, now: float, beat_seconds: int, skew: int) -> list[dict]:
    """The rows to store for a request already past its token check; raises BeatError with the status to answer."""
    if not isinstance(body, dict):
        raise BeatError(400, "malformed", "the body must be a JSON object")
    beats = body.get("beats")
    if not isinstance(beats, list) or not beats:
        raise BeatError(400, "malformed", "beats must be a non-empty list")
    if len(beats) > MAX_BEATS:
        raise BeatError(413, "too_many", f"at most {MAX_BEATS} beats in one request")
    offset = now - _number(body.get("sent"), "sent") / 1000.0
    if abs(offset) > skew:
        raise BeatError(422, "clock", "the browser's clock is too far off")
    elapsed = max(0.0, now - token.started_at)  # the session's, whose token may have been renewed since
    max_seq = SEQ_HEADROOM + int(elapsed)
    max_present = max(4 * beat_seconds, 120)
    rows = []
    seen = set()
    for beat in beats:
        if not isinstance(beat, dict):
            raise BeatError(400, "malformed", "each beat must be an object")
        seq = beat.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQ:
            raise BeatError(400, "malformed", "seq must be a positive integer")
        if seq > max_seq:
            raise BeatError(409, "seq_future", "sequence number from the future")
        if seq in seen:
            raise BeatError(400, "malformed", "a sequence number appears twice")
        seen.add(seq)
        event = beat.get("ev")
        if event not in EVENTS:
            raise BeatError(400, "malformed", "unknown event")
        at = _number(beat.get("t"), "t") / 1000.0 + offset
        if at > now + 2 or at < token.started_at - 60:
            raise BeatError(422, "clock", "the beat's time is outside its session")
        row = {
            "session_id": token.session_id, "seq": seq, "lecture_id": token.lecture_id, "user_id": token.user_id,
            "browser_id": token.browser_id, "live": token.live, "at": _epoch(at), "event": event,
            "seconds": 0.0, "pos_from": None, "pos_to": None, "speed": None, "quality": None, "audio_only": False,
            "language": None,
        }
        if token.live:
            _live_fields(beat, row, max_present)
        else:
            _replay_fields(beat, row, token.duration, elapsed)
        rows.append(row)
    return rows


def _live_fields(beat: dict, row: dict, max_present: float) -> None:
    present = _number(beat.get("d", 0), "d")
    if not 0 <= present <= max_present:
        raise BeatError(422, "range", "seconds present since the last beat out of range")
    quality = beat.get("q")
    if quality is not None and (not isinstance(quality, str) or not _QUALITY.match(quality)):
        raise BeatError(400, "malformed", "q must be a short quality name")
    audio_only = beat.get("ao", False)
    if not isinstance(audio_only, bool):
        raise BeatError(400, "malformed", "ao must be true or false")
    language = beat.get("lang")
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.match(language)):
        raise BeatError(400, "malformed", "lang must be a language code")
    row.update(seconds=present, quality=quality, audio_only=audio_only or quality == "audio", language=language)


def _replay_fields(beat: dict, row: dict, duration: float, elapsed: float) -> None:
    start, end = _number(beat.get("from"), "from"), _number(beat.get("to"), "to")
    speed = _number(beat.get("speed", 1), "speed")
    if not 0 < speed <= MAX_SPEED:
        raise BeatError(422, "range", "playback speed out of range")
    # The range must lie in the recording (a second of slack for rounding), and cannot be longer than the session
    # has had time to play at the fastest speed.
    if not (0 <= start <= end <= duration + 1) or end - start > elapsed * MAX_SPEED + 2:
        raise BeatError(422, "range", "range outside the recording")
    language = beat.get("lang")
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.match(language)):
        raise BeatError(400, "malformed", "lang must be a language code")
    row.update(pos_from=start, pos_to=end, speed=speed, seconds=end - start, language=language)
