"""Bulk issuing of programme certificates by organisers: the page starts a batch (CSRF, the organiser's own
programme, a clear error for a bad rule), the worker runs it from the scheduler, the page's JSON shows its progress
while it runs, every participant who qualifies gets a certificate and a mail in their language through a real SMTP
server on loopback, a second run issues and mails nothing again, and the organisers' page lists what was issued."""

from __future__ import annotations

import email
import email.policy
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import get_scheduler, run_job
from lecturehall.modules.certificates import operations, tasks
from lecturehall.modules.certificates.models import (
    BatchStatus, Certificate, CertificateBatch, CertificatePolicy, ProgrammeRule)
from lecturehall.modules.programmes import operations as programmes
from tests.certificates.conftest import attend_all
from tests.conftest import STRONG_PASSWORD, Forms, free_port
from tests.presence.helpers import T0


class HeldSMTP:
    """A real SMTP server on loopback that can hold each message until released (to watch progress mid-batch)."""

    def __init__(self):
        self.received: list = []
        self.gate = threading.Event()
        self.gate.set()
        self.arrived = threading.Semaphore(0)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.arrived.release()
        self.gate.wait(30)
        return "250 Message accepted"


@pytest.fixture
def smtp():
    handler = HeldSMTP()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        handler.gate.set()
        controller.stop()


@pytest.fixture
def programme_setting(held_lecture, create_programme, create_user):
    """Three lectures held; three participants attended all three (in zh, ar and fr), one attended two, one none."""
    organiser = create_user("organiser@unctad.example", full_name="Organiser One")
    programme = create_programme("Cloud Lecture Hall 2026", organisers=[organiser])
    programmes.save_translation(programme, "zh", "云上讲堂 2026", "")
    programmes.save_translation(programme, "ar", "قاعة المحاضرات السحابية 2026", "")
    lectures = [held_lecture(f"Lecture {n}", programme=programme, start=T0 + timedelta(days=n)) for n in range(3)]
    people = {
        "zh": create_user("li.wei@mofcom.example", full_name="李伟", language="zh", country="CN"),
        "ar": create_user("amina@trade.example", full_name="أمينة حسن", language="ar", country="EG"),
        "fr": create_user("awa@commerce.example", full_name="Awa Ndiaye", language="fr", country="SN"),
    }
    two = create_user("two@example.org", full_name="Two Lectures", country="CL")
    sessions = []
    for index, lecture in enumerate(lectures):
        start = T0 + timedelta(days=index)
        sessions += [(lecture, person, 40, start) for person in people.values()]
        if index < 2:
            sessions.append((lecture, two, 40, start))
    attend_all(sessions)
    return programme, organiser, people, two


@pytest.fixture
def plain_programme(create_programme, create_user):
    """A programme, its organiser and a participant who does not organise it (no attendance needed)."""
    organiser = create_user("organiser@unctad.example", full_name="Organiser One")
    programme = create_programme("Cloud Lecture Hall 2026", organisers=[organiser])
    return programme, organiser, create_user("someone@example.org")


def signed_in(app, user):
    client = app.test_client()
    forms = Forms(client)
    assert forms.post("/login", {"email": user.email, "password": STRONG_PASSWORD}).status_code == 302
    return client, forms


def start(app, forms, programme, **data):
    url = f"/manage/programmes/{programme.id}/certificates"
    return forms.post(f"{url}/issue", data, page=url)


def run_batch(app, batch_id):
    scheduler_module._runner_app = app
    run_job(tasks.ISSUE, batch_id)


def certificates_of(programme):
    return db.session.execute(sa.select(Certificate).where(Certificate.programme_id == programme.id,
                                                           Certificate.lecture_id.is_(None))
                              .order_by(Certificate.user_id)).scalars().all()


