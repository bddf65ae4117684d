"""Writes of certificates: issuing (idempotent: a participant's second request returns the certificate they
hold), the programme's policy, and bulk issues. Flush only; callers commit."""

from __future__ import annotations

import sqlalchemy as sa

from lecturehall.core.db import db, utcnow
from lecturehall.modules.certificates import codes, queries
from lecturehall.modules.certificates.models import (
    BatchStatus,
    Certificate,
    CertificateBatch,
    CertificatePolicy,
    ProgrammeRule,
)

CODE_ATTEMPTS = 5


def _issue(user_id: int, programme_id: int, lecture_id: int | None, find, **fields) -> tuple[Certificate, bool]:
    """The certificate ``find()`` returns, or a new one; (certificate, whether it is new). Two requests at once
    both end with the one row the unique index lets in (the loser's insert is rolled back to its savepoint)."""
    existing = find()
    if existing is not None:
        return existing, False
    for _attempt in range(CODE_ATTEMPTS):
        certificate = Certificate(user_id=user_id, programme_id=programme_id, lecture_id=lecture_id,
                                  code=codes.new_code(), issued_at=utcnow(), **fields)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except sa.exc.IntegrityError:
            existing = find()
            if existing is not None:
                return existing, False
            continue  # the code was taken (one chance in 10^17): draw another
        return certificate, True
    raise RuntimeError("could not draw a free verification code")


def issue_lecture_certificate(user_id: int, lecture, by_replay: bool = False) -> tuple[Certificate, bool]:
    """Issues the participant's certificate for ``lecture`` (the caller checked eligibility)."""
    return _issue(user_id, lecture.programme_id, lecture.id,
                  lambda: queries.certificate_for_lecture(user_id, lecture.id), by_replay=by_replay)


def issue_programme_certificate(user_id: int, programme_id: int, lectures_attended: int, lectures_total: int,
                                batch_id: int | None = None) -> tuple[Certificate, bool]:
    return _issue(user_id, programme_id, None, lambda: queries.programme_certificate(user_id, programme_id),
                  lectures_attended=lectures_attended, lectures_total=lectures_total, batch_id=batch_id)


def _policy_row(programme_id: int) -> CertificatePolicy:
    row = db.session.get(CertificatePolicy, programme_id)
    if row is None:
        row = CertificatePolicy(programme_id=programme_id, allow_replay=False,
                                replay_min_percent=queries.DEFAULT_REPLAY_PERCENT,
                                programme_rule=ProgrammeRule.all_lectures)
        db.session.add(row)
    return row


def save_replay_policy(programme_id: int, allow_replay: bool, replay_min_percent: int) -> CertificatePolicy:
    row = _policy_row(programme_id)
    row.allow_replay = allow_replay
    row.replay_min_percent = replay_min_percent
    db.session.flush()
    return row


def start_batch(programme_id: int, requested_by_id: int | None, rule: ProgrammeRule,
                min_lectures: int | None) -> CertificateBatch:
    """A queued bulk issue (the caller schedules its job after the commit); the rule is remembered as the
    programme's choice for next time."""
    policy = _policy_row(programme_id)
    policy.programme_rule = rule
    policy.min_lectures = min_lectures if rule is ProgrammeRule.at_least else policy.min_lectures
    batch = CertificateBatch(programme_id=programme_id, requested_by_id=requested_by_id, rule=rule,
                             min_lectures=min_lectures if rule is ProgrammeRule.at_least else None,
                             status=BatchStatus.queued, created_at=utcnow())
    db.session.add(batch)
    db.session.flush()
    return batch
