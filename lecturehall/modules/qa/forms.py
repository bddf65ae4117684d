"""The organisers' Q&A settings form: pre-moderated or open, and the moderators they name by email address."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from lecturehall.core.forms import StrictForm
from lecturehall.modules.accounts.operations import normalise_email

_SEPARATORS = re.compile(r"[\s,;]+")


class QaSettingsForm(StrictForm):
    mode = RadioField(_l("Questions appear"), choices=[
        SelectChoice("premoderated", _l("Once a moderator approves them (pre-moderated)")),
        SelectChoice("open", _l("At once; moderators can still hide them (open)")),
    ], default="premoderated")
    moderators = TextAreaField(_l("Moderators"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save the Q&A settings"))

    def moderator_emails(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in _SEPARATORS.split(self.moderators.data or ""):
            if part.strip():
                seen.setdefault(normalise_email(part), None)
        return list(seen)
