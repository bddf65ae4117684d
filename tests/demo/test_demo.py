"""``lecturehall demo``: a living site for a first visitor, shaped like the Cloud Lecture Hall programme."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from markupsafe import escape

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.accounts.models import Role, User
from lecturehall.modules.demo import data
from lecturehall.modules.lectures.models import Lecture, LectureStatus, LectureTranslation, Visibility
from lecturehall.modules.media import queries as media_queries
from lecturehall.modules.media.models import JobStatus
from lecturehall.modules.speakers.models import Speaker, Tag
from lecturehall.modules.presence.models import Attendance, LiveInterval
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from tests.factories import job_ids

UI_LANGUAGES = {"en", "zh", "fr", "es", "ru", "ar"}


@pytest.fixture
def demo_password(app, runner) -> str:
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "Demo data created." in result.output
    return result.output.split("password:")[1].split()[0]


def _lectures(status: LectureStatus | None = None) -> list[Lecture]:
    query = sa.select(Lecture).order_by(Lecture.starts_at)
    if status is not None:
        query = query.where(Lecture.status == status)
    return list(db.session.execute(query).scalars())


def _text(lecture: Lecture, language: str) -> str:
    if lecture.original_language == language:
        return lecture.title
    return lecture.translation(language).title


def test_a_programme_with_lectures_in_every_state(app, demo_password):
    programme = db.session.execute(sa.select(Programme)).scalar_one()
    assert programme.name == "Cloud Lecture Hall 2026" and "Silk Road E-commerce" in programme.description
    assert {"CL", "UY", "RW", "IS", "PK", "ZA", "AE", *data.ASEAN} <= set(programme.country_codes)
    assert [user.email for user in programme.organisers] == ["admin@lecturehall.example"]

    now = utcnow()
    ended, live, scheduled = (_lectures(status) for status in (LectureStatus.ended, LectureStatus.live,
                                                                LectureStatus.scheduled))
    assert len(ended) >= 3 and all(lecture.ends_at < now for lecture in ended)
    assert len(live) == 1 and timedelta(minutes=19) <= now - live[0].starts_at <= timedelta(minutes=26)
    assert 5 <= len(scheduled) <= 6 and all(lecture.starts_at > now for lecture in scheduled)
    assert len(_lectures(LectureStatus.cancelled)) == 1
    assert not _lectures(LectureStatus.draft)
    # Reminders soon: one lecture within about two hours, one within a day.
    assert timedelta(hours=1, minutes=50) <= scheduled[0].starts_at - now <= timedelta(hours=2)
    assert timedelta(hours=22) <= scheduled[1].starts_at - now <= timedelta(hours=23)

    lectures = _lectures()
    assert {lecture.original_language for lecture in lectures} == {"zh", "en", "es"}
    assert {lecture.timezone for lecture in lectures} == {"Asia/Shanghai", "America/Santiago"}
    assert all(lecture.starts_at.second == 0 for lecture in lectures)
    assert all(lecture.speakers and lecture.tags for lecture in lectures)
    assert all(lecture.languages for lecture in lectures)  # interpretation or subtitles planned
    restricted = [lecture for lecture in lectures if lecture.visibility is Visibility.countries]
    assert len(restricted) == 1 and restricted[0].country_codes == sorted(data.ASEAN)
    assert {lecture.replay_visibility.value for lecture in lectures} == {"public", "registered"}


def test_speakers_topics_and_translations(app, demo_password):
    speakers = db.session.execute(sa.select(Speaker)).scalars().all()
    assert 5 <= len(speakers) <= 7
    assert all(speaker.affiliation and speaker.bio and speaker.photo_path is None for speaker in speakers)
    tags = db.session.execute(sa.select(Tag)).scalars().all()
    assert 5 <= len(tags) <= 6 and all(set(tag.names) == UI_LANGUAGES for tag in tags)

    languages = set(db.session.execute(sa.select(LectureTranslation.language)).scalars())
    assert len(languages) >= 3 and languages == UI_LANGUAGES
    for lecture in _lectures():
        assert _text(lecture, "en") and _text(lecture, "zh")
        for translation in lecture.translations:
            assert translation.language != lecture.original_language
            assert translation.title and translation.summary and translation.description


def test_registrations_waiting_list_and_attendance(app, demo_password, outbox):
    participants = db.session.execute(sa.select(User).where(User.role == Role.participant)).scalars().all()
    assert len({user.country for user in participants}) >= 20
    registered_countries = set(db.session.execute(
        sa.select(User.country).join(Registration, Registration.user_id == User.id)).scalars())
    assert len(registered_countries) >= 20

    def registrations(lecture, status=RegistrationStatus.registered):
        return db.session.execute(sa.select(Registration).where(
            Registration.lecture_id == lecture.id, Registration.status == status)).scalars().all()

    for lecture in _lectures():
        if lecture.status is LectureStatus.cancelled:
            assert not registrations(lecture)  # nobody waits for a cancellation mail
        else:
            assert len(registrations(lecture)) >= 5
    full = [lecture for lecture in _lectures() if lecture.capacity is not None and lecture.capacity <= 10]
    assert len(full) == 1 and len(registrations(full[0])) == full[0].capacity
    assert registrations(full[0], RegistrationStatus.waitlisted)
    restricted = next(lecture for lecture in _lectures() if lecture.visibility is Visibility.countries)
    assert {registration.user.country for registration in registrations(restricted)} <= set(data.ASEAN)

    for lecture in _lectures(LectureStatus.ended) + _lectures(LectureStatus.live):
        attendances = db.session.execute(sa.select(Attendance).where(Attendance.lecture_id == lecture.id)).scalars()
        attendances = list(attendances)
        assert attendances
        registered = {registration.user_id for registration in registrations(lecture)}
        for attendance in attendances:
            assert attendance.user_id in registered
            assert lecture.starts_at <= attendance.first_seen_at < attendance.last_seen_at <= min(lecture.ends_at,
                                                                                                 utcnow())
            assert 0 < attendance.seconds_present <= (attendance.last_seen_at - attendance.first_seen_at).total_seconds()
            assert attendance.seconds_present == int(sum(end - start for start, end in attendance.intervals))
            assert attendance.declared_country == db.session.get(User, attendance.user_id).country
        # The lecture's live stretch was recorded as the clock moved it (presence receives the status changes).
        stretches = db.session.execute(sa.select(LiveInterval).where(LiveInterval.lecture_id == lecture.id)).scalars()
        assert [stretch.started_at for stretch in stretches] == [lecture.starts_at]
    judged = db.session.execute(sa.select(Attendance.attended)).scalars().all()
    assert True in judged and False in judged
    assert outbox.messages() == []  # no confirmation mail to the demo participants


def test_upcoming_lectures_have_their_jobs(app, demo_password):
    stored = {job.id for job in get_scheduler(app).jobs()}
    for lecture in _lectures(LectureStatus.scheduled) + _lectures(LectureStatus.live):
        assert set(job_ids(lecture.id)[name] for name in ("reminder_24h", "reminder_15m", "start", "end")) <= stored
    for lecture in _lectures(LectureStatus.ended):
        assert job_ids(lecture.id)["start"] not in stored


def test_catalogue_sections_list_the_lectures(app, client, demo_password):
    def titles(status, language="en"):
        return [str(escape(_text(lecture, language))) for lecture in _lectures(status)
                if lecture.visibility is Visibility.public]

    body = client.get("/lectures").get_data(as_text=True)
    assert all(title in body for title in titles(LectureStatus.scheduled) + titles(LectureStatus.live))
    restricted = next(lecture for lecture in _lectures() if lecture.visibility is Visibility.countries)
    assert str(escape(_text(restricted, "en"))) not in body
    body = client.get("/lectures?section=live").get_data(as_text=True)
    assert all(title in body for title in titles(LectureStatus.live))
    body = client.get("/lectures?section=past").get_data(as_text=True)
    assert all(title in body for title in titles(LectureStatus.ended))
    body = client.get("/lectures?section=past", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert all(title in body for title in titles(LectureStatus.ended, "zh"))


def test_lecture_page_in_chinese_and_arabic(app, client, demo_password):
    lecture = _lectures(LectureStatus.live)[0]
    body = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert lecture.title in body and 'lang="zh-Hans"' in body
    arabic = lecture.translation("ar")
    response = client.get(f"/lectures/{lecture.id}", headers={"Accept-Language": "ar"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert arabic.title in body and arabic.summary in body and 'dir="rtl"' in body
    assert any(tag.names["ar"] in body for tag in lecture.tags)


def test_the_admin_finds_attended_lectures(app, client, forms, demo_password):
    assert forms.post("/login", {"email": "admin@lecturehall.example", "password": demo_password}).status_code == 302
    body = client.get("/my/lectures").get_data(as_text=True)
    attended = db.session.execute(sa.select(Lecture).join(Attendance, Attendance.lecture_id == Lecture.id).join(
        User, User.id == Attendance.user_id).where(User.role == Role.admin)).scalars().all()
    assert attended and all(str(escape(_text(lecture, "en"))) in body for lecture in attended)
    upcoming = _lectures(LectureStatus.scheduled)[0]
    assert str(escape(_text(upcoming, "en"))) in body


def test_running_twice_adds_nothing(app, runner, demo_password):
    def counts():
        return {table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in db.metadata.sorted_tables}

    before = counts()
    assert before["lectures"] == len(data.LECTURES) and before["apscheduler_jobs"] > 0
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "no demo data added" in result.output and demo_password in result.output
    db.session.expire_all()
    assert counts() == before


def test_a_past_lecture_gets_a_demo_recording_that_the_worker_turns_into_a_replay(app, client, runner):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "is being transcoded into the replay" in result.output
    [spec] = [spec for spec in data.LECTURES if spec.recording]
    lecture = db.session.execute(sa.select(Lecture).where(Lecture.title == spec.texts[spec.language].title)).scalar_one()
    assert lecture.status is LectureStatus.ended
    [recording] = media_queries.recordings_of(lecture.id)
    info = recording.info
    assert info["has_video"] and info["has_audio"] and info["duration"] == pytest.approx(40, abs=0.5)
    assert {(track.kind.value, track.language) for track in media_queries.tracks_of(lecture.id)} == {
        ("audio", "es"), ("subtitles", "en"), ("subtitles", "es")}
    job = media_queries.latest_job(lecture.id)
    assert job.status is JobStatus.queued
    assert f"transcode:{job.id}" in {stored.id for stored in get_scheduler(app).jobs()}

    # What the worker will do: the real transcoding job, then the replay plays with its languages.
    scheduler_module._runner_app = app
    scheduler_module.run_job("media.transcode", job.id)
    db.session.expire_all()
    replay = media_queries.replay_of(lecture.id)
    assert replay is not None and not replay.quick
    master = (Path(app.config["MEDIA_DIR"]) / replay.directory / "master.m3u8").read_text()
    assert 'LANGUAGE="es"' in master and 'TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en"' in master
    assert 'TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="es"' in master
    page = client.get(f"/lectures/{lecture.id}").get_data(as_text=True)
    assert "lh-player" in page and "master.m3u8" in page  # public replay: a first visitor can play it
