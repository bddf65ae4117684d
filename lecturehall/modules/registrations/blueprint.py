"""Every URL of the registrations module."""

from flask import Blueprint

from lecturehall.modules.registrations import controllers as c

bp = Blueprint("registrations", __name__, template_folder="templates")

bp.add_url_rule("/lectures/<int:lecture_id>/register", "register", c.register, methods=["POST"])
bp.add_url_rule("/lectures/<int:lecture_id>/unregister", "unregister", c.unregister, methods=["POST"])
bp.add_url_rule("/my/lectures", "my_lectures", c.my_lectures)
bp.add_url_rule("/manage/lectures/<int:lecture_id>/registrations", "manage_registrations", c.manage_registrations)
