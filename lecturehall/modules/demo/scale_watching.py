"""What the demo's participants watched: live sessions with late joins, early leaves, drop-outs and rejoins, a
second device now and then, audio-only and interpretation; replays over several days with resumes, seeks, peeks
too short to count and faster speeds; and anonymous browsers on public lectures. Rows go into the presence tables
as compaction would leave them (scale_viewing), and, for checks, the beats themselves (BeatLog)."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.demo import scale_viewing as viewing
from lecturehall.modules.demo.scale_data import COUNTRIES
from lecturehall.modules.lectures.models import LanguageKind, LectureStatus, ReplayVisibility, Visibility
from lecturehall.modules.media.models import ReplayPosition
from lecturehall.modules.presence import compaction, rules
from lecturehall.modules.presence.models import Attendance, Beat, LiveConcurrency, ReplayView, ReplayWatch

SPEEDS = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.25, 1.5, 1.5, 2.0)
OTHER_DEVICE = {"desktop": "mobile", "mobile": "desktop", "tablet": "mobile", "tv": "mobile"}


def _browser(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _anonymous_traits(rng: random.Random, countries) -> tuple[str, bool, str | None]:
    device = rng.choices(["desktop", "mobile", "tablet"], weights=[45, 48, 7])[0]
    network = None if rng.random() < 0.1 else rng.choices(countries, weights=[c.weight for c in countries])[0].code
    return device, device == "mobile" and rng.random() < 0.3, network


def live(rng: random.Random, size, plans, people, writer, figures, beats: BeatLog | None) -> set[int]:
    """Live attendance of the ended lectures; returns the indices of the people who watched."""
    watched = set()
    beat_seconds = int(current_app.config["PRESENCE_BEAT_SECONDS"])
    default_percent = rules.default_percent()
    countries = COUNTRIES[:size.countries]
    for plan in plans:
        lecture = plan.lecture
        if lecture.status is not LectureStatus.ended:
            continue
        live_seconds, rule = rules.live_seconds(lecture), rules.rule_for(lecture.programme_id)
        interpretation = set(lecture.planned_languages(LanguageKind.interpretation))
        share = min(0.95, size.attend_rate * rng.uniform(0.85, 1.12))
        viewers = [(people[index], None) for index in plan.requests if rng.random() < share]
        if lecture.visibility is Visibility.public:
            viewers += [(None, _browser(rng)) for _ in range(round(len(viewers) * 0.04))]
        minutes: Counter = Counter()
        for person, browser in viewers:
            if person is not None:
                device, audio_only, network = person.device, person.audio_only, person.network_country
                language = person.country.language
            else:
                (device, audio_only, network), language = _anonymous_traits(rng, countries), None
            choice = language if language in interpretation and rng.random() < 0.7 else None
            sessions = _live_sessions(rng, lecture, device, audio_only, choice, network, beat_seconds)
            row = viewing.attendance(sessions, lecture.lecture_language, 2 * beat_seconds)
            row.update(lecture_id=lecture.id, user_id=person.user_id if person else None, browser_id=browser,
                       declared_country=person.country.code if person else None,
                       attended=rules.attended(row["seconds_present"], live_seconds, rule, default_percent))
            writer.add(Attendance.__table__, row)
            if person is not None:
                watched.add(person.index)
            minutes.update(viewing.concurrency(row["intervals"]))
            figures.add("attendances")
            figures.add("attended", row["attended"])
            figures.add("rejoined", len(row["intervals"]) > 1)
            figures.add("anonymous_attendances", person is None)
            figures.add("live_beats", sum(viewing.live_beat_count(s, beat_seconds) for s in sessions))
            if beats is not None:
                for session in sessions:
                    beats.live(session, lecture.id, row["user_id"], browser, beat_seconds)
        for minute, count in sorted(minutes.items()):
            writer.add(LiveConcurrency.__table__, {"lecture_id": lecture.id, "minute": viewing.at(minute * 60),
                                                   "viewers": count})
    return watched


def _split(rng: random.Random, pieces: list[list[int]], gap: int) -> None:
    """Cuts the longest piece of presence in two, ``gap`` seconds apart (a drop-out and a rejoin)."""
    longest = max(pieces, key=lambda piece: piece[1] - piece[0])
    start, end = longest
    if end - start < 2 * gap + 240:
        return
    cut = start + int((end - start) * rng.uniform(0.2, 0.7))
    pieces.remove(longest)
    pieces += [[start, cut], [cut + gap, end]]
    pieces.sort()


def _live_sessions(rng: random.Random, lecture, device: str, audio_only: bool, language: str | None,
                   network: str | None, beat_seconds: int) -> list[viewing.LiveSession]:
    start, end = int(lecture.starts_at.timestamp()), int(lecture.ends_at.timestamp())
    roll = rng.random()
    join = start + (rng.randint(0, 300) if roll < 0.7 else rng.randint(300, 1200) if roll < 0.95
                    else rng.randint(1200, 2400))
    leave = end - rng.randint(0, 400) if rng.random() < 0.72 else join + int((end - join) * rng.uniform(0.1, 0.6))
    pieces = [[join, min(end, max(leave, join + 60))]]
    roll = rng.random()
    for _ in range(1 if roll < 0.26 else 2 if roll < 0.34 else 0):
        _split(rng, pieces, rng.randint(60, 900))  # dropped out, came back
    if 0.34 <= roll < 0.44:
        _split(rng, pieces, rng.randint(beat_seconds + 1, 2 * beat_seconds - 1))  # a glitch, bridged
    sessions, used = [], set()
    for number, (first, last) in enumerate(pieces):
        kind = OTHER_DEVICE[device] if number and rng.random() < 0.2 else device
        sessions.append(viewing.LiveSession(first, last, kind, audio_only and kind == device, language, network))
        used.add(first)
    if rng.random() < 0.04:  # a second device for a while, at the same time
        first, last = max(pieces, key=lambda piece: piece[1] - piece[0])
        if last - first > 600:
            other_start = first + rng.randint(60, (last - first) // 2)
            while other_start in used:
                other_start += 1
            sessions.append(viewing.LiveSession(other_start, other_start + rng.randint(120, (last - first) // 2),
                                                OTHER_DEVICE[device], False, language, network))
    return sessions


def replays(rng: random.Random, size, plans, people, writer, figures, now: datetime, beats: BeatLog | None) -> None:
    """Viewers (participants, and anonymous browsers on public replays) until the counted views reach the size."""
    beat_seconds = int(current_app.config["PRESENCE_BEAT_SECONDS"])
    countries = COUNTRIES[:size.countries]
    recorded = [plan for plan in plans if plan.replay_duration]
    cumulative, total = [], 0.0
    for plan in recorded:
        age = (now - plan.lecture.ends_at).days
        total += plan.popularity * (0.3 + min(1.0, age / 90))
        cumulative.append(total)
    thresholds = {plan.index: compaction.view_threshold(plan.replay_duration) for plan in recorded}
    taken = {plan.index: set() for plan in recorded}
    counted, misses = 0, 0
    while counted < size.replay_views:
        plan = rng.choices(recorded, cum_weights=cumulative)[0]
        lecture = plan.lecture
        person, browser = None, None
        if lecture.replay_visibility is ReplayVisibility.public and rng.random() < size.anonymous_share:
            browser = _browser(rng)
            device, _audio, network = _anonymous_traits(rng, countries)
        else:
            # Half of them had registered for the lecture; the others come from the whole programme.
            index = rng.choice(plan.requests) if plan.requests and rng.random() < 0.5 else rng.randrange(len(people))
            if index in taken[plan.index]:
                index = rng.randrange(len(people))
            if index in taken[plan.index]:
                misses += 1
                if misses > 10_000:
                    raise RuntimeError("too few participants for the replay views asked for")
                continue
            misses = 0
            taken[plan.index].add(index)
            person = people[index]
            device, network = person.device, person.network_country
        segments = _segments(rng, plan, now, device, network)
        if not segments:
            continue
        user_id = person.user_id if person is not None else None
        declared = person.country.code if person is not None else None
        watch = viewing.replay_watch(segments, float(plan.replay_duration))
        writer.add(ReplayWatch.__table__, {"lecture_id": lecture.id, "user_id": user_id, "browser_id": browser,
                                           "declared_country": declared, **watch})
        if user_id is not None:
            writer.add(ReplayPosition.__table__, {"user_id": user_id, "lecture_id": lecture.id,
                                                  "position": max(0.0, watch["position"]),
                                                  "updated_at": watch["position_at"]})
        for day in viewing.replay_days(segments, thresholds[plan.index]):
            writer.add(ReplayView.__table__, {"lecture_id": lecture.id, "user_id": user_id, "browser_id": browser,
                                              "declared_country": declared, **day})
            counted += day["counted"]
            figures.add("replay_view_days")
        figures.add("replay_watches")
        figures.add("anonymous_replay_watches", browser is not None)
        figures.add("replay_beats", sum(viewing.replay_beat_count(s, beat_seconds) for s in segments))
        if beats is not None:
            for segment in segments:
                beats.replay(segment, lecture.id, user_id, browser, beat_seconds)
    figures.add("replay_views", counted)


def _segments(rng: random.Random, plan, now: datetime, device: str,
              network: str | None) -> list[viewing.ReplaySegment]:
    """A viewer's stretches of playing, on one or more days (UTC), each within its day."""
    duration = plan.replay_duration
    published = plan.lecture.ends_at + timedelta(hours=3)
    age = max(0, (now - published).days)
    days = 1
    while rng.random() < 0.45 and days < 8:
        days += 1
    offsets = {0 if rng.random() < 0.5 else min(age, int(rng.expovariate(1 / 10)))}
    for _ in range(20):
        if len(offsets) >= days:
            break
        offsets.add(rng.randint(0, age))
    midnight = int(published.replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    segments, position = [], 0
    for offset in sorted(offsets):
        low = max(midnight + offset * 86400, int(published.timestamp()))
        high = min(midnight + (offset + 1) * 86400, int(now.timestamp()))
        for _ in range(1 if rng.random() < 0.75 else 2):
            if position and position < duration - 60 and rng.random() < 0.6:
                pos_from = position  # resumed
            else:
                pos_from = 0 if rng.random() < 0.7 else rng.randint(0, duration - 60)
            length = rng.randint(5, 25) if rng.random() < 0.09 else rng.randint(120, 2700)
            length = min(length, duration - pos_from)
            speed = rng.choice(SPEEDS)
            wall = math.ceil(length / speed)
            if high - low <= wall + 1:
                break
            segment = viewing.ReplaySegment(low + rng.randint(0, high - low - wall - 1), pos_from, pos_from + length,
                                            speed, device, network)
            segments.append(segment)
            position, low = segment.pos_to, segment.end + rng.randint(60, 3600)
    return segments


def delete_some_accounts(rng: random.Random, people, attendees: set[int], now: datetime, figures) -> None:
    """A few who attended deleted their accounts since: the stubs keep country and sector, the figures stay."""
    chosen = sorted(rng.sample(sorted(attendees), min(len(attendees), max(2, len(people) // 200))))
    db.session.execute(sa.update(User).where(User.id.in_([people[index].user_id for index in chosen])).values(
        email=None, full_name=None, password_hash=None, organisation=None, timezone="UTC", language="en",
        active=False, deleted_at=now - timedelta(days=7), calendar_token=None).execution_options(
        synchronize_session=False))
    figures.add("deleted_accounts", len(chosen))


class BeatLog:
    """The raw beats themselves (tests and checks): stored in time order, the compaction cursor past them."""

    def __init__(self):
        self.rows: list[dict] = []
        self.sessions = 0

    def live(self, session: viewing.LiveSession, lecture_id: int, user_id, browser_id, beat_seconds: int) -> None:
        self.sessions += 1
        session_id = f"live-{self.sessions:08d}"
        quality = "audio" if session.audio_only else "720p"
        for seq, (at, event, seconds) in enumerate(viewing.live_beats(session, beat_seconds), start=1):
            self._add(session_id, seq, lecture_id, user_id, browser_id, True, at, event, seconds=seconds,
                      quality=quality, audio_only=session.audio_only, language=session.language,
                      device=session.device, network_country=session.network_country)

    def replay(self, segment: viewing.ReplaySegment, lecture_id: int, user_id, browser_id, beat_seconds: int) -> None:
        self.sessions += 1
        session_id = f"replay-{self.sessions:08d}"
        for seq, (at, event, start, end) in enumerate(viewing.replay_beats(segment, beat_seconds), start=1):
            self._add(session_id, seq, lecture_id, user_id, browser_id, False, at, event, seconds=end - start,
                      pos_from=start, pos_to=end, speed=segment.speed, device=segment.device,
                      network_country=segment.network_country)

    def _add(self, session_id, seq, lecture_id, user_id, browser_id, live, at, event, **values) -> None:
        row = {"session_id": session_id, "seq": seq, "lecture_id": lecture_id, "user_id": user_id,
               "browser_id": browser_id, "live": live, "at": viewing.at(at), "received_at": viewing.at(at + 1),
               "event": event, "seconds": 0.0, "pos_from": None, "pos_to": None, "speed": None, "quality": None,
               "audio_only": False, "language": None}
        row.update(values)
        self.rows.append(row)

    def store(self, writer) -> None:
        self.rows.sort(key=lambda row: (row["at"], row["session_id"], row["seq"]))
        for row in self.rows:
            writer.add(Beat.__table__, row)
        writer.flush(Beat.__table__)
        last = db.session.execute(sa.select(sa.func.max(Beat.id))).scalar() or 0
        compaction.cursor_row().position = last
