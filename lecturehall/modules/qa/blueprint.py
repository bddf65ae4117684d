"""Every URL of the Q&A module: the feed and personal polls, the participants' and moderators' writes, and the
organisers' settings page."""

from flask import Blueprint

from lecturehall.modules.qa import controllers_actions as a
from lecturehall.modules.qa import controllers_feed as f
from lecturehall.modules.qa import controllers_manage as m

bp = Blueprint("qa", __name__, template_folder="templates")

bp.add_url_rule("/qa/lectures/<int:lecture_id>/feed/<token>", "feed", f.feed)
bp.add_url_rule("/qa/lectures/<int:lecture_id>/me", "me", f.me)
bp.add_url_rule("/qa/lectures/<int:lecture_id>/questions", "ask", a.ask, methods=["POST"])
bp.add_url_rule("/qa/questions/<int:question_id>/vote", "vote", a.vote, methods=["POST"])
bp.add_url_rule("/qa/questions/<int:question_id>/moderate", "moderate", a.moderate, methods=["POST"])
bp.add_url_rule("/qa/lectures/<int:lecture_id>/bans", "ban", a.ban, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/qa", "settings", m.settings, methods=["GET", "POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/qa/bans/<int:user_id>/unban", "unban", m.unban,
                methods=["POST"])
