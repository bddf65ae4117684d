"""The certificate forms: a programme's replay policy, a bulk issue, and a code to verify."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lecturehall.core.forms import REQUIRED, StrictForm, strip
from lecturehall.modules.certificates import codes
from lecturehall.modules.certificates.models import ProgrammeRule


class WholeNumberField(IntegerField):
    """A whole number whose unreadable input ("lots") gets our translated message, as its range does."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.bad_number_message = message

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.bad_number_message)) from error


class ReplayPolicyForm(StrictForm):
    allow_replay = BooleanField(_l("A participant who watched enough of a lecture's replay gets its certificate too"))
    replay_min_percent = WholeNumberField(_l("Share of the replay to watch (%)"), validators=[
        NumberRange(min=1, max=100, message=_l("Give a number from 1 to 100."))],
        message=_l("Give a number from 1 to 100."))
    submit = SubmitField(_l("Save"))


class _Choice(RadioField):
    """Radio buttons whose forged value is refused with our translated message (not WTForms' English one)."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, *_rest in self.iter_choices()}:
            raise ValidationError(str(_l("Choose one of the options in the list.")))


class IssueForm(StrictForm):
    rule = _Choice(_l("Who gets a programme certificate"), choices=[
        SelectChoice(ProgrammeRule.all_lectures.value, _l("Participants who attended every lecture held")),
        SelectChoice(ProgrammeRule.at_least.value, _l("Participants who attended at least this many lectures")),
    ], default=ProgrammeRule.all_lectures.value)
    min_lectures = WholeNumberField(_l("Lectures attended, at least"), validators=[
        Optional(), NumberRange(min=1, max=1000, message=_l("Give a number from 1 to 1000."))],
        message=_l("Give a number from 1 to 1000."))
    submit = SubmitField(_l("Issue programme certificates"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        if self.rule.data == ProgrammeRule.at_least.value and self.min_lectures.data is None:
            self.min_lectures.errors = [*self.min_lectures.errors, _l("Give a number from 1 to 1000.")]
            valid = False
        return valid


def _a_code(form, field) -> None:
    if codes.normalise(field.data) is None:
        raise ValidationError(str(_l("A verification code has 12 letters and digits, like %(example)s.",
                                     example="ABCD-EFGH-JK23")))


class VerifyForm(StrictForm):
    code = StringField(_l("Verification code"), filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=40), _a_code])
    submit = SubmitField(_l("Check"))
