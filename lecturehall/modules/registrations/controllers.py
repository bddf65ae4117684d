"""A participant's own lectures."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from lecturehall.core.auth import login_required
from lecturehall.core.i18n import current_language
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.registrations import queries


@login_required
def my_lectures():
    language = current_language()
    lists = queries.my_lectures(current_user.id)
    return render_template(
        "registrations/my_lectures.html",
        upcoming=[(lecture, localized_text(lecture, language), registration) for lecture, registration in lists["upcoming"]],
        attended=[(lecture, localized_text(lecture, language)) for lecture in lists["attended"]],
        to_watch=[(lecture, localized_text(lecture, language)) for lecture, _registration in lists["to_watch"]],
    )