def test_bulk_issue_with_progress_and_mail_in_each_language(make_app, smtp, programme_setting):
    controller, handler = smtp
    programme, organiser, people, two = programme_setting
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    client, forms = signed_in(app, organiser)
    response = start(app, forms, programme, rule="all")
    assert response.status_code == 302
    batch = db.session.execute(sa.select(CertificateBatch)).scalar_one()
    with app.app_context():
        assert get_scheduler(app).has_job(tasks.job_id(batch.id))  # queued for the worker
    status_url = f"/manage/programmes/{programme.id}/certificates/batches/{batch.id}"
    assert client.get(status_url).json["batch"]["status"] == "queued"

    handler.gate.clear()  # hold each mail: the batch stops after its first participant's certificate
    worker = threading.Thread(target=run_batch, args=(app, batch.id))
    worker.start()
    assert handler.arrived.acquire(timeout=30)
    progress = client.get(status_url).json["batch"]
    assert progress["status"] == "running" and progress["total"] == 3 and progress["done"] == 0
    handler.gate.set()
    worker.join(60)
    assert not worker.is_alive()
    progress = client.get(status_url).json["batch"]
    assert progress | {"text": None, "label": None} == {
        "id": batch.id, "status": "succeeded", "label": None, "total": 3, "done": 3, "issued": 3, "mailed": 3,
        "percent": 100.0, "finished": True, "text": None}

    issued = certificates_of(programme)
    assert sorted(c.user_id for c in issued) == sorted(p.id for p in people.values())  # not "two", not others
    assert all(c.lectures_attended == 3 and c.lectures_total == 3 and c.mailed_at for c in issued)
    by_address = {m["To"].addresses[0].addr_spec: m for m in handler.received}
    assert set(by_address) == {p.email for p in people.values()}
    assert by_address["li.wei@mofcom.example"]["Subject"] == "您的证书：云上讲堂 2026"
    assert by_address["amina@trade.example"]["Subject"] == "شهادتك: قاعة المحاضرات السحابية 2026"
    assert by_address["awa@commerce.example"]["Subject"] == "Votre certificat : Cloud Lecture Hall 2026"
    for message in handler.received:
        text = message.get_body(preferencelist=("plain",)).get_content()
        certificate = next(c for c in issued if people_by_email(people)[message["To"].addresses[0].addr_spec] == c.user_id)
        assert f"/certificates/{certificate.id}.pdf" in text and f"/certificates/verify/{certificate.code}" in text

    # Run again (a worker taking the job up twice): nothing new, nobody mailed twice.
    db.session.execute(sa.update(CertificateBatch).values(status=BatchStatus.running))
    db.session.commit()
    run_batch(app, batch.id)
    assert len(certificates_of(programme)) == 3 and len(handler.received) == 3

    # The organisers' page lists them.
    page = client.get(f"/manage/programmes/{programme.id}/certificates").get_data(as_text=True)
    assert "Issued certificates (3)" in page and "李伟" in page and "Awa Ndiaye" in page
    assert "Two Lectures" not in page


def people_by_email(people):
    return {person.email: person.id for person in people.values()}


def test_at_least_n_lectures(make_app, programme_setting, outbox):
    programme, organiser, people, two = programme_setting
    app = make_app()
    _client, forms = signed_in(app, organiser)
    assert start(app, forms, programme, rule="at_least", min_lectures="2").status_code == 302
    batch = db.session.execute(sa.select(CertificateBatch)).scalar_one()
    run_batch(app, batch.id)
    issued = certificates_of(programme)
    assert {c.user_id: c.lectures_attended for c in issued} == {**{p.id: 3 for p in people.values()}, two.id: 2}
    assert len(outbox.messages()) == 4
    policy = db.session.get(CertificatePolicy, programme.id)
    assert policy.programme_rule.value == "at_least" and policy.min_lectures == 2  # remembered for next time


@pytest.mark.parametrize("data, message", [
    ({"rule": "at_least"}, "Give a number from 1 to 1000."),
    ({"rule": "at_least", "min_lectures": "0"}, "Give a number from 1 to 1000."),
    ({"rule": "everyone"}, "Choose one of the options in the list."),
])
def test_a_bad_rule_is_refused_and_starts_nothing(app, forms, login, plain_programme, data, message):
    programme, organiser, _someone = plain_programme
    login(organiser)
    response = start(app, forms, programme, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(CertificateBatch)).scalar_one() == 0


def test_only_the_programmes_organisers_and_admins(client, forms, login, plain_programme):
    programme, _organiser, someone = plain_programme
    login(someone)
    base = f"/manage/programmes/{programme.id}/certificates"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/issue", data={"csrf_token": forms.token("/"), "rule": "all"}).status_code == 403
    assert db.session.execute(sa.select(sa.func.count()).select_from(CertificateBatch)).scalar_one() == 0


def test_csrf_is_checked(client, login, plain_programme):
    programme, organiser, _someone = plain_programme
    login(organiser)
    response = client.post(f"/manage/programmes/{programme.id}/certificates/issue", data={"rule": "all"})
    assert response.status_code == 400
    assert db.session.execute(sa.select(sa.func.count()).select_from(CertificateBatch)).scalar_one() == 0


def test_the_sweep_takes_up_a_batch_whose_job_was_lost(app, plain_programme):
    """A batch queued long ago (its job lost with a crashed worker) gets its job again at the next sweep; a fresh
    one is left to the job it has."""
    programme, organiser, _someone = plain_programme
    lost = operations.start_batch(programme.id, organiser.id, ProgrammeRule.all_lectures, None)
    lost.created_at -= timedelta(seconds=tasks.STALE_SECONDS + 60)
    fresh = operations.start_batch(programme.id, organiser.id, ProgrammeRule.all_lectures, None)
    db.session.commit()
    scheduler = get_scheduler(app)
    assert not scheduler.has_job(tasks.job_id(lost.id))
    scheduler_module._runner_app = app
    run_job(scheduler_module.SWEEP_TASK)
    assert scheduler.has_job(tasks.job_id(lost.id))
    assert not scheduler.has_job(tasks.job_id(fresh.id))
