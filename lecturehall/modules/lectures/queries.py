"""Reads of lectures: who may see which lecture, the catalogue with its filters and search, the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import signals
from lecturehall.modules.lectures.models import (
    Lecture,
    LectureChange,
    LectureCountry,
    LectureLanguage,
    LectureStatus,
    LectureTranslation,
    Visibility,
    lecture_tags,
)
from lecturehall.modules.programmes.queries import can_manage, managed_programme_ids


def _viewer_country(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return user.coordinator_country if user.role is Role.coordinator else user.country


def visibility_clause(user):
    """Lectures this viewer may see in the catalogue and open (drafts only for those who manage them)."""
    if user is not None and user.is_authenticated and user.role is Role.admin:
        return sa.true()
    managed = sa.false()
    if user is not None and user.is_authenticated:
        managed = Lecture.programme_id.in_(managed_programme_ids(user))
    announced = Lecture.status != LectureStatus.draft
    if user is None or not user.is_authenticated:
        return sa.and_(announced, Lecture.visibility == Visibility.public)
    country = _viewer_country(user)
    in_country = Lecture.id.in_(sa.select(LectureCountry.lecture_id).where(LectureCountry.country == country))
    return sa.or_(
        managed,
        sa.and_(announced, sa.or_(
            Lecture.visibility.in_([Visibility.public, Visibility.registered]),
            sa.and_(Lecture.visibility == Visibility.countries, in_country),
        )),
    )


def can_see(lecture: Lecture, user) -> bool:
    return db.session.execute(
        sa.select(Lecture.id).where(Lecture.id == lecture.id, visibility_clause(user))).first() is not None


def can_manage_lecture(lecture: Lecture, user) -> bool:
    """Whoever manages the lecture's programme manages the lecture."""
    return can_manage(lecture.programme, user)


SECTIONS = ("upcoming", "live", "past")


@dataclass
class CatalogueFilter:
    section: str = "upcoming"
    programme_id: int | None = None
    tag_id: int | None = None
    language: str | None = None
    date_from: datetime | None = None  # UTC bounds, from the viewer's local dates
    date_to: datetime | None = None
    text: str = ""


def catalogue_query(filters: CatalogueFilter, user) -> sa.Select:
    """Sections follow the lecture's status, which the scheduler moves at the start and end times."""
    query = sa.select(Lecture).where(visibility_clause(user), Lecture.status != LectureStatus.draft)
    if filters.section == "live":
        query = query.where(Lecture.status == LectureStatus.live).order_by(Lecture.starts_at)
    elif filters.section == "past":
        query = query.where(Lecture.status == LectureStatus.ended).order_by(Lecture.starts_at.desc())
    else:
        query = query.where(Lecture.status == LectureStatus.scheduled).order_by(Lecture.starts_at)
    if filters.programme_id:
        query = query.where(Lecture.programme_id == filters.programme_id)
    if filters.tag_id:
        query = query.where(Lecture.id.in_(sa.select(lecture_tags.c.lecture_id).where(
            lecture_tags.c.tag_id == filters.tag_id)))
    if filters.language:
        query = query.where(sa.or_(
            Lecture.lecture_language == filters.language,
            Lecture.id.in_(sa.select(LectureLanguage.lecture_id).where(LectureLanguage.language == filters.language)),
        ))
    if filters.date_from:
        query = query.where(Lecture.starts_at >= filters.date_from)
    if filters.date_to:
        query = query.where(Lecture.starts_at < filters.date_to)
    if filters.text.strip():
        query = query.where(_text_match(filters.text.strip()))
    return query


def _text_match(text: str):
    """Case-insensitive search in titles and summaries, original and every translation."""
    pattern = f"%{_escape_like(text.lower())}%"
    in_original = sa.or_(sa.func.lower(Lecture.title).like(pattern, escape="\\"),
                         sa.func.lower(Lecture.summary).like(pattern, escape="\\"))
    in_translation = Lecture.id.in_(sa.select(LectureTranslation.lecture_id).where(sa.or_(
        sa.func.lower(LectureTranslation.title).like(pattern, escape="\\"),
        sa.func.lower(LectureTranslation.summary).like(pattern, escape="\\"))))
    return sa.or_(in_original, in_translation)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def live_now(user) -> list[Lecture]:
    return list(db.session.execute(sa.select(Lecture).where(
        visibility_clause(user), Lecture.status == LectureStatus.live).order_by(Lecture.starts_at)).scalars())


def has_participation(lecture_id: int) -> bool:
    """Whether anyone has taken part in the lecture: registered (even if they left), attended, or watched its
    replay (each module that holds such records answers ``participation_check``). Such a lecture stays in the
    reports: it can be cancelled, not deleted."""
    return any(answer for _receiver, answer in signals.participation_check.send(lecture_id))


def history(lecture_id: int) -> list[LectureChange]:
    return list(db.session.execute(sa.select(LectureChange).where(LectureChange.lecture_id == lecture_id)
                                   .order_by(LectureChange.at.desc(), LectureChange.id.desc())).scalars())


def lectures_for_admin(user, programme_id: int | None = None) -> sa.Select:
    query = sa.select(Lecture).order_by(Lecture.starts_at.desc())
    if user.role is not Role.admin:
        query = query.where(Lecture.programme_id.in_(managed_programme_ids(user)))
    if programme_id:
        query = query.where(Lecture.programme_id == programme_id)
    return query
