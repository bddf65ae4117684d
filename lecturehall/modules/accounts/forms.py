"""Account forms. Choice lists (countries, timezones) are filled in the page's language by ``with_choices``."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from lecturehall.core.forms import REQUIRED, ChoiceField, StrictForm, single_line, strip
from lecturehall.core.i18n import LANGUAGES, country_choices, timezone_choices
from lecturehall.modules.accounts.models import SECTOR_LABELS, Sector
from lecturehall.modules.accounts.operations import ProfileData
from lecturehall.modules.accounts.passwords import password_problem


def check_email(form, field) -> None:
    try:
        validate_email(field.data or "", check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(str(_l("Enter a valid email address, such as name@example.org."))) from exc


def check_password_strength(form, field) -> None:
    inputs = [getattr(form, name).data for name in ("email", "full_name") if hasattr(form, name)]
    inputs += getattr(form, "user_inputs", [])
    problem = password_problem(field.data or "", inputs)
    if problem:
        raise ValidationError(str(problem))


def sector_choices() -> list[tuple[str, str]]:
    return [(sector.value, str(label)) for sector, label in SECTOR_LABELS.items()]


class ProfileFields(StrictForm):
    full_name = StringField(_l("Full name"), filters=[strip],
                            validators=[DataRequired(REQUIRED), Length(max=200), single_line])
    email = EmailField(_l("Email"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=254), check_email])
    country = ChoiceField(_l("Country"), validators=[DataRequired(REQUIRED)],
                          message=_l("Choose your country from the list."))
    organisation = StringField(_l("Organisation"), filters=[strip],
                               validators=[Optional(), Length(max=200), single_line])
    sector = ChoiceField(_l("Sector"), validators=[DataRequired(REQUIRED)])
    language = ChoiceField(_l("Preferred language"), validators=[DataRequired(REQUIRED)])
    timezone = ChoiceField(_l("Timezone"), validators=[DataRequired(REQUIRED)],
                           message=_l("Choose your timezone from the list."))

    def profile_data(self) -> ProfileData:
        return ProfileData(
            full_name=self.full_name.data,
            email=self.email.data,
            country=self.country.data,
            organisation=self.organisation.data or "",
            sector=Sector(self.sector.data),
            language=self.language.data,
            timezone=self.timezone.data,
        )

    def with_choices(self):
        self.country.choices = [("", _l("Choose a country…"))] + country_choices()
        self.sector.choices = [("", _l("Choose a sector…"))] + sector_choices()
        self.language.choices = list(LANGUAGES.items())
        self.timezone.choices = timezone_choices()
        return self


class SignupForm(ProfileFields):
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), check_password_strength])
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Create account"))


class ProfileForm(ProfileFields):
    submit = SubmitField(_l("Save changes"))


class LoginForm(StrictForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])
    remember = BooleanField(_l("Remember me on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(StrictForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[DataRequired(REQUIRED), check_email])
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(StrictForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), check_password_strength])
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))


class ChangePasswordForm(StrictForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), check_password_strength])
    password_again = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A password made of the account's own name or address is easy to guess.
        self.user_inputs = [user.email or "", user.full_name or ""]


class ResendConfirmationForm(StrictForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[DataRequired(REQUIRED), check_email])
    submit = SubmitField(_l("Send the link again"))


class DeleteAccountForm(StrictForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Delete my account"))
