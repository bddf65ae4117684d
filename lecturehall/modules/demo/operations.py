"""Creates demo data: an admin, participants from 20+ countries, and a programme with past, live and upcoming
lectures, registrations and attendance. Flushes only; the CLI commits.

Lectures go through the lectures' own operations, so their history and scheduler jobs are real: once
``lecturehall serve`` runs, the reminders and status changes of the demo lectures happen on time. Registrations and
attendance are written as rows: registering through the registrations module would mail every demo participant.
"""

from __future__ import annotations

import os
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from flask import current_app

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.live import operations as live_operations
from lecturehall.modules.accounts.passwords import hash_password
from lecturehall.modules.accounts.queries import count_users
from lecturehall.modules.demo import data
from lecturehall.modules.demo import media as demo_media
from lecturehall.modules.demo.data import ADMIN_EMAIL, COORDINATORS, PARTICIPANTS, DemoLecture, Start
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import Lecture, LectureStatus, Visibility
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.media.errors import FFmpegMissing
from lecturehall.modules.presence import intervals as presence_intervals
from lecturehall.modules.presence import rules as presence_rules
from lecturehall.modules.presence.models import Attendance
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.operations import ProgrammeData, create_programme
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports import lecture_summary, reach_summary, replay_summary
from lecturehall.modules.speakers.operations import create_speaker, create_tag


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str


@dataclass(frozen=True)
class DemoResult:
    credentials: Credentials
    replay_lecture_id: int | None  # the lecture whose recording is being transcoded into the demo replay
    no_replay_reason: str | None  # why there is none (ffmpeg missing), for the console
    live_lecture_id: int | None = None  # the lecture that is live now, waiting for a push from OBS
    live_stream_key: str | None = None


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo_admin.txt"


def stored_credentials() -> Credentials | None:
    path = _credentials_file()
    if not path.exists():
        return None
    email, password = path.read_text().split("\n", 1)
    return Credentials(email.strip(), password.strip())


def store_credentials(credentials: Credentials) -> None:
    path = _credentials_file()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{credentials.email}\n{credentials.password}\n")


def _email_for(name: str, index: int) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{local or 'participant'}.{index}@demo.lecturehall.example"


def create_demo_data(only_if_empty: bool = True) -> DemoResult | None:
    if only_if_empty and count_users() > 0:
        return None
    # A random password for every new installation: demo data must not open a known door.
    credentials = Credentials(ADMIN_EMAIL, "demo-" + secrets.token_urlsafe(9))
    admin_data = accounts.ProfileData(full_name="Programme Administrator", email=credentials.email, country="CN",
                                      organisation="Cloud Lecture Hall secretariat", sector=Sector.government,
                                      language="en", timezone="Asia/Shanghai")
    admin = accounts.create_user_by_admin(admin_data, Role.admin, password=credentials.password, invite=False)
    participants = _create_participants()
    programme = create_programme(ProgrammeData(name=data.PROGRAMME_NAME, description=data.PROGRAMME_DESCRIPTION,
                                               countries=data.PROGRAMME_COUNTRIES, organisers=[admin]))
    made = _create_lectures(programme, admin, participants)
    replay_lecture = next((lecture for spec, lecture in made if spec.recording), None)
    reason = None
    try:
        demo_media.attach(replay_lecture, admin)
    except FFmpegMissing as missing:
        replay_lecture, reason = None, str(missing)
    store_credentials(credentials)
    # the attendance above was written as compaction leaves it, not through compaction
    reach_summary.rebuild()
    replay_summary.rebuild()
    lecture_summary.rebuild()
    # The lecture that is live now takes a push at once: its key is on its stream panel (and printed by the CLI)
    live_lecture = next((lecture for _spec, lecture in made if lecture.status is LectureStatus.live), None)
    stream = live_operations.ensure_stream(live_lecture) if live_lecture is not None else None
    return DemoResult(credentials, replay_lecture.id if replay_lecture else None, reason,
                      live_lecture.id if live_lecture else None, stream.stream_key if stream else None)


