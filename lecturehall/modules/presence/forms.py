"""The programme's attendance rule form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from lecturehall.core.forms import StrictForm


class AttendanceRuleForm(StrictForm):
    kind = RadioField(_l("Attended means"), choices=[
        SelectChoice("default", _l("The site's default share of the live time")),
        SelectChoice("percent", _l("A share of the lecture's live time")),
        SelectChoice("minutes", _l("A number of minutes present")),
    ], default="default")
    percent = IntegerField(_l("Share of the live time (%)"), validators=[
        Optional(), NumberRange(min=1, max=100, message=_l("Give a number from 1 to 100."))])
    minutes = IntegerField(_l("Minutes present"), validators=[
        Optional(), NumberRange(min=1, max=1440, message=_l("Give a number from 1 to 1440."))])
    submit = SubmitField(_l("Save the rule"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        if self.kind.data == "percent" and self.percent.data is None:
            self.percent.errors = [*self.percent.errors, _l("Give a number from 1 to 100.")]
            valid = False
        if self.kind.data == "minutes" and self.minutes.data is None:
            self.minutes.errors = [*self.minutes.errors, _l("Give a number from 1 to 1440.")]
            valid = False
        return valid
