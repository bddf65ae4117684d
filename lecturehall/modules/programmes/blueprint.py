"""Every URL of the programmes module: the admins' and organisers' pages under /manage/programmes."""

from flask import Blueprint

from lecturehall.core.i18n import current_language
from lecturehall.modules.programmes import controllers as c
from lecturehall.modules.programmes.presentation import localized_programme

bp = Blueprint("programmes", __name__, template_folder="templates", url_prefix="/manage/programmes")

bp.add_url_rule("/", "programme_list", c.programme_list)
bp.add_url_rule("/new", "programme_new", c.programme_new, methods=["GET", "POST"])
bp.add_url_rule("/<int:programme_id>", "programme_edit", c.programme_edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:programme_id>/translations/<language>", "programme_translation", c.programme_translation,
                methods=["GET", "POST"])


@bp.app_context_processor
def programme_template_helpers() -> dict:
    """programme_text(programme): its name and description in the page's language, each with the language it is
    really in (for lang and dir)."""
    return {"programme_text": lambda programme: localized_programme(programme, current_language())}