def _create_participants() -> list[User]:
    # Nobody signs in as a demo participant: one unguessable password, hashed once (Argon2 takes a quarter second
    # per hash, which made the demo slow), shared by all of them.
    shared_hash = hash_password(secrets.token_urlsafe(16))
    participants = []
    for index, (name, country, organisation, sector, language, tz) in enumerate(PARTICIPANTS, start=1):
        profile = accounts.ProfileData(full_name=name, email=_email_for(name, index), country=country,
                                       organisation=organisation, sector=sector, language=language, timezone=tz)
        user = accounts.create_user_by_admin(profile, Role.participant, invite=False)
        user.password_hash = shared_hash
        participants.append(user)
    for index, (name, country, organisation, language, tz) in enumerate(COORDINATORS, start=100):
        profile = accounts.ProfileData(full_name=name, email=_email_for(name, index), country=country,
                                       organisation=organisation, sector=Sector.government, language=language,
                                       timezone=tz)
        user = accounts.create_user_by_admin(profile, Role.coordinator, coordinator_country=country, invite=False)
        user.password_hash = shared_hash
    db.session.flush()
    return participants


def _create_lectures(programme: Programme, admin: User, participants: list[User]) -> list[tuple[DemoLecture, Lecture]]:
    speaker_ids = {key: create_speaker(speaker).id for key, speaker in data.SPEAKERS.items()}
    tag_ids = {slug: create_tag(slug, names).id for slug, names in data.TAGS.items()}
    now = utcnow()
    rng = random.Random(2026)  # the same demo on every installation, apart from the dates
    made = []
    for spec in data.LECTURES:
        original = spec.texts[spec.language]
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title=original.title, summary=original.summary,
            description=original.description, original_language=spec.language, lecture_language=spec.language,
            local_start=_local_start(spec.start, spec.timezone, now), timezone=spec.timezone,
            duration_minutes=spec.duration, capacity=spec.capacity,
            visibility=Visibility.countries if spec.countries else Visibility.public, countries=list(spec.countries),
            replay_visibility=spec.replay, interpretation_languages=list(spec.interpretation),
            subtitle_languages=list(spec.subtitles), speaker_ids=[speaker_ids[key] for key in spec.speakers],
            tag_ids=[tag_ids[slug] for slug in spec.tags],
        ), admin, publish=True)
        for language, text in spec.texts.items():
            if language != spec.language:
                lectures.save_translation(lecture, language, text.title, text.summary, text.description, admin)
        _register_audience(lecture, spec, admin, participants, rng, now)
        _set_status(lecture, spec.status, admin, now)
        made.append((spec, lecture))
    db.session.flush()
    return made


def _local_start(start: Start, zone: str, now: datetime) -> datetime:
    """The naive wall-clock start in ``zone``: a clock time on a day from today, or minutes from now rounded down
    to five minutes (a lecture "in two hours" reads better at 16:05 than at 16:07)."""
    if start.at is None:
        local = to_local(now + timedelta(minutes=start.minutes), zone)
        return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)
    hour, minute = (int(part) for part in start.at.split(":"))
    return datetime.combine(to_local(now, zone).date() + timedelta(days=start.days), time(hour, minute))


