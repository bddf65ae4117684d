"""Removing media from a lecture: one recording, one language (interpretation or subtitles), or everything at once.
Files go once the deletion commits."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from lecturehall.core.auth import login_required
from lecturehall.core.i18n import language_name
from lecturehall.modules.media import operations, queries
from lecturehall.modules.lectures.guards import managed_lecture_or_403
from lecturehall.modules.media.controllers_jobs import confirmed_or_400, of_lecture
from lecturehall.modules.media.models import Recording, Track, TrackKind


def _back(lecture_id: int):
    return redirect(url_for("media.manage_media", lecture_id=lecture_id))


@login_required
def recording_delete(lecture_id: int, recording_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    confirmed_or_400()
    operations.delete_recording(of_lecture(Recording, recording_id, lecture))
    if queries.replay_of(lecture.id) is not None:
        flash(_("The recording is deleted. The published replay stays."), "success")
    else:
        flash(_("The recording is deleted."), "success")
    return _back(lecture.id)


@login_required
def track_delete(lecture_id: int, track_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    confirmed_or_400()
    track = of_lecture(Track, track_id, lecture)
    language = language_name(track.language)
    operations.delete_track(track)
    if track.kind is TrackKind.audio:
        flash(_("The interpretation into %(language)s is removed.", language=language), "success")
    else:
        flash(_("The subtitles in %(language)s are removed.", language=language), "success")
    return _back(lecture.id)


@login_required
def media_delete(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    confirmed_or_400()
    operations.delete_lecture_media(lecture.id)
    flash(_("The replay, the recordings and every language are deleted."), "success")
    return _back(lecture.id)
