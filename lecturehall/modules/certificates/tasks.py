"""The worker's certificate work: a bulk issue of programme certificates. It finds who qualifies under the batch's
rule, then for each participant stores the certificate and mails it, committing as it goes so the organiser's page
shows the progress (done of total). Safe to run twice: issuing is idempotent, and each mail is claimed with a lease
before it is sent and marked once sent (as notifications does), so a batch taken up again after a crash sends
nobody a second mail unless the crash fell between the server accepting it and the mark."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from lecturehall.core.db import db, utcnow
from lecturehall.core.scheduler import get_scheduler, task
from lecturehall.modules.accounts.models import User
from lecturehall.modules.certificates import operations, queries
from lecturehall.modules.certificates.mails import send_certificate_mail
from lecturehall.modules.certificates.models import BatchStatus, Certificate, CertificateBatch
from lecturehall.modules.programmes.models import Programme

ISSUE = "certificates.issue_programme"
STALE_SECONDS = 300  # a running batch silent this long lost its worker; the sweep starts it again


def job_id(batch_id: int) -> str:
    return f"certificates-batch-{batch_id}"


def _describe_issue(batch_id: int) -> str:
    batch = db.session.get(CertificateBatch, batch_id)
    programme = db.session.get(Programme, batch.programme_id) if batch is not None else None
    if programme is None:
        return _("Programme certificates (batch %(id)s)", id=batch_id)
    return _("Programme certificates for “%(programme)s” (batch %(id)s)", programme=programme.name, id=batch_id)


def schedule(app, batch_id: int) -> None:
    get_scheduler(app).add(job_id(batch_id), ISSUE, utcnow(), batch_id)


def _claim_mail(certificate_id: int) -> bool:
    """Takes the right to send this certificate's mail (a new claim, or one whose lease expired); commits."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    taken = db.session.execute(
        sa.update(Certificate)
        .where(Certificate.id == certificate_id, Certificate.mailed_at.is_(None),
               sa.or_(Certificate.mail_claimed_at.is_(None), Certificate.mail_claimed_at < now - lease))
        .values(mail_claimed_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return taken == 1


@task(ISSUE, describe=_describe_issue)
def issue_programme_certificates(batch_id: int) -> int:
    """Runs the batch; returns how many certificates it issued."""
    batch = db.session.get(CertificateBatch, batch_id, with_for_update=True)
    if batch is None or batch.status in (BatchStatus.succeeded, BatchStatus.failed):
        db.session.rollback()
        return 0
    programme_id, rule, min_lectures = batch.programme_id, batch.rule, batch.min_lectures
    batch.status, batch.started_at, batch.heartbeat_at = BatchStatus.running, batch.started_at or utcnow(), utcnow()
    db.session.commit()
    try:
        eligibility = queries.programme_eligibility(programme_id, rule, min_lectures)
        batch = db.session.get(CertificateBatch, batch_id)
        batch.total, batch.done = len(eligibility.attended), 0
        db.session.commit()
        programme = db.session.get(Programme, programme_id)
        for user_id, attended in eligibility.attended.items():
            certificate, created = operations.issue_programme_certificate(
                user_id, programme_id, attended, eligibility.held, batch_id=batch_id)
            batch = db.session.get(CertificateBatch, batch_id)
            batch.issued += int(created)
            db.session.commit()
            certificate_id = certificate.id
            if _claim_mail(certificate_id):
                certificate = db.session.get(Certificate, certificate_id)
                user = db.session.get(User, user_id)
                if user.email:
                    send_certificate_mail(user, certificate, programme)
                certificate.mailed_at = utcnow()
                batch = db.session.get(CertificateBatch, batch_id)
                batch.mailed += 1
            batch = db.session.get(CertificateBatch, batch_id)
            batch.done += 1
            batch.heartbeat_at = utcnow()
            db.session.commit()
    except Exception as exc:
        db.session.rollback()
        batch = db.session.get(CertificateBatch, batch_id)
        batch.status, batch.finished_at, batch.error = BatchStatus.failed, utcnow(), str(exc)[:2000]
        db.session.commit()
        raise  # the job run records it too
    batch = db.session.get(CertificateBatch, batch_id)
    batch.status, batch.finished_at = BatchStatus.succeeded, utcnow()
    issued = batch.issued
    db.session.commit()
    return issued


def catch_up_after_commit(app) -> None:
    """For the sweep: batches whose job was lost (a worker that died) are scheduled again."""
    with app.app_context():
        stale = queries.unfinished_batches(utcnow() - timedelta(seconds=STALE_SECONDS))
    for batch_id in stale:
        schedule(app, batch_id)
