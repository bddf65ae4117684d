"""The demo at the seed programme's scale (``lecturehall demo --scale programme``) and the reports benchmark's data
(bench/reports.py): a year of lectures, thousands of participants from dozens of countries, registrations with
waiting lists, live attendance with rejoins and replay watching, the same for a given seed and day.

Lectures, speakers, topics, the programme and its staff go through their modules' own operations (history, jobs and
live stretches are real). Participants, registrations and what was watched are bulk-inserted (Core executemany on
SQLite, COPY on PostgreSQL) into the tables production uses: the derived figures are those compaction makes of the
player's heartbeats (see scale_viewing), and with ``with_beats`` the beats themselves are stored too, with the
compaction cursor past them. Flushes only; the caller commits.
"""

from __future__ import annotations

import json
import random
import secrets
import time as clock
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, timezone
from enum import Enum
from typing import Callable

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.accounts.passwords import hash_password
from lecturehall.modules.demo import data, scale_data
from lecturehall.modules.demo import operations as demo_operations
from lecturehall.modules.demo import scale_watching as watching
from lecturehall.modules.demo.scale_data import COUNTRIES, NAMES, SECTOR_WEIGHTS
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Lecture, LectureStatus, ReplayVisibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.media.models import Replay
from lecturehall.modules.programmes.operations import ProgrammeData, create_programme
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports import lecture_summary, reach_summary, replay_summary
from lecturehall.modules.speakers.operations import create_speaker, create_tag

EMAIL_DOMAIN = "scale.demo.lecturehall.example"
DEVICES = (("desktop", 55), ("mobile", 35), ("tablet", 8), ("tv", 2))


@dataclass(frozen=True)
class Size:
    participants: int
    countries: int
    lectures: int
    replay_views: int  # counted replay views to reach
    registrations_per_participant: float  # on average (everyone registers for at least one lecture)
    attend_rate: float  # share of those with a place who watch live
    upcoming: int  # lectures still to come (registrations, no attendance)
    anonymous_share: float = 0.08  # of the viewers of public replays, browsers nobody signed in on


SIZES = {
    "programme": Size(participants=6200, countries=27, lectures=40, replay_views=104_000,
                      registrations_per_participant=3.3, attend_rate=0.68, upcoming=4),
    "benchmark": Size(participants=100_000, countries=60, lectures=1000, replay_views=1_000_000,
                      registrations_per_participant=1.25, attend_rate=0.45, upcoming=20),
}


def scaled(size: Size, factor: float) -> Size:
    """A smaller (or larger) version: people, lectures and views scale together, countries stay."""
    if factor == 1:
        return size
    # At least 40 lectures: replay views per participant stay as in the full size.
    return replace(size, participants=max(size.countries * 3, round(size.participants * factor)),
                   lectures=max(min(size.lectures, 40), round(size.lectures * factor)),
                   replay_views=max(1, round(size.replay_views * factor)),
                   upcoming=max(1, round(size.upcoming * factor)))


@dataclass
class Figures:
    """What was generated, for the console and the tests."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    seconds: dict = field(default_factory=dict)
    credentials: demo_operations.Credentials | None = None

    def add(self, name: str, value: int = 1) -> None:
        self.counts[name] += value


class _Writer:
    """Rows buffered per table and inserted in batches: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, batch: int = 20_000):
        self.batch = batch
        self.buffers: dict[sa.Table, list[dict]] = defaultdict(list)
        self.postgres = db.session.get_bind().dialect.name == "postgresql"

    def add(self, table: sa.Table, row: dict) -> None:
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= self.batch:
            self.flush(table)

    def flush(self, table: sa.Table | None = None) -> None:
        for name in [table] if table is not None else list(self.buffers):
            rows, self.buffers[name] = self.buffers[name], []
            if rows:
                (self._copy if self.postgres else self._executemany)(name, rows)

    @staticmethod
    def _executemany(table: sa.Table, rows: list[dict]) -> None:
        db.session.execute(sa.insert(table), rows)

    @staticmethod
    def _copy(table: sa.Table, rows: list[dict]) -> None:
        columns = list(rows[0])
        json_columns = {column.name for column in table.columns if isinstance(column.type, sa.JSON)}
        raw = db.session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in json_columns
                                else row[c].value if isinstance(row[c], Enum) else row[c] for c in columns])


@dataclass(slots=True)
class _Person:
    index: int
    country: scale_data.Country
    name: str
    sector: Sector
    organisation: str
    device: str
    audio_only: bool
    network_country: str | None
    user_id: int = 0
    created_at: datetime | None = None


