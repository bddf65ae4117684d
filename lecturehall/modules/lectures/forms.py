"""Lecture forms: the catalogue's filter bar and the organisers' lecture editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lecturehall.core.db import MAX_INTEGER
from lecturehall.core.forms import REQUIRED, ChoiceField, MultiChoiceField, StrictForm, strip
from lecturehall.core.i18n import (
    HTML_LANG,
    content_language_choices,
    country_choices,
    current_language,
    text_direction,
    timezone_choices,
)
from lecturehall.modules.lectures.models import STATUS_CHANGES, LectureStatus, ReplayVisibility, Visibility
from lecturehall.modules.programmes.presentation import localized_programme
from lecturehall.modules.programmes.queries import all_programmes
from lecturehall.modules.speakers.queries import all_speakers, all_tags

VISIBILITY_LABELS = {
    Visibility.public: _l("Everyone"),
    Visibility.registered: _l("Signed-in users"),
    Visibility.countries: _l("Only participants from the countries chosen below"),
}
REPLAY_LABELS = {
    ReplayVisibility.public: _l("Everyone"),
    ReplayVisibility.registered: _l("Signed-in users"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Scheduled"),
    "live": _l("Live now"),
    "ended": _l("Ended"),
    "cancelled": _l("Cancelled"),
}


def programme_choices(programmes, language: str) -> list[tuple[str, str, dict]]:
    """Programmes by their name in ``language`` (else the original), each option marked with the name's language."""
    choices = []
    for programme in programmes:
        shown = localized_programme(programme, language)
        marks = {"lang": HTML_LANG.get(shown.name_language, shown.name_language),
                 "dir": text_direction(shown.name_language)}
        choices.append((str(programme.id), shown.name, marks))
    return choices


class CatalogueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search titles and summaries"), filters=[strip], validators=[Optional(), Length(max=200)])
    programme = ChoiceField(_l("Programme"), validators=[Optional()])
    topic = ChoiceField(_l("Topic"), validators=[Optional()])
    language = ChoiceField(_l("Language"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Until"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def with_choices(self):
        language = current_language()
        self.programme.choices = [("", _l("All programmes"))] + programme_choices(all_programmes(), language)
        self.topic.choices = [("", _l("All topics"))] + [(str(t.id), t.name_in(language)) for t in all_tags()]
        self.language.choices = [("", _l("All languages"))] + content_language_choices()
        return self


def positive_capacity(form, field) -> None:
    if field.data is not None and field.data < 1:
        raise ValidationError(str(_l("Leave the capacity empty for no limit, or give at least 1.")))
    if field.data is not None and field.data > MAX_INTEGER:
        raise ValidationError(str(_l("Leave the capacity empty for no limit, or give a smaller number.")))


class LectureForm(StrictForm):
    programme = ChoiceField(_l("Programme"), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=300)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Optional(), Length(max=2000)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)])
    original_language = ChoiceField(_l("Language of this text"), validators=[DataRequired(REQUIRED)])
    lecture_language = ChoiceField(_l("Language the lecture is given in"), validators=[DataRequired(REQUIRED)])
    start = DateTimeLocalField(_l("Start (date and time)"), format="%Y-%m-%dT%H:%M",
                               validators=[DataRequired(_l("Enter the date and time, such as 2026-12-03 14:00."))])
    timezone = ChoiceField(_l("Timezone of the start time"), validators=[DataRequired(REQUIRED)])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=60, validators=[
        DataRequired(REQUIRED), NumberRange(min=5, max=1440, message=_l("Between 5 and 1440 minutes."))])
    capacity = IntegerField(_l("Capacity (empty: no limit)"), validators=[Optional(), positive_capacity])
    visibility = ChoiceField(_l("Who can see the lecture"), validators=[DataRequired(REQUIRED)])
    countries = MultiChoiceField(_l("Countries (for country-restricted lectures)"))
    replay_visibility = ChoiceField(_l("Who can watch the replay"), validators=[DataRequired(REQUIRED)])
    interpretation_languages = MultiChoiceField(_l("Interpretation planned into"))
    subtitle_languages = MultiChoiceField(_l("Subtitles planned in"))
    speakers = MultiChoiceField(_l("Speakers"))
    tags = MultiChoiceField(_l("Topics"))
    publish = BooleanField(_l("Publish now (otherwise it stays a draft)"))
    submit = SubmitField(_l("Save lecture"))

    def with_choices(self, programmes):
        language = current_language()
        languages = content_language_choices()
        self.programme.choices = programme_choices(programmes, language)
        self.original_language.choices = languages
        self.lecture_language.choices = languages
        self.timezone.choices = timezone_choices()
        self.visibility.choices = [(v.value, str(label)) for v, label in VISIBILITY_LABELS.items()]
        self.replay_visibility.choices = [(v.value, str(label)) for v, label in REPLAY_LABELS.items()]
        self.countries.choices = country_choices()
        self.interpretation_languages.choices = languages
        self.subtitle_languages.choices = languages
        self.speakers.choices = [(str(s.id), s.name) for s in all_speakers()]
        self.tags.choices = [(str(t.id), t.name_in(language)) for t in all_tags()]
        return self

    def validate_countries(self, field) -> None:
        if self.visibility.data == Visibility.countries.value and not field.data:
            raise ValidationError(str(_l("Choose at least one country, or let everyone see the lecture.")))


class TranslationForm(StrictForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=300)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Optional(), Length(max=2000)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save translation"))


class StatusForm(StrictForm):
    """Moves a lecture to one of the statuses its current one allows (STATUS_CHANGES); the current status comes
    first, chosen, so that the form never suggests a change nobody asked for."""

    status = ChoiceField(_l("New status"), validators=[DataRequired(REQUIRED)],
                         message=_l("That status change is not possible from the current status."))
    submit = SubmitField(_l("Change status"))

    def with_choices(self, current: LectureStatus):
        self.status.choices = [(current.value, str(_l("%(status)s (current)", status=STATUS_LABELS[current.value])))]
        self.status.choices += [(status.value, str(STATUS_LABELS[status.value])) for status in STATUS_CHANGES[current]]
        if self.status.data is None:
            self.status.data = current.value
        return self

    @property
    def unchanged(self) -> bool:
        return self.status.data == self.status.choices[0][0]
