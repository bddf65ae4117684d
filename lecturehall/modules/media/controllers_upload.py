"""Organisers' media page and the JSON protocol of resumable uploads.

    POST   /manage/lectures/<id>/uploads   {filename, size, purpose, language?} -> 201 {id, offset, size, chunk_size}
    GET    /uploads/<id>                   -> {offset, size, status, error}
    PUT    /uploads/<id>                   Content-Range: bytes START-END/TOTAL, raw bytes -> {offset, size, status}
                                           (the last chunk -> {status: "complete", recording_id | track_id})
    DELETE /uploads/<id>                   -> 204

Write requests carry the CSRF token in the X-CSRFToken header. Errors answer {error: message}, with ``offset`` when
the client should carry on from another place (409); so do the app's own (CSRF, sign-in, rate limit, crash), since
both routes are JSON endpoints (core/api.py). An upload is seen only by the person who started it, and only while
they still manage the lecture. Starting uploads is rate-limited per person (UPLOAD_RATE_LIMIT); chunks are not.
"""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.http import parse_content_range_header

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import login_required
from lecturehall.core.db import db
from lecturehall.core.i18n import content_language_choices, current_language
from lecturehall.core.security import limiter, user_or_address
from lecturehall.modules.lectures import queries as lecture_queries
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.media import queries as media_queries
from lecturehall.modules.media import uploads
from lecturehall.modules.lectures.guards import managed_lecture_or_403
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.media.controllers_jobs import job_view
from lecturehall.modules.media.errors import FFmpegMissing, MediaError
from lecturehall.modules.media.models import TrackKind, Upload, UploadPurpose
from lecturehall.modules.media.page_state import media_page_state


def _json_error(http_status: int, message, **details):
    return jsonify(error=str(message), **details), http_status


def _abort_json(http_status: int, message) -> None:
    abort(make_response(_json_error(http_status, message)))


def _own_upload_or_404(upload_id: str, *, lock: bool = False) -> Upload:
    """The upload, if the current user started it and still manages its lecture; anyone else learns nothing."""
    upload = db.session.get(Upload, upload_id, with_for_update=lock) if len(upload_id) <= 43 else None
    lecture = db.session.get(Lecture, upload.lecture_id) if upload is not None else None
    if (upload is None or lecture is None or upload.user_id != current_user.id
            or not lecture_queries.can_manage_lecture(lecture, current_user)):
        _abort_json(404, _("There is no such upload. Start it again."))
    return upload


def _state(upload: Upload) -> dict:
    return {"offset": upload.received, "size": upload.size, "status": upload.status.value, "error": upload.error}


@login_required
def manage_media(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    recordings = media_queries.recordings_of(lecture.id)
    tracks = media_queries.tracks_of(lecture.id)
    replay, job = media_queries.replay_of(lecture.id), media_queries.latest_job(lecture.id)
    return render_template(
        "media/upload.html", lecture=lecture, recordings=recordings,
        audio_tracks=[t for t in tracks if t.kind is TrackKind.audio],
        subtitle_tracks=[t for t in tracks if t.kind is TrackKind.subtitles],
        language_choices=content_language_choices(), size_text=uploads.size_text,
        max_upload=uploads.size_limit(UploadPurpose.recording),
        max_subtitles=uploads.size_limit(UploadPurpose.subtitles),
        replay=replay, job=job_view(job), state=media_page_state(replay, job, recordings),
        text=localized_text(lecture, current_language()),
    )


@json_endpoint
@login_required
@limiter.limit(lambda: current_app.config["UPLOAD_RATE_LIMIT"], key_func=user_or_address)
def upload_start(lecture_id: int):
    lecture = db.session.get(Lecture, lecture_id)
    if lecture is None:
        return _json_error(404, _("There is no such lecture."))
    if not lecture_queries.can_manage_lecture(lecture, current_user):
        return _json_error(403, _("Only the lecture's organisers can upload its recording."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _json_error(400, _("The request could not be understood. Reload the page and try again."))
    try:
        upload = uploads.start_upload(lecture, current_user, filename=data.get("filename"), size=data.get("size"),
                                      purpose=data.get("purpose"), language=data.get("language") or None)
    except uploads.UploadRefused as refused:
        return _json_error(refused.http_status, refused.message, **refused.details)
    except FFmpegMissing:
        current_app.logger.error("uploads refused: ffmpeg is not installed")
        return _json_error(503, _("Recordings cannot be checked on this server at the moment. Try again later."))
    response = jsonify(id=upload.id, offset=upload.received, size=upload.size, chunk_size=uploads.chunk_size())
    response.headers["Location"] = url_for("media.upload", upload_id=upload.id)
    return response, 201


@json_endpoint
@login_required
def upload(upload_id: str):
    """One address per upload: GET asks where it stands, PUT sends the next chunk, DELETE cancels it."""
    if request.method == "PUT":
        return _receive(upload_id)
    if request.method == "DELETE":
        uploads.cancel_upload(_own_upload_or_404(upload_id))
        return "", 204
    return jsonify(_state(_own_upload_or_404(upload_id)))


def _receive(upload_id: str):
    upload = _own_upload_or_404(upload_id, lock=True)
    if request.mimetype not in ("application/octet-stream", ""):
        return _json_error(415, _("Send the file's bytes as they are (application/octet-stream)."))
    content_range = parse_content_range_header(request.headers.get("Content-Range"))
    if content_range is None or content_range.units != "bytes" or content_range.length is None:
        return _json_error(400, _("Say which part of the file this is (Content-Range)."), offset=upload.received)
    if content_range.length != upload.size:
        return _json_error(400, _("This part belongs to a file of another size."), offset=upload.received)
    start, length = content_range.start, content_range.stop - content_range.start
    if length > uploads.chunk_limit():
        return _json_error(413, _("This part is too large: send at most %(size)s at a time.",
                                  size=uploads.size_text(uploads.chunk_limit())), offset=upload.received)
    try:
        # request.stream, never request.data: the body is read a megabyte at a time, straight into the part file.
        uploads.receive_chunk(upload, start, length, request.stream, request.content_length)
    except uploads.UploadRefused as refused:
        return _json_error(refused.http_status, refused.message, **refused.details)
    if upload.received < upload.size:
        return jsonify(_state(upload))
    try:
        attached = uploads.finish_upload(upload)
    except MediaError as error:
        # The refusal is kept (the part file is already gone) although the answer is an error, which would
        # otherwise roll the request back: a client that lost this answer asks again and learns why.
        db.session.commit()
        return _json_error(422, error.message)
    if upload.purpose is UploadPurpose.recording:
        flash(_("The recording is uploaded."), "success")
        return jsonify(status=upload.status.value, recording_id=attached.id)
    if upload.purpose is UploadPurpose.audio:
        flash(_("The interpretation track is uploaded."), "success")
    else:
        flash(_("The subtitles are uploaded."), "success")
    return jsonify(status=upload.status.value, track_id=attached.id)
