"""Watching at the demo's scale: live sessions and replay segments as a player reports them, the heartbeats they
stand for, and the figures compaction derives from those beats.

A live session from ``start`` to ``end`` is the beats the player sends: ``play`` at the start (nothing present yet),
a ``beat`` every PRESENCE_BEAT_SECONDS with that many seconds present, and a last ``hide`` with the rest. Those beats'
intervals touch end to start, so their union is exactly [start, end]; the figures below are therefore computed from
the sessions with compaction's own arithmetic (``intervals.union`` with the two-beat bridge, ``intervals.minutes``,
``rules.attended``), which lets a year of attendance be generated without materialising every beat. ``live_beats``
and ``replay_beats`` give the beats themselves, and tests/demo check that the real compaction of them gives the
same rows.

Times are whole epoch seconds and replay positions whole seconds or exact binary fractions, so the figures are
exact whichever database stores them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from lecturehall.modules.presence import intervals as iv


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


@dataclass(frozen=True)
class LiveSession:
    start: int  # epoch seconds
    end: int
    device: str
    audio_only: bool
    language: str | None  # the audio language chosen (None: the lecture's own)
    network_country: str | None


@dataclass(frozen=True)
class ReplaySegment:
    start: int  # epoch seconds (wall clock) when playing started
    pos_from: int  # seconds of the recording
    pos_to: int
    speed: float
    device: str
    network_country: str | None

    @property
    def end(self) -> int:
        return self.start + math.ceil((self.pos_to - self.pos_from) / self.speed)


def live_beats(session: LiveSession, beat_seconds: int) -> list[tuple[int, str, float]]:
    """(at, event, seconds present since the previous beat) of one live session."""
    beats = [(session.start, "play", 0.0)]
    now = session.start
    while now + beat_seconds <= session.end:
        now += beat_seconds
        beats.append((now, "beat", float(beat_seconds)))
    if session.end > now:
        beats.append((session.end, "hide", float(session.end - now)))
    return beats


def live_beat_count(session: LiveSession, beat_seconds: int) -> int:
    length = session.end - session.start
    return 1 + length // beat_seconds + (1 if length % beat_seconds else 0)


def replay_beats(segment: ReplaySegment, beat_seconds: int) -> list[tuple[int, str, float, float]]:
    """(at, event, from, to) of one stretch of replay playing: the range watched since the previous beat."""
    step = beat_seconds * segment.speed
    beats = [(segment.start, "play", float(segment.pos_from), float(segment.pos_from))]
    previous, k = float(segment.pos_from), 1
    while True:
        bound = min(float(segment.pos_to), segment.pos_from + step * k)
        last = bound >= segment.pos_to
        beats.append((segment.end if last else segment.start + beat_seconds * k, "pause" if last else "beat",
                      previous, bound))
        if last:
            return beats
        previous, k = bound, k + 1


def replay_beat_count(segment: ReplaySegment, beat_seconds: int) -> int:
    return 1 + math.ceil((segment.pos_to - segment.pos_from) / (beat_seconds * segment.speed))


def attendance(sessions: list[LiveSession], lecture_language: str, bridge: float) -> dict:
    """The figures compaction keeps for one viewer's live sessions (all but "attended" and the countries)."""
    ordered = sorted(sessions, key=lambda s: s.start)
    merged = iv.union([[float(s.start), float(s.end)] for s in ordered], bridge)
    interpreted = [s.language for s in ordered if s.language and s.language != lecture_language]
    return {
        "intervals": merged,
        "seconds_present": int(round(iv.measure(merged))),
        "first_seen_at": at(merged[0][0]),
        "last_seen_at": at(merged[-1][1]),
        "device": ordered[0].device,
        "devices": ",".join(sorted({s.device for s in ordered})),
        "audio_only_used": any(s.audio_only for s in ordered),
        "interpretation_language": interpreted[0] if interpreted else None,
        "network_country": next((s.network_country for s in ordered if s.network_country), None),
    }


def replay_watch(segments: list[ReplaySegment], duration: float) -> dict:
    """What compaction keeps for one viewer's watching of a replay, over all days."""
    ordered = sorted(segments, key=lambda s: s.start)
    ranges = iv.union([[float(s.pos_from), float(s.pos_to)] for s in ordered])
    watched = round(iv.measure(ranges), 3)
    duration = duration or max(float(s.pos_to) for s in ordered)
    latest = ordered[-1]
    return {
        "ranges": ranges,
        "seconds_watched": watched,
        "furthest": max(float(s.pos_to) for s in ordered),
        "duration": duration,
        "completion": round(min(100.0, 100.0 * watched / duration), 2) if duration else 0.0,
        "position": float(latest.pos_to),
        "position_at": at(latest.end),
        "speed": latest.speed,
        "first_watched_at": at(ordered[0].start),
        "last_watched_at": at(latest.end),
        "device": ordered[0].device,
        "network_country": next((s.network_country for s in ordered if s.network_country), None),
    }


def replay_days(segments: list[ReplaySegment], threshold: float) -> list[dict]:
    """One row a day (UTC) with that day's watching, counted as a view from ``threshold`` seconds watched."""
    by_day = defaultdict(list)
    for segment in sorted(segments, key=lambda s: s.start):
        by_day[at(segment.start).date()].append(segment)
    rows = []
    for day, todays in sorted(by_day.items()):
        ranges = iv.union([[float(s.pos_from), float(s.pos_to)] for s in todays])
        watched = round(iv.measure(ranges), 3)
        rows.append({"day": day, "ranges": ranges, "seconds_watched": watched, "counted": watched >= threshold,
                     "network_country": next((s.network_country for s in todays if s.network_country), None)})
    return rows


def concurrency(merged: list[list[float]]) -> set[int]:
    """The minutes (epoch seconds // 60) a viewer adds to the concurrent-viewer curve."""
    return iv.minutes(merged)