@dataclass(slots=True)
class _Plan:
    index: int
    spec: data.DemoLecture
    label: dict | None
    round: int
    starts_local: datetime
    popularity: float
    requests: list = field(default_factory=list)  # (requested_at, person index)
    lecture: Lecture | None = None
    replay_duration: int = 0


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower().replace(" ", ".") if ch.isalnum() or ch in ".-")


def _weighted(rng: random.Random, pairs) -> object:
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def generate(size: Size, *, seed: int = 2026, now: datetime | None = None, with_beats: bool = False,
             say: Callable[[str], None] = lambda text: None) -> Figures:
    """Fills the database with ``size``; ``now`` (default: today, midnight UTC) fixes the dates, so the same seed
    and day give the same rows. Flushes only."""
    now = now or datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    rng = random.Random(seed)
    figures, started = Figures(), clock.monotonic()
    countries = COUNTRIES[:size.countries]
    admin, figures.credentials = _staff(countries)
    programme = create_programme(ProgrammeData(
        name=f"{data.PROGRAMME_NAME} ({size.participants:,} participants)", description=data.PROGRAMME_DESCRIPTION,
        countries=[country.code for country in countries[:scale_data.PROGRAMME_COUNTRY_COUNT]],
        organisers=[admin]))
    db.session.flush()
    people = _people(rng, size, countries)
    plans = _plan_lectures(rng, size, now)
    _plan_registrations(rng, size, people, plans, now)
    say(f"planned {len(plans)} lectures and {len(people):,} participants from {len(countries)} countries")
    _create_lectures(plans, programme, admin, now)
    say(f"lectures created ({clock.monotonic() - started:.1f} s)")
    writer = _Writer()
    _time_requests(plans, people, now)
    _insert_people(people, writer)
    say(f"participants inserted ({clock.monotonic() - started:.1f} s)")
    _insert_registrations(plans, people, writer, figures)
    say(f"{figures.counts['registrations']:,} registrations ({figures.counts['waitlisted']:,} on waiting lists)")
    beats = watching.BeatLog() if with_beats else None
    attendees = watching.live(rng, size, plans, people, writer, figures, beats)
    say(f"{figures.counts['attendances']:,} live attendances ({figures.counts['rejoined']:,} with rejoins, "
        f"{figures.counts['live_beats']:,} heartbeats' worth) ({clock.monotonic() - started:.1f} s)")
    watching.replays(rng, size, plans, people, writer, figures, now, beats)
    say(f"{figures.counts['replay_views']:,} replay views by {figures.counts['replay_watches']:,} viewers "
        f"({figures.counts['anonymous_replay_watches']:,} anonymous; {figures.counts['replay_beats']:,} heartbeats' "
        f"worth) ({clock.monotonic() - started:.1f} s)")
    watching.delete_some_accounts(rng, people, attendees, now, figures)
    if beats is not None:
        beats.store(writer)
    writer.flush()
    db.session.flush()
    figures.counts["reach_days"] = reach_summary.rebuild()  # as the worker keeps it from compaction
    say(f"{figures.counts['reach_days']:,} days of reach summarised ({clock.monotonic() - started:.1f} s)")
    figures.counts["replay_days"] = replay_summary.rebuild()
    say(f"{figures.counts['replay_days']:,} rows of replay summarised ({clock.monotonic() - started:.1f} s)")
    figures.counts["replay_lecture_rows"] = lecture_summary.rebuild()
    say(f"{figures.counts['replay_lecture_rows']:,} rows of lecture replays summarised "
        f"({clock.monotonic() - started:.1f} s)")
    figures.counts["countries"] = len({person.country.code for person in people})
    figures.counts["participants"] = len(people)
    figures.counts["lectures"] = len(plans)
    figures.seconds["generate"] = clock.monotonic() - started
    return figures


def _staff(countries) -> tuple[User, demo_operations.Credentials]:
    """The demo admin (a new random password, stored like the small demo's) and coordinators of the first
    partner countries."""
    credentials = demo_operations.Credentials(data.ADMIN_EMAIL, "demo-" + secrets.token_urlsafe(9))
    admin = accounts.create_user_by_admin(accounts.ProfileData(
        full_name="Programme Administrator", email=credentials.email, country="CN",
        organisation="Cloud Lecture Hall secretariat", sector=Sector.government, language="en",
        timezone="Asia/Shanghai"), Role.admin, password=credentials.password, invite=False)
    shared_hash = hash_password(secrets.token_urlsafe(16))
    for index, (name, country, organisation, language, tz) in enumerate(data.COORDINATORS):
        user = accounts.create_user_by_admin(accounts.ProfileData(
            full_name=name, email=f"coordinator.{country.lower()}@{EMAIL_DOMAIN}", country=country,
            organisation=organisation, sector=Sector.government, language=language, timezone=tz),
            Role.coordinator, coordinator_country=country, invite=False)
        user.password_hash = shared_hash
    demo_operations.store_credentials(credentials)
    return admin, credentials


