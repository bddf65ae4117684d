"""Report forms: the filter bar every report page and export reads (a GET form: it changes nothing), and a
scheduled report subscription."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from lecturehall.core.db import utcnow
from lecturehall.core.forms import ChoiceField, StrictForm, strip
from lecturehall.core.i18n import country_choices, current_language
from lecturehall.modules.lectures.forms import programme_choices
from lecturehall.modules.reports.scope import Filters, Scope

MAX_DAYS = 3660  # ten years: a longer period is surely a typing mistake
DEFAULT_DAYS = 30


class ReportDateField(DateField):
    """A date whose parse error is our own translated sentence."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Give a date as year-month-day, for example 2026-11-30."))) from error


def basis_choices() -> list[tuple[str, str]]:
    return [("declared", str(_l("Declared country (profile)"))), ("network", str(_l("Network country")))]


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    date_from = ReportDateField(_l("From"), validators=[Optional()])
    date_to = ReportDateField(_l("Until"), validators=[Optional()])
    programme = ChoiceField(_l("Programme"), validators=[Optional()])
    country = ChoiceField(_l("Country"), validators=[Optional()])
    basis = ChoiceField(_l("Count people under their"), validators=[Optional()])
    q = StringField(_l("Search"), filters=[strip], validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Show"))

    def with_choices(self, programmes, scope: Scope):
        self.programme.choices = [("", _l("All programmes"))] + programme_choices(programmes, current_language())
        if scope.country is not None:
            self.country.choices = [("", _l("All countries"))] + [
                choice for choice in country_choices() if choice[0] == scope.country]
        else:
            self.country.choices = [("", _l("All countries"))] + country_choices()
        self.basis.choices = basis_choices()
        return self

    def validate_date_to(self, field) -> None:
        start, end = self.date_from.data, field.data
        if start and end and end < start:
            raise ValidationError(str(_l("The end of the period comes before its start.")))
        if start and end and (end - start).days >= MAX_DAYS:
            raise ValidationError(str(_l("Choose a period of at most ten years.")))

    def filters(self) -> Filters:
        """The filters asked for (valid data only), with the default period (the last 30 days) where none is given."""
        today = utcnow().date()
        date_to = self.date_to.data or today
        date_from = self.date_from.data or (date_to - timedelta(days=DEFAULT_DAYS - 1))
        if date_from > date_to:
            date_from = date_to
        return Filters(date_from=date_from, date_to=date_to,
                       programme_id=int(self.programme.data) if self.programme.data else None,
                       country=self.country.data or None,
                       basis=self.basis.data if self.basis.data in ("declared", "network") else "declared")

    @staticmethod
    def default_filters() -> Filters:
        today = utcnow().date()
        return Filters(date_from=today - timedelta(days=DEFAULT_DAYS - 1), date_to=today)


def frequency_choices() -> list[tuple[str, str]]:
    return [("", str(_l("No scheduled report"))), ("weekly", str(_l("Every week (on Mondays)"))),
            ("monthly", str(_l("Every month (on the 1st)")))]


class SubscriptionForm(StrictForm):
    frequency = ChoiceField(_l("Send me a summary by mail"), validators=[Optional()])
    programme = ChoiceField(_l("Programme"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def with_choices(self, programmes):
        self.frequency.choices = frequency_choices()
        self.programme.choices = [("", _l("All programmes"))] + programme_choices(programmes, current_language())
        return self

