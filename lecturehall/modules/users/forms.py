"""Directory forms: the filter bar, an admin's edit of a user, and a new account made by an admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from lecturehall.core.forms import ChoiceField, StrictForm
from lecturehall.core.i18n import country_choices
from lecturehall.core.forms import REQUIRED
from lecturehall.modules.accounts.forms import ProfileFields, sector_choices
from lecturehall.modules.accounts.models import ROLE_LABELS


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(label)) for role, label in ROLE_LABELS.items()]


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Search by name, email or organisation"), validators=[Optional(), Length(max=200)])
    country = ChoiceField(_l("Country"), validators=[Optional()])
    sector = ChoiceField(_l("Sector"), validators=[Optional()])
    role = ChoiceField(_l("Role"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def with_choices(self):
        self.country.choices = [("", _l("All countries"))] + country_choices()
        self.sector.choices = [("", _l("All sectors"))] + sector_choices()
        self.role.choices = [("", _l("All roles"))] + role_choices()
        return self


class EditRoleForm(StrictForm):
    role = ChoiceField(_l("Role"), validators=[DataRequired(REQUIRED)])
    coordinator_country = ChoiceField(_l("Country they coordinate"), validators=[Optional()])
    submit = SubmitField(_l("Save role"))

    def with_choices(self):
        self.role.choices = role_choices()
        self.coordinator_country.choices = [("", _l("None"))] + country_choices()
        return self


class ActivationForm(StrictForm):
    submit = SubmitField()


class NewUserForm(ProfileFields):
    role = ChoiceField(_l("Role"), validators=[DataRequired(REQUIRED)])
    coordinator_country = ChoiceField(_l("Country they coordinate"), validators=[Optional()])
    submit = SubmitField(_l("Create account and send invitation"))

    def with_choices(self):
        super().with_choices()
        self.role.choices = role_choices()
        self.coordinator_country.choices = [("", _l("None"))] + country_choices()
        return self
