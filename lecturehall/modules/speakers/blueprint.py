"""Every URL of the speakers module: speakers and topics under /manage, and the public speaker photo."""

from flask import Blueprint

from lecturehall.modules.speakers import controllers as c

bp = Blueprint("speakers", __name__, template_folder="templates")

bp.add_url_rule("/manage/speakers/", "speaker_list", c.speaker_list)
bp.add_url_rule("/manage/speakers/new", "speaker_new", c.speaker_new, methods=["GET", "POST"])
bp.add_url_rule("/manage/speakers/<int:speaker_id>", "speaker_edit", c.speaker_edit, methods=["GET", "POST"])
bp.add_url_rule("/speakers/<int:speaker_id>/photo", "photo", c.photo)

bp.add_url_rule("/manage/topics/", "tag_list", c.tag_list)
bp.add_url_rule("/manage/topics/new", "tag_new", c.tag_new, methods=["GET", "POST"])
bp.add_url_rule("/manage/topics/<int:tag_id>", "tag_edit", c.tag_edit, methods=["GET", "POST"])
