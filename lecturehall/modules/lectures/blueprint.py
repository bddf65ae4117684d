"""Every URL of the lectures module: the catalogue and lecture pages, and the organisers' pages under /manage."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from lecturehall.core.i18n import current_language
from lecturehall.modules.lectures import controllers_manage as m
from lecturehall.modules.lectures import controllers_public as p
from lecturehall.modules.lectures.forms import STATUS_LABELS
from lecturehall.modules.lectures.models import LanguageKind
from lecturehall.modules.lectures.presentation import localized_text

bp = Blueprint("lectures", __name__, template_folder="templates")

bp.add_url_rule("/lectures", "catalogue", p.catalogue)
bp.add_url_rule("/lectures/<int:lecture_id>", "lecture_page", p.lecture_page)

bp.add_url_rule("/manage/lectures", "manage_list", m.manage_list)
bp.add_url_rule("/manage/lectures/new", "manage_new", m.manage_new, methods=["GET", "POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>", "manage_edit", m.manage_edit, methods=["GET", "POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/translations/<language>", "manage_translation",
                m.manage_translation, methods=["GET", "POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/status", "manage_status", m.manage_status, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/cancel", "manage_cancel", m.manage_cancel, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/delete", "manage_delete", m.manage_delete, methods=["POST"])
bp.add_url_rule("/manage/lectures/<int:lecture_id>/history", "manage_history", m.manage_history)


@bp.app_context_processor
def lecture_template_helpers() -> dict:
    change_labels = {
        "created": _l("Created"), "edited": _l("Edited"), "rescheduled": _l("Rescheduled"),
        "cancelled": _l("Cancelled"), "published": _l("Published"), "status": _l("Status changed"),
        "translated": _l("Translation saved"), "translation-removed": _l("Translation removed"),
    }
    return {
        "LanguageKind": LanguageKind,
        "status_label": lambda value: str(STATUS_LABELS.get(value, value)),
        "change_label": lambda value: str(change_labels.get(value, value)),
        # A lecture's title, summary and description in the page's language, else the original (with languages).
        "lecture_text": lambda lecture: localized_text(lecture, current_language()),
    }
