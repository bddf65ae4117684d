"""Every URL of the speakers module: speakers and topics under /manage, and the public speaker photo."""

from flask import Blueprint

from lecturehall.core.i18n import current_language
from lecturehall.modules.speakers import controllers as c
from lecturehall.modules.speakers.presentation import localized_speaker

bp = Blueprint("speakers", __name__, template_folder="templates")

bp.add_url_rule("/manage/speakers/", "speaker_list", c.speaker_list)
bp.add_url_rule("/manage/speakers/new", "speaker_new", c.speaker_new, methods=["GET", "POST"])
bp.add_url_rule("/manage/speakers/<int:speaker_id>", "speaker_edit", c.speaker_edit, methods=["GET", "POST"])
bp.add_url_rule("/manage/speakers/<int:speaker_id>/translations/<language>", "speaker_translation",
                c.speaker_translation, methods=["GET", "POST"])
bp.add_url_rule("/speakers/<int:speaker_id>/photo", "photo", c.photo)

bp.add_url_rule("/manage/topics/", "tag_list", c.tag_list)
bp.add_url_rule("/manage/topics/new", "tag_new", c.tag_new, methods=["GET", "POST"])
bp.add_url_rule("/manage/topics/<int:tag_id>", "tag_edit", c.tag_edit, methods=["GET", "POST"])


@bp.app_context_processor
def speaker_template_helpers() -> dict:
    """speaker_text(speaker): the speaker's affiliation and biography in the page's language, each with the
    language it is really in (for lang and dir)."""
    return {"speaker_text": lambda speaker: localized_speaker(speaker, current_language())}
