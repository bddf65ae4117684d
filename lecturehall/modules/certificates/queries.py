"""Reads of certificates: who may have one (eligibility), the certificates a participant or a programme holds, a
code's verification, and counts per participant for the reports.

A lecture's certificate is earned by attending it by the programme's rule (presence keeps ``Attendance.attended``
judged by that rule, and judges again when the rule changes), or, where the programme's policy allows it, by
watching at least its ``replay_min_percent`` of the replay (the union of watched ranges: watching a minute twice
counts once). Only lectures that took place count: over (by the clock or an organiser), not cancelled, not live.
A programme certificate needs every such lecture of the programme, or at least N of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import User
from lecturehall.modules.certificates.models import (
    BatchStatus, Certificate, CertificateBatch, CertificatePolicy, ProgrammeRule)
from lecturehall.modules.lectures.models import Lecture, LectureStatus
from lecturehall.modules.presence.models import Attendance, ReplayWatch
from lecturehall.modules.programmes.models import Programme

DEFAULT_REPLAY_PERCENT = 90


@dataclass(frozen=True)
class Policy:
    allow_replay: bool = False
    replay_min_percent: int = DEFAULT_REPLAY_PERCENT
    programme_rule: ProgrammeRule = ProgrammeRule.all_lectures
    min_lectures: int | None = None


def policy_for(programme_id: int) -> Policy:
    row = db.session.get(CertificatePolicy, programme_id)
    if row is None:
        return Policy()
    return Policy(row.allow_replay, row.replay_min_percent, row.programme_rule, row.min_lectures)


def took_place(lecture: Lecture) -> bool:
    """Whether a lecture can be certified: it happened and is over (a live one's attendance may still change)."""
    return lecture.status in (LectureStatus.ended, LectureStatus.scheduled) and lecture.has_ended


def held_lectures(programme_id: int) -> list[Lecture]:
    """The programme's lectures that took place, in order."""
    lectures = db.session.execute(sa.select(Lecture).where(
        Lecture.programme_id == programme_id,
        Lecture.status.in_([LectureStatus.ended, LectureStatus.scheduled])).order_by(Lecture.starts_at)).scalars()
    return [lecture for lecture in lectures if took_place(lecture)]


def _earned(lecture_ids, policy: Policy, user_ids=None) -> sa.Select:
    """(user_id, lecture_id) of every participant who earned these lectures' certificates, live or by replay,
    once per pair; accounts that were deleted are left out."""
    live = sa.select(Attendance.user_id.label("user_id"), Attendance.lecture_id.label("lecture_id")).where(
        Attendance.lecture_id.in_(lecture_ids), Attendance.user_id.is_not(None), Attendance.attended.is_(True))
    if user_ids is not None:
        live = live.where(Attendance.user_id.in_(user_ids))
    earned = live
    if policy.allow_replay:
        replay = sa.select(ReplayWatch.user_id.label("user_id"), ReplayWatch.lecture_id.label("lecture_id")).where(
            ReplayWatch.lecture_id.in_(lecture_ids), ReplayWatch.user_id.is_not(None),
            ReplayWatch.completion >= policy.replay_min_percent)
        if user_ids is not None:
            replay = replay.where(ReplayWatch.user_id.in_(user_ids))
        earned = sa.union(live, replay)  # UNION, not UNION ALL: live and replay together count once
    pairs = earned.subquery()
    return sa.select(pairs.c.user_id, pairs.c.lecture_id).join(User, User.id == pairs.c.user_id).where(
        User.deleted_at.is_(None))


@dataclass(frozen=True)
class LectureEligibility:
    eligible: bool
    by_replay: bool = False  # earned by watching the replay (not attended live)


def lecture_eligibility(user_id: int, lecture: Lecture) -> LectureEligibility:
    if not took_place(lecture):
        return LectureEligibility(False)
    attended = db.session.execute(sa.select(Attendance.attended).where(
        Attendance.lecture_id == lecture.id, Attendance.user_id == user_id)).scalar_one_or_none()
    if attended:
        return LectureEligibility(True)
    policy = policy_for(lecture.programme_id)
    if policy.allow_replay:
        completion = db.session.execute(sa.select(ReplayWatch.completion).where(
            ReplayWatch.lecture_id == lecture.id, ReplayWatch.user_id == user_id)).scalar_one_or_none()
        if completion is not None and completion >= policy.replay_min_percent:
            return LectureEligibility(True, by_replay=True)
    return LectureEligibility(False)


def eligible_lecture_ids(user_id: int) -> set[int]:
    """Every lecture whose certificate the participant has earned (for My lectures)."""
    candidate_ids = set(db.session.execute(sa.select(Attendance.lecture_id).where(
        Attendance.user_id == user_id, Attendance.attended.is_(True))).scalars())
    candidate_ids |= set(db.session.execute(sa.select(ReplayWatch.lecture_id).where(
        ReplayWatch.user_id == user_id, ReplayWatch.completion > 0)).scalars())
    if not candidate_ids:
        return set()
    lectures = db.session.execute(sa.select(Lecture).where(Lecture.id.in_(candidate_ids))).scalars().all()
    return {lecture.id for lecture in lectures if lecture_eligibility(user_id, lecture).eligible}


@dataclass(frozen=True)
class ProgrammeEligibility:
    held: int  # lectures that took place
    needed: int  # lectures a participant must have earned (0: nobody can qualify yet)
    attended: dict[int, int]  # user id -> lectures earned, for those who qualify


def programme_eligibility(programme_id: int, rule: ProgrammeRule, min_lectures: int | None) -> ProgrammeEligibility:
    """Who qualifies for the programme's certificate under ``rule``: every lecture that took place, or at least
    ``min_lectures`` of them (never more than took place)."""
    lecture_ids = [lecture.id for lecture in held_lectures(programme_id)]
    held = len(lecture_ids)
    needed = held if rule is ProgrammeRule.all_lectures else int(min_lectures or 0)
    if held == 0 or needed == 0 or needed > held:
        return ProgrammeEligibility(held, needed, {})
    pairs = _earned(lecture_ids, policy_for(programme_id)).subquery()
    counts = db.session.execute(sa.select(pairs.c.user_id, sa.func.count()).group_by(pairs.c.user_id)
                                .having(sa.func.count() >= needed).order_by(pairs.c.user_id)).all()
    return ProgrammeEligibility(held, needed, {user_id: count for user_id, count in counts})


def lectures_earned_in(programme_id: int, user_id: int) -> int:
    lecture_ids = [lecture.id for lecture in held_lectures(programme_id)]
    if not lecture_ids:
        return 0
    pairs = _earned(lecture_ids, policy_for(programme_id), user_ids=[user_id]).subquery()
    return db.session.execute(sa.select(sa.func.count()).select_from(pairs)).scalar_one()


# -- certificates -------------------------------------------------------------------------------------------------

def certificate_for_lecture(user_id: int, lecture_id: int) -> Certificate | None:
    return db.session.execute(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.lecture_id == lecture_id)).scalar_one_or_none()


