"""Every URL of the calendars module."""

from flask import Blueprint

from lecturehall.modules.calendars import controllers as c

bp = Blueprint("calendars", __name__, template_folder="templates")

bp.add_url_rule("/lectures/<int:lecture_id>.ics", "lecture_ics", c.lecture_ics)
bp.add_url_rule("/my/calendar", "my_calendar", c.my_calendar)
bp.add_url_rule("/my/calendar/feed", "create_feed", c.create_feed, methods=["POST"])
bp.add_url_rule("/my/calendar/feed/revoke", "revoke_feed", c.revoke_feed, methods=["POST"])
bp.add_url_rule("/calendar/<token>.ics", "feed", c.feed)
