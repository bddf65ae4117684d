"""Forms of the organiser's stream panel. Every change posts with its CSRF token; the two that cannot be undone
(a new stream key, ending the lecture) also need their box ticked."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from lecturehall.core.forms import REQUIRED, ChoiceField, StrictForm
from lecturehall.core.i18n import content_language_choices


class RegenerateKeyForm(StrictForm):
    confirm = BooleanField(_l("I understand that the current key stops working at once"),
                           validators=[DataRequired(REQUIRED)])


class EndForm(StrictForm):
    confirm = BooleanField(_l("End the lecture now for everyone"), validators=[DataRequired(REQUIRED)])


class RecordingForm(StrictForm):
    recording = BooleanField(_l("Record the stream and publish it as the replay"))


class InterpreterForm(StrictForm):
    language = ChoiceField(_l("Language of interpretation"), validators=[DataRequired(REQUIRED)])

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [("", "")] + [(code, name) for code, name in content_language_choices()
                                             if code not in exclude]
