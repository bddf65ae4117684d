"""Writes to lectures: create, edit, reschedule, cancel, delete, change status, translations. Flush only.

Every change raises the calendar SEQUENCE, is written to the lecture's history, and (after commit) moves the
lecture's own scheduled jobs (start, end). What other modules do about a change (notices to participants, reminders,
the waiting list, media files) they do in receivers of the signals sent here (signals.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.modules.lectures import jobs, queries, signals
from lecturehall.modules.lectures.models import (
    LanguageKind,
    Lecture,
    LectureChange,
    LectureCountry,
    LectureLanguage,
    LectureStatus,
    LectureTranslation,
    ReplayVisibility,
    STATUS_CHANGES,
    Visibility,
)
from lecturehall.modules.lectures.timezones import to_utc
from lecturehall.modules.speakers.models import Speaker, Tag


@dataclass
class LectureData:
    programme_id: int
    title: str
    summary: str
    description: str
    original_language: str
    lecture_language: str
    local_start: datetime  # naive, wall-clock time in ``timezone``
    timezone: str
    duration_minutes: int
    capacity: int | None = None
    visibility: Visibility = Visibility.public
    countries: list[str] = field(default_factory=list)
    replay_visibility: ReplayVisibility = ReplayVisibility.registered
    interpretation_languages: list[str] = field(default_factory=list)
    subtitle_languages: list[str] = field(default_factory=list)
    speaker_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)


def _snapshot(lecture: Lecture) -> dict:
    return {
        "title": lecture.title,
        "summary": lecture.summary,
        "description": lecture.description,
        "original_language": lecture.original_language,
        "lecture_language": lecture.lecture_language,
        "starts_at": lecture.starts_at.isoformat() if lecture.starts_at else None,
        "timezone": lecture.timezone,
        "duration_minutes": lecture.duration_minutes,
        "capacity": lecture.capacity,
        "visibility": lecture.visibility.value if lecture.visibility else None,
        "countries": lecture.country_codes,
        "replay_visibility": lecture.replay_visibility.value if lecture.replay_visibility else None,
        "interpretation": lecture.planned_languages(LanguageKind.interpretation),
        "subtitles": lecture.planned_languages(LanguageKind.subtitles),
        "speakers": sorted(s.id for s in lecture.speakers),
        "tags": sorted(t.id for t in lecture.tags),
        "programme_id": lecture.programme_id,
    }


def _apply(lecture: Lecture, data: LectureData) -> None:
    lecture.programme_id = data.programme_id
    lecture.title = data.title.strip()
    lecture.summary = data.summary.strip()
    lecture.description = data.description.strip()
    lecture.original_language = data.original_language
    lecture.lecture_language = data.lecture_language
    lecture.starts_at = to_utc(data.local_start, data.timezone)
    lecture.timezone = data.timezone
    lecture.duration_minutes = data.duration_minutes
    lecture.capacity = data.capacity
    lecture.visibility = data.visibility
    lecture.replay_visibility = data.replay_visibility
    wanted_countries = sorted(set(data.countries)) if data.visibility is Visibility.countries else []
    if wanted_countries != lecture.country_codes:
        lecture.countries = [LectureCountry(country=code) for code in wanted_countries]
    wanted_languages = {(LanguageKind.interpretation, code) for code in data.interpretation_languages} | {
        (LanguageKind.subtitles, code) for code in data.subtitle_languages
    }
    if wanted_languages != {(item.kind, item.language) for item in lecture.languages}:
        lecture.languages = [LectureLanguage(kind=kind, language=code) for kind, code in sorted(
            wanted_languages, key=lambda pair: (pair[0].value, pair[1]))]
    lecture.speakers = list(db.session.execute(
        sa.select(Speaker).where(Speaker.id.in_(data.speaker_ids or [-1]))).scalars())
    lecture.tags = list(db.session.execute(sa.select(Tag).where(Tag.id.in_(data.tag_ids or [-1]))).scalars())


def _record(lecture: Lecture, user, action: str, details: dict | None = None) -> None:
    db.session.add(LectureChange(lecture_id=lecture.id, user_id=user.id if user else None, action=action,
                                 details=details or {}))


def create_lecture(data: LectureData, user, publish: bool = False) -> Lecture:
    lecture = Lecture(status=LectureStatus.scheduled if publish else LectureStatus.draft)
    _apply(lecture, data)
    db.session.add(lecture)
    db.session.flush()
    _record(lecture, user, "created", {"status": lecture.status.value})
    db.session.flush()
    if publish:
        _changed(lecture.id)
    return lecture


def update_lecture(lecture: Lecture, data: LectureData, user) -> list[str]:
    """Stores the edit; returns the names of the fields that changed."""
    before = _snapshot(lecture)
    previous_start = lecture.starts_at
    _apply(lecture, data)
    db.session.flush()
    after = _snapshot(lecture)
    changed = sorted(key for key in after if before[key] != after[key])
    if not changed:
        return []
    lecture.sequence += 1
    moved = lecture.starts_at != previous_start or "duration_minutes" in changed
    _record(lecture, user, "rescheduled" if moved else "edited",
            {key: [before[key], after[key]] for key in changed})
    if moved and lecture.status is not LectureStatus.draft:
        signals.lecture_rescheduled.send(lecture, previous_starts_at=previous_start)
    if "capacity" in changed:
        signals.capacity_changed.send(lecture)
    db.session.flush()
    _changed(lecture.id, changed)
    return changed


def publish_lecture(lecture: Lecture, user) -> None:
    if lecture.status is not LectureStatus.draft:
        return
    lecture.status = LectureStatus.scheduled
    lecture.sequence += 1
    _record(lecture, user, "published")
    db.session.flush()
    _changed(lecture.id)


def cancel_lecture(lecture: Lecture, user) -> None:
    if lecture.status is LectureStatus.cancelled:
        return
    was_announced = lecture.status is not LectureStatus.draft
    previous = lecture.status
    lecture.status = LectureStatus.cancelled
    lecture.sequence += 1
    _record(lecture, user, "cancelled", {"status": [previous.value, "cancelled"]})
    if was_announced:
        signals.lecture_cancelled.send(lecture)
    db.session.flush()
    _changed(lecture.id)


class LectureInUse(Exception):
    """Someone has taken part in the lecture: it can be cancelled (participants are told), not deleted."""


def delete_lecture(lecture: Lecture) -> None:
    """Deletes a lecture nobody has taken part in (a draft, a duplicate, a mistake) with its translations, history,
    scheduled jobs, recordings and replay; the media files go once the deletion commits. Raises LectureInUse
    otherwise."""
    if queries.has_participation(lecture.id):
        raise LectureInUse()
    lecture_id = lecture.id
    signals.lecture_deleting.send(lecture)
    db.session.delete(lecture)
    db.session.flush()
    _changed(lecture_id)


def set_status(lecture: Lecture, status: LectureStatus, user) -> bool:
    """An organiser's own status change (e.g. going live early), one of STATUS_CHANGES. Returns False when it does
    not apply from the current status."""
    if status is LectureStatus.cancelled:
        cancel_lecture(lecture, user)
        return True
    if status not in STATUS_CHANGES[lecture.status]:
        return False
    previous = lecture.status
    lecture.status = status
    lecture.sequence += 1
    _record(lecture, user, "status", {"status": [previous.value, status.value]})
    db.session.flush()
    signals.status_changed.send(lecture, previous=previous, by_clock=False)
    _changed(lecture.id)
    return True


def advance_status_by_clock(lecture: Lecture, now: datetime | None = None) -> bool:
    """scheduled -> live at the start, live -> ended at the end; nothing if an organiser got there first."""
    now = now or utcnow()
    if lecture.status is LectureStatus.scheduled and lecture.starts_at <= now < lecture.ends_at:
        new = LectureStatus.live
    elif lecture.status in (LectureStatus.scheduled, LectureStatus.live) and now >= lecture.ends_at:
        if lecture.status is LectureStatus.live and any(
                kept for _receiver, kept in signals.keeps_on_air.send(lecture)):
            return False  # running over while still on air: its stream's end ends it
        new = LectureStatus.ended
    else:
        return False
    previous = lecture.status
    lecture.status = new
    lecture.sequence += 1
    _record(lecture, None, "status", {"status": [previous.value, new.value], "by": "clock"})
    db.session.flush()
    signals.status_changed.send(lecture, previous=previous, by_clock=True)
    return True


def save_translation(lecture: Lecture, language: str, title: str, summary: str, description: str, user) -> None:
    translation = lecture.translation(language)
    if translation is None:
        translation = LectureTranslation(language=language, title="", summary="", description="")
        lecture.translations.append(translation)
    translation.title, translation.summary, translation.description = title.strip(), summary.strip(), description.strip()
    lecture.sequence += 1
    _record(lecture, user, "translated", {"language": language})
    db.session.flush()


def delete_translation(lecture: Lecture, language: str, user) -> None:
    translation = lecture.translation(language)
    if translation is not None:
        lecture.translations.remove(translation)
        lecture.sequence += 1
        _record(lecture, user, "translation-removed", {"language": language})
        db.session.flush()


def _changed(lecture_id: int, changes: list[str] | None = None) -> None:
    """After the commit, the lecture's start and end jobs follow it; other modules move theirs in receivers."""
    app = current_app._get_current_object()
    on_commit(lambda: jobs.sync_lecture_jobs(app, lecture_id))
    signals.lecture_changed.send(lecture_id, app=app, changes=changes)
