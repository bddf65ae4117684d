"""Form helpers shared by every module: strict forms, and choice fields whose errors are our own translations."""

from __future__ import annotations

import re

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import HiddenField, SelectField, SelectMultipleField, SubmitField, ValidationError
from wtforms.widgets import Select

# Fields every form may carry besides its own: the CSRF token and the submit buttons.
ALWAYS_ALLOWED = frozenset({"csrf_token", "submit", "next"})

REQUIRED = _l("This field is required.")


def strip(value):
    """A field filter: surrounding white space is not part of what was typed."""
    return value.strip() if isinstance(value, str) else value


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line(form, field) -> None:
    """A validator for one-line text (a name, an organisation): a text box cannot type a line break or another
    control character, so one in a submission was forged, and it would end up in mail headers and exports."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise ValidationError(str(_l("Write this on one line, without line breaks or tabs.")))


class StrictForm(FlaskForm):
    """Refuses a submission that carries fields the form does not have (a forged ``role=admin``, say)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        if request.method in ("POST", "PUT", "PATCH"):
            allowed = set(self._fields) | ALWAYS_ALLOWED
            unexpected = sorted(set(request.form) - allowed)
            if unexpected:
                self.form_errors.append(str(_l("The form contained fields that are not allowed here.")))
                valid = False
        return valid


class QuickSelect(Select):
    """WTForms' select, writing a plain option (no attributes of its own) without building its attributes one by
    one: a country list has 250 options, and every report page shows one."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(choice.value)}">{escape(choice.label or choice.value)}'
                      "</option>")


class ChoiceField(SelectField):
    """A select whose choices are checked with a translated message, whatever WTForms' own catalogs hold."""

    widget = QuickSelect()

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.invalid_message = message or _l("Choose one of the options in the list.")

    def pre_validate(self, form) -> None:
        if self.data in (None, ""):
            return  # DataRequired or Optional decides
        values = {str(value) for value, *_ in self.iter_choices()}
        if str(self.data) not in values:
            raise ValidationError(str(self.invalid_message))


class MultiChoiceField(SelectMultipleField):
    """A multiple select checked with our translated message."""

    widget = QuickSelect(multiple=True)

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.invalid_message = message or _l("Choose only options from the list.")

    def pre_validate(self, form) -> None:
        values = {str(value) for value, *_ in self.iter_choices()}
        if any(str(item) not in values for item in (self.data or [])):
            raise ValidationError(str(self.invalid_message))


class ConfirmForm(StrictForm):
    """A button that changes something (cancel, delete, retry): only its CSRF token is checked."""

    submit = SubmitField()


class RemoveForm(ConfirmForm):
    """A remove button on a page whose other form edits the same thing (a translation): the hidden ``delete``
    field tells the two posts apart, and this form accepts it."""

    delete = HiddenField(default="1")

    @staticmethod
    def posted() -> bool:
        return request.method == "POST" and bool(request.form.get("delete"))