def programme_certificate(user_id: int, programme_id: int) -> Certificate | None:
    return db.session.execute(sa.select(Certificate).where(
        Certificate.user_id == user_id, Certificate.programme_id == programme_id,
        Certificate.lecture_id.is_(None))).scalar_one_or_none()


def by_code(code: str) -> Certificate | None:
    """The certificate with this (normalised) code, if its holder's account still exists."""
    return db.session.execute(sa.select(Certificate).join(User, User.id == Certificate.user_id).where(
        Certificate.code == code, User.deleted_at.is_(None))).scalar_one_or_none()


def certificates_of(user_id: int) -> list[Certificate]:
    return list(db.session.execute(sa.select(Certificate).where(Certificate.user_id == user_id)
                                   .order_by(Certificate.issued_at.desc(), Certificate.id.desc())).scalars())


@dataclass(frozen=True)
class IssuedRow:
    certificate: Certificate
    holder: User
    lecture: Lecture | None


def issued_in(programme_id: int, limit: int = 200, offset: int = 0) -> tuple[list[IssuedRow], int]:
    """The programme's certificates, newest first (a page of them), and how many there are."""
    total = db.session.execute(sa.select(sa.func.count(Certificate.id)).where(
        Certificate.programme_id == programme_id)).scalar_one()
    rows = db.session.execute(
        sa.select(Certificate, User, Lecture).join(User, User.id == Certificate.user_id)
        .outerjoin(Lecture, Lecture.id == Certificate.lecture_id)
        .where(Certificate.programme_id == programme_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc()).limit(limit).offset(offset)).all()
    return [IssuedRow(certificate, user, lecture) for certificate, user, lecture in rows], total


def latest_batch(programme_id: int) -> CertificateBatch | None:
    return db.session.execute(sa.select(CertificateBatch).where(CertificateBatch.programme_id == programme_id)
                              .order_by(CertificateBatch.id.desc()).limit(1)).scalar_one_or_none()


def unfinished_batches(older_than: datetime) -> list[int]:
    """Batches whose job may have been lost: queued or running with no sign of life since ``older_than``."""
    return list(db.session.execute(sa.select(CertificateBatch.id).where(
        CertificateBatch.status.in_([BatchStatus.queued, BatchStatus.running]),
        sa.func.coalesce(CertificateBatch.heartbeat_at, CertificateBatch.created_at) < older_than)).scalars())


def count_by_participant(user_ids) -> dict[int, int]:
    """Certificates held per participant (lecture and programme ones together), for the reports' "certificates"
    column; participants without any are absent."""
    ids = list(user_ids)
    if not ids:
        return {}
    counts: Counter = Counter()
    for start in range(0, len(ids), 5000):  # bounded IN lists
        chunk = ids[start:start + 5000]
        counts.update(dict(db.session.execute(sa.select(Certificate.user_id, sa.func.count()).where(
            Certificate.user_id.in_(chunk)).group_by(Certificate.user_id)).all()))
    return dict(counts)


def programme_of(certificate: Certificate) -> Programme:
    return db.session.get(Programme, certificate.programme_id)


def count_in_programme(programme_id: int) -> int:
    return db.session.execute(sa.select(sa.func.count(Certificate.id)).where(
        Certificate.programme_id == programme_id)).scalar_one()
