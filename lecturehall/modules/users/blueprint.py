"""Every URL of the user directory."""

from flask import Blueprint

from lecturehall.modules.users import controllers as c

bp = Blueprint("users", __name__, template_folder="templates", url_prefix="/admin/users")

bp.add_url_rule("/", "user_list", c.user_list)
bp.add_url_rule("/new", "user_new", c.user_new, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>", "user_edit", c.user_edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>/active", "user_set_active", c.user_set_active, methods=["POST"])
