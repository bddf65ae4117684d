"""Every URL of the registrations module."""

from flask import Blueprint

from lecturehall.modules.registrations import controllers as c

bp = Blueprint("registrations", __name__, template_folder="templates")

bp.add_url_rule("/my/lectures", "my_lectures", c.my_lectures)