def _people(rng: random.Random, size: Size, countries) -> list[_Person]:
    weights = [country.weight for country in countries]
    people = []
    for index in range(size.participants):
        # Every country sends a few, the rest by weight.
        country = countries[index % len(countries)] if index < 3 * len(countries) else \
            rng.choices(countries, weights=weights)[0]
        given, family, family_first = NAMES[country.names]
        first, last = rng.choice(given), rng.choice(family)
        sector = _weighted(rng, SECTOR_WEIGHTS)
        device = _weighted(rng, DEVICES)
        roll = rng.random()
        network = country.code if roll < 0.86 else None if roll < 0.94 else \
            rng.choice(["SG", "AE", "CN", "ZA", "US", "DE"])
        people.append(_Person(
            index=index, country=country, name=f"{last} {first}" if family_first else f"{first} {last}",
            sector=sector, organisation=_organisation(rng, sector, country), device=device,
            audio_only=rng.random() < (0.35 if device == "mobile" else 0.04), network_country=network))
    return people


def _organisation(rng: random.Random, sector: Sector, country: scale_data.Country) -> str:
    if sector is Sector.government:
        pool = scale_data.GOVERNMENT.get(country.language, scale_data.GOVERNMENT["en"])
    else:
        pool = {Sector.enterprise: scale_data.ENTERPRISE, Sector.other: scale_data.OTHER,
                Sector.academia: scale_data.ACADEMIA}.get(sector, scale_data.INTERNATIONAL)
    return rng.choice(pool).format(city=country.city)


def _plan_lectures(rng: random.Random, size: Size, now: datetime) -> list[_Plan]:
    """A year of lectures, the demo's texts again in regional sessions; the last ``upcoming`` still to come."""
    bases = [spec for spec in data.LECTURES if spec.status is not LectureStatus.cancelled]
    past = size.lectures - size.upcoming
    plans = []
    for index in range(size.lectures):
        spec = bases[index % len(bases)]
        if index < past:
            day = now - timedelta(days=360) + timedelta(days=355 * index / max(1, past))
        else:
            day = now + timedelta(days=3 + 40 * (index - past) / max(1, size.upcoming))
        hour, minute = (int(part) for part in (spec.start.at or "15:00").split(":"))
        local_day = to_local(day, spec.timezone).date()
        plans.append(_Plan(index=index, spec=spec, label=scale_data.SESSIONS[(index // len(bases)) % 4],
                           round=index // (4 * len(bases)), starts_local=datetime.combine(local_day, time(hour, minute)),
                           popularity=rng.uniform(0.5, 1.6) * (0.4 if index >= past else 1.0)))
    return plans


def _plan_registrations(rng: random.Random, size: Size, people: list[_Person], plans: list[_Plan],
                        now: datetime) -> None:
    cumulative, total = [], 0.0
    for plan in plans:
        total += plan.popularity
        cumulative.append(total)
    extra = size.registrations_per_participant - 1
    for person in people:
        wanted = min(len(plans), 1 + int(rng.expovariate(1 / extra)) if extra > 0 else 1)
        chosen = set()
        while len(chosen) < wanted:
            chosen.update(rng.choices(range(len(plans)), cum_weights=cumulative, k=wanted - len(chosen)))
        for index in sorted(chosen):
            plans[index].requests.append(person.index)


def _title(plan: _Plan, language: str, text: data.Text) -> str:
    title = text.title
    if plan.label is not None:
        title += scale_data.SESSION_JOIN.get(language, scale_data.DEFAULT_JOIN).format(label=plan.label[language])
    if plan.round:
        title += f" · {plan.round + 1}"
    return title


def _create_lectures(plans: list[_Plan], programme, admin: User, now: datetime) -> None:
    speakers = {key: create_speaker(speaker).id for key, speaker in data.SPEAKERS.items()}
    tags = {slug: create_tag(slug, names).id for slug, names in data.TAGS.items()}
    for plan in plans:
        spec = plan.spec
        original = spec.texts[spec.language]
        # Every fourth lecture is a workshop with limited places: the last to ask wait.
        capacity = max(1, int(len(plan.requests) * 0.85)) if plan.index % 4 == 3 and plan.requests else None
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title=_title(plan, spec.language, original), summary=original.summary,
            description=original.description, original_language=spec.language, lecture_language=spec.language,
            local_start=plan.starts_local, timezone=spec.timezone, duration_minutes=spec.duration, capacity=capacity,
            replay_visibility=spec.replay, interpretation_languages=list(spec.interpretation),
            subtitle_languages=list(spec.subtitles), speaker_ids=[speakers[key] for key in spec.speakers],
            tag_ids=[tags[slug] for slug in spec.tags]), admin, publish=True)
        for language, text in spec.texts.items():
            if language != spec.language:
                lectures.save_translation(lecture, language, _title(plan, language, text), text.summary,
                                          text.description, admin)
        if lecture.ends_at <= now:
            lectures.advance_status_by_clock(lecture, now=lecture.starts_at)
            lectures.advance_status_by_clock(lecture, now=lecture.ends_at)
            if plan.index % 13 != 5:  # a few were never recorded
                plan.replay_duration = spec.duration * 60 - 60 - (plan.index * 37) % 360
                db.session.add(Replay(lecture_id=lecture.id, directory=f"replays/{lecture.id}/1", version=1,
                                      duration=float(plan.replay_duration), has_video=True,
                                      published_at=lecture.ends_at + timedelta(hours=3)))
        plan.lecture = lecture
    db.session.flush()


