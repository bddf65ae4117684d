"""Every URL of the media module."""

from flask import Blueprint

from lecturehall.modules.media import controllers_delete as d
from lecturehall.modules.media import controllers_jobs as j
from lecturehall.modules.media import controllers_replay as r
from lecturehall.modules.media import controllers_upload as u

bp = Blueprint("media", __name__, template_folder="templates")

bp.add_url_rule("/manage/lectures/<int:lecture_id>/media", "manage_media", u.manage_media)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/uploads", "upload_start", u.upload_start, methods=["POST"])
bp.add_url_rule("/uploads/<upload_id>", "upload", u.upload, methods=["GET", "PUT", "DELETE"])

bp.add_url_rule("/lectures/<int:lecture_id>/replay/<token>/<path:path>", "replay_file", r.replay_file)
bp.add_url_rule("/lectures/<int:lecture_id>/replay/source", "replay_source", r.replay_source)
bp.add_url_rule("/lectures/<int:lecture_id>/replay/download", "replay_download", r.replay_download)
bp.add_url_rule("/lectures/<int:lecture_id>/replay/progress", "replay_progress", r.replay_progress)
bp.add_url_rule("/lectures/<int:lecture_id>/replay/position", "replay_position", r.replay_position,
                methods=["GET", "PUT", "POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/status", "job_status", j.job_status)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/jobs/<int:job_id>/cancel", "job_cancel", j.job_cancel,
                methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/jobs/<int:job_id>/retry", "job_retry", j.job_retry,
                methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/download", "download_setting", j.download_setting,
                methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/recordings/<int:recording_id>/delete", "recording_delete",
                d.recording_delete, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/tracks/<int:track_id>/delete", "track_delete",
                d.track_delete, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/media/delete", "media_delete", d.media_delete, methods=["POST"])
