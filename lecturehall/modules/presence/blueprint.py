"""Every URL of the presence module: the heartbeat endpoint (and its tokens' renewal), the organisers' live panel and the programme's
attendance rule."""

from flask import Blueprint

from lecturehall.modules.presence import controllers as c
from lecturehall.modules.presence import controllers_beats as b

bp = Blueprint("presence", __name__, template_folder="templates")

bp.add_url_rule("/presence/lectures/<int:lecture_id>/beats", "beats", b.beats, methods=["POST"])
bp.add_url_rule("/presence/tokens/renew", "renew_token", b.renew_token, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/live-panel", "live_panel", c.live_panel)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/live-panel.json", "live_panel_data", c.live_panel_data)
bp.add_url_rule("/manage/programmes/<int:programme_id>/attendance-rule", "attendance_rule", c.attendance_rule,
                methods=["GET", "POST"])
