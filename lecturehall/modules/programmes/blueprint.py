"""Every URL of the programmes module: the admins' and organisers' pages under /manage/programmes."""

from flask import Blueprint

from lecturehall.modules.programmes import controllers as c

bp = Blueprint("programmes", __name__, template_folder="templates", url_prefix="/manage/programmes")

bp.add_url_rule("/", "programme_list", c.programme_list)
bp.add_url_rule("/new", "programme_new", c.programme_new, methods=["GET", "POST"])
bp.add_url_rule("/<int:programme_id>", "programme_edit", c.programme_edit, methods=["GET", "POST"])