def _register_audience(lecture: Lecture, spec: DemoLecture, admin: User, participants: list[User],
                       rng: random.Random, now: datetime) -> None:
    """Registrations in the order they were asked for (places first, then the waiting list), and for ended and
    live lectures the attendance of some of those registered."""
    eligible = [user for user in participants if not spec.countries or user.country in spec.countries]
    audience = rng.sample(eligible, min(spec.audience, len(eligible)))
    if spec.admin:
        audience.insert(0, admin)
    earliest, latest = _registration_window(lecture, now)
    span = int((latest - earliest).total_seconds() // 60)
    requested = sorted(earliest + timedelta(minutes=rng.randint(0, span)) for _ in audience)
    for position, (user, requested_at) in enumerate(zip(audience, requested)):
        waiting = lecture.capacity is not None and position >= lecture.capacity
        db.session.add(Registration(
            lecture_id=lecture.id, user_id=user.id, requested_at=requested_at,
            status=RegistrationStatus.waitlisted if waiting else RegistrationStatus.registered,
            registered_at=None if waiting else requested_at))
        if waiting or spec.status not in (LectureStatus.ended, LectureStatus.live):
            continue
        watched = spec.admin == "attended" if user is admin else rng.random() < spec.attended
        if watched:
            db.session.add(_attendance(lecture, user, rng, now))


def _registration_window(lecture: Lecture, now: datetime) -> tuple[datetime, datetime]:
    """When the demo's participants asked for their places: in the twelve days before the 24-hour reminder was
    due, so it goes out to them once the scheduler runs. For a lecture starting within hours, since that time
    instead: a "tomorrow" reminder two hours before the start would read wrong, and the 15-minute one still comes."""
    reminder_due = lecture.starts_at - timedelta(hours=24)
    if now < lecture.starts_at < now + timedelta(hours=12):
        return reminder_due + timedelta(minutes=1), now - timedelta(minutes=10)
    latest = min(now, reminder_due) - timedelta(hours=1)
    return latest - timedelta(days=12), latest


def _attendance(lecture: Lecture, user: User, rng: random.Random, now: datetime) -> Attendance:
    """Attendance as the compaction of heartbeats leaves it: present from a join to a last beat, with one drop-out
    (a rejoin) in some cases; minutes present are the length of those intervals, "attended" follows the default
    rule, countries are the profile's (the demo has no network addresses)."""
    first_seen = lecture.starts_at + timedelta(seconds=rng.randint(0, 600))
    if lecture.ends_at <= now:
        last_seen = lecture.ends_at - timedelta(seconds=rng.randint(0, 1500))
        if rng.random() < 0.2:  # left early: not attended by the default rule
            last_seen = first_seen + (lecture.ends_at - first_seen) * rng.uniform(0.1, 0.35)
    else:  # watching now: the player's last heartbeat came moments ago
        first_seen = min(first_seen, now - timedelta(minutes=2))
        last_seen = now - timedelta(seconds=rng.randint(5, 50))
    start, end = first_seen.timestamp(), last_seen.timestamp()
    gap = (end - start) * rng.uniform(0.0, 0.15)
    if gap >= 60:
        middle = start + (end - start - gap) * rng.uniform(0.3, 0.7)
        intervals = [[start, middle], [middle + gap, end]]
    else:
        intervals = [[start, end]]
    present = presence_intervals.measure(intervals)
    live = (min(lecture.ends_at, now) - lecture.starts_at).total_seconds()
    device = rng.choice(["desktop", "desktop", "mobile", "tablet"])
    return Attendance(lecture_id=lecture.id, user_id=user.id, first_seen_at=first_seen, last_seen_at=last_seen,
                      seconds_present=int(present), intervals=intervals, device=device, devices=device,
                      audio_only_used=device == "mobile" and rng.random() < 0.5,
                      attended=presence_rules.attended(present, live, None, presence_rules.default_percent()),
                      declared_country=user.country)


def _set_status(lecture: Lecture, status: LectureStatus, admin: User, now: datetime) -> None:
    """Past and live lectures got there by the clock, as the scheduler would have moved them."""
    if status is LectureStatus.ended:
        lectures.advance_status_by_clock(lecture, now=lecture.starts_at)
        lectures.advance_status_by_clock(lecture, now=lecture.ends_at)
    elif status is LectureStatus.live:
        lectures.advance_status_by_clock(lecture, now=now)
    elif status is LectureStatus.cancelled:
        lectures.cancel_lecture(lecture, admin)
