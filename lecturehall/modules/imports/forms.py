"""The upload form for a participant list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField

from lecturehall.core.forms import StrictForm


class ImportParticipantsForm(StrictForm):
    file = FileField(_l("CSV or Excel file"),
                     validators=[FileRequired(_l("Choose a CSV or Excel .xlsx file to import."))])
    skip_existing = BooleanField(_l("Skip people who already have an account"))
    submit = SubmitField(_l("Import participants"))
