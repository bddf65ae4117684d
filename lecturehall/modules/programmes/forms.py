"""The programme form. Organisers are named by email address; only admins see (and may send) that field."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lecturehall.core.forms import REQUIRED, ChoiceField, MultiChoiceField, StrictForm, strip
from lecturehall.core.i18n import content_language_choices, country_choices
from lecturehall.modules.accounts.operations import normalise_email

# Addresses may be given one a line, or separated by commas or semicolons (as pasted from a mail client).
_SEPARATORS = re.compile(r"[\s,;]+")


class ProgrammeForm(StrictForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    # Optional: a form sent without it keeps the programme's language (or takes the admin's for a new programme).
    original_language = ChoiceField(_l("Language of the name and description"), validators=[Optional()])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)])
    countries = MultiChoiceField(_l("Partner countries"))
    organisers = TextAreaField(_l("Organisers"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save programme"))

    def with_choices(self, may_name_organisers: bool):
        self.countries.choices = country_choices()
        self.original_language.choices = content_language_choices()
        if not may_name_organisers:
            # Without the field, a forged "organisers" value is refused by StrictForm.
            del self.organisers
        return self

    def organiser_emails(self) -> list[str]:
        """The addresses in the organisers box, normalised, without repeats, in the order given."""
        if "organisers" not in self:
            return []
        seen: dict[str, None] = {}
        for part in _SEPARATORS.split(self.organisers.data or ""):
            if part.strip():
                seen.setdefault(normalise_email(part), None)
        return list(seen)


class ProgrammeTranslationForm(StrictForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save translation"))
