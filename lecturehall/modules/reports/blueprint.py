"""Every URL of the reports: the pages, their exports (``.csv`` or ``.xlsx``) and the scheduled report setting."""

from flask import Blueprint

from lecturehall.modules.reports import controllers as c
from lecturehall.modules.reports import controllers_exports as x
from lecturehall.modules.reports import controllers_people as p
from lecturehall.modules.reports import controllers_subscription as s

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")

bp.add_url_rule("/", "dashboard", c.dashboard)
bp.add_url_rule("/periods", "compare_periods", c.compare_periods)
bp.add_url_rule("/countries", "by_country", c.by_country)
bp.add_url_rule("/lectures", "by_lecture", c.by_lecture)
bp.add_url_rule("/lectures/compare", "compare_lectures", c.compare_lectures)
bp.add_url_rule("/lectures/<int:lecture_id>", "lecture_report", c.lecture_report)
bp.add_url_rule("/participants", "participants", p.participants)
bp.add_url_rule("/participants/<int:user_id>", "participant_report", p.participant_report)
bp.add_url_rule("/subscription", "subscription", s.subscription, methods=["GET", "POST"])

bp.add_url_rule("/countries.<fmt>", "export_countries", x.export_countries)
bp.add_url_rule("/lectures.<fmt>", "export_lectures", x.export_lectures)
bp.add_url_rule("/lectures/<int:lecture_id>/countries.<fmt>", "export_lecture_countries", x.export_lecture_countries)
bp.add_url_rule("/lectures/<int:lecture_id>/attendees.<fmt>", "export_attendees", x.export_attendees)
bp.add_url_rule("/lectures/<int:lecture_id>/questions.<fmt>", "export_questions", x.export_questions)
bp.add_url_rule("/participants.<fmt>", "export_participants", x.export_participants)
bp.add_url_rule("/sectors.<fmt>", "export_sectors", x.export_sectors)
bp.add_url_rule("/organisations.<fmt>", "export_organisations", x.export_organisations)
bp.add_url_rule("/participants/<int:user_id>.<fmt>", "export_participant", x.export_participant)