def _time_requests(plans: list[_Plan], people: list[_Person], now: datetime) -> None:
    """When each asked for a place (up to a month before the lecture), and when their account was made (before
    their first request)."""
    for plan in plans:
        rng = random.Random(plan.index)
        timed = []
        for person_index in plan.requests:
            requested_at = plan.lecture.starts_at - timedelta(minutes=rng.randint(120, 30 * 24 * 60))
            if requested_at > now:
                requested_at = now - timedelta(minutes=rng.randint(10, 10_000))
            timed.append((requested_at, person_index))
            person = people[person_index]
            person.created_at = min(person.created_at or requested_at, requested_at)
        plan.requests = sorted(timed)
    for person in people:
        person.created_at -= timedelta(minutes=60 + (person.index * 7919) % (20 * 24 * 60))


def _insert_people(people: list[_Person], writer: _Writer) -> None:
    shared_hash = hash_password(secrets.token_urlsafe(16))
    for person in people:
        writer.add(User.__table__, {
            "email": f"{_ascii(person.name)}.{person.index}@{EMAIL_DOMAIN}", "full_name": person.name,
            "password_hash": shared_hash, "country": person.country.code, "organisation": person.organisation,
            "sector": person.sector, "language": person.country.language, "timezone": person.country.timezone,
            "role": Role.participant, "coordinator_country": None, "active": True, "created_by_admin": True,
            "email_confirmed_at": person.created_at, "last_login_at": None, "created_at": person.created_at,
            "updated_at": person.created_at, "deleted_at": None, "invited_at": None, "calendar_token": None,
            "session_nonce": f"s{person.index:031d}"})
    writer.flush(User.__table__)
    ids = dict(db.session.execute(sa.select(User.email, User.id).where(User.email.like(f"%@{EMAIL_DOMAIN}"))).all())
    for person in people:
        person.user_id = ids[f"{_ascii(person.name)}.{person.index}@{EMAIL_DOMAIN}"]


def _insert_registrations(plans: list[_Plan], people: list[_Person], writer: _Writer, figures: Figures) -> None:
    """Requests in the order they came; within the capacity a place, beyond it the waiting list; a few cancel."""
    for plan in plans:
        lecture = plan.lecture
        rng = random.Random(-1 - plan.index)
        placed, requests, plan.requests = 0, plan.requests, []
        for requested_at, person_index in requests:
            person = people[person_index]
            if rng.random() < 0.03:
                status, registered_at = RegistrationStatus.cancelled, requested_at
            elif lecture.capacity is None or placed < lecture.capacity:
                status, registered_at = RegistrationStatus.registered, requested_at
                placed += 1
                plan.requests.append(person_index)  # from here on: those with a place
            else:
                status, registered_at = RegistrationStatus.waitlisted, None
                figures.add("waitlisted")
            writer.add(Registration.__table__, {
                "lecture_id": lecture.id, "user_id": person.user_id, "status": status,
                "requested_at": requested_at, "registered_at": registered_at,
                "cancelled_at": requested_at + timedelta(hours=6) if status is RegistrationStatus.cancelled
                else None})
            figures.add("registrations")
    writer.flush(Registration.__table__)
