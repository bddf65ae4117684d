"""The organisers' view of transcoding: live progress, cancel, retry, and whether the MP4 may be downloaded."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, jsonify, redirect, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from wtforms import BooleanField

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import login_required
from lecturehall.core.db import db
from lecturehall.core.forms import ConfirmForm, StrictForm
from lecturehall.modules.lectures.guards import managed_lecture_or_403
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.media import operations, queries
from lecturehall.modules.media.models import TranscodeJob

STATUS_LABELS = {
    "queued": lambda: _("Waiting for the worker"),
    "running": lambda: _("Transcoding"),
    "succeeded": lambda: _("Done"),
    "failed": lambda: _("Failed"),
    "cancelled": lambda: _("Cancelled"),
}


def confirmed_or_400() -> None:
    """A button that changes something posts the confirm form: without its CSRF token, nothing happens."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def of_lecture(model, item_id: int, lecture: Lecture):
    """A job, recording or track by id, if it belongs to ``lecture`` (whose management was checked); else 404."""
    item = db.get_or_404(model, item_id)
    if item.lecture_id != lecture.id:
        abort(404)
    return item


def job_view(job: TranscodeJob | None) -> dict | None:
    if job is None:
        return None
    eta = format_timedelta(timedelta(seconds=job.eta_seconds), threshold=1.1) if job.eta_seconds else ""
    return {
        "id": job.id, "status": job.status.value, "label": STATUS_LABELS[job.status.value](),
        "progress": round(job.progress, 1), "eta": eta, "error": job.error or "",
        "text": _("%(percent)s%% done, about %(time)s left", percent=f"{job.progress:.0f}", time=eta)
        if job.status.value == "running" and eta else "",
    }


@json_endpoint
@login_required
def job_status(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    replay = queries.replay_of(lecture.id)
    return jsonify(job=job_view(queries.latest_job(lecture.id)),
                   replay={"version": replay.version, "quick": replay.quick} if replay else None)


@login_required
def job_cancel(lecture_id: int, job_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    confirmed_or_400()
    if operations.cancel_job(of_lecture(TranscodeJob, job_id, lecture)):
        flash(_("Transcoding is cancelled."), "info")
    return redirect(url_for("media.manage_media", lecture_id=lecture.id))


@login_required
def job_retry(lecture_id: int, job_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    confirmed_or_400()
    if operations.retry_job(of_lecture(TranscodeJob, job_id, lecture)) is not None:
        flash(_("Transcoding starts again."), "info")
    return redirect(url_for("media.manage_media", lecture_id=lecture.id))


class DownloadForm(StrictForm):
    allow = BooleanField()


@login_required
def download_setting(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    form = DownloadForm()
    if not form.validate_on_submit():
        abort(400)
    replay = queries.replay_of(lecture.id)
    if replay is None:
        abort(404)
    operations.set_download_allowed(replay, bool(form.allow.data))
    flash(_("Saved."), "success")
    return redirect(url_for("media.manage_media", lecture_id=lecture.id))
