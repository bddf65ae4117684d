"""Speaker and topic forms. The photo is checked here, by its content (see photos.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from lecturehall.core.forms import REQUIRED, ChoiceField, StrictForm, strip
from lecturehall.core.i18n import LANGUAGES, RTL_LANGUAGES, content_language_choices
from lecturehall.modules.speakers.photos import PhotoError, prepare_photo

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class SpeakerForm(StrictForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    # Optional: a form sent without it keeps the speaker's language (or takes the organiser's for a new speaker).
    original_language = ChoiceField(_l("Language of the affiliation and biography"), validators=[Optional()])
    affiliation = StringField(_l("Affiliation"), filters=[strip], validators=[Optional(), Length(max=300)])
    bio = TextAreaField(_l("Short biography"), filters=[strip], validators=[Optional(), Length(max=20000)])
    photo = FileField(_l("Photo"), render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_photo = BooleanField(_l("Remove the current photo"))
    submit = SubmitField(_l("Save speaker"))

    # The checked photo, re-encoded as JPEG, once validate() has accepted an upload.
    photo_jpeg: bytes | None = None

    def with_choices(self):
        self.original_language.choices = content_language_choices()
        return self

    def validate_photo(self, field) -> None:
        self.photo_jpeg = None
        if not field.data:
            return
        try:
            self.photo_jpeg = prepare_photo(field.data.stream)
        except PhotoError as exc:
            raise ValidationError(str(exc.message)) from exc


class SpeakerTranslationForm(StrictForm):
    affiliation = StringField(_l("Affiliation"), filters=[strip], validators=[Optional(), Length(max=300)])
    bio = TextAreaField(_l("Short biography"), filters=[strip], validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save translation"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        if not self.affiliation.data and not self.bio.data:
            # Not a field validator: Optional() stops those on an empty field.
            self.bio.errors = [*self.bio.errors, str(_l("Give the affiliation or the biography in this language."))]
            valid = False
        return valid


class TagForm(StrictForm):
    slug = StringField(
        _l("Short name for web addresses"),
        filters=[strip],
        validators=[
            DataRequired(REQUIRED),
            Length(max=80),
            Regexp(SLUG_PATTERN, message=_l("Use only lowercase letters, digits and single hyphens, such as "
                                            "cloud-computing.")),
        ],
    )
    submit = SubmitField(_l("Save topic"))

    def names(self) -> dict[str, str]:
        return {code: self[f"name_{code}"].data or "" for code in LANGUAGES}


# One name field per interface language, labelled with the language's own name; English is required.
for _code, _native in LANGUAGES.items():
    setattr(TagForm, f"name_{_code}", StringField(
        _l("Name in %(language)s", language=_native),
        filters=[strip],
        validators=[DataRequired(REQUIRED) if _code == "en" else Optional(), Length(max=200)],
        render_kw={"lang": _code, "dir": "rtl" if _code in RTL_LANGUAGES else "ltr"},
    ))
del _code, _native
