"""A participant's registrations (register, unregister, "my lectures") and the organisers' list of registrations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required
from lecturehall.core.forms import ConfirmForm
from lecturehall.core.i18n import current_language
from lecturehall.modules.lectures.guards import managed_lecture_or_403, visible_lecture_or_404
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.registrations import operations, queries
from lecturehall.modules.registrations.models import RegistrationStatus


@login_required
def my_lectures():
    language = current_language()
    lists = queries.my_lectures(current_user.id)
    return render_template(
        "registrations/my_lectures.html",
        registered=[(lecture, localized_text(lecture, language)) for lecture, _registration in lists["registered"]],
        waiting=[(lecture, localized_text(lecture, language), position)
                 for lecture, _registration, position in lists["waiting"]],
        attended=[(lecture, localized_text(lecture, language)) for lecture in lists["attended"]],
        to_watch=[(lecture, localized_text(lecture, language)) for lecture, _registration in lists["to_watch"]],
    )


@login_required
def register(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        registration = operations.register(lecture.id, current_user)
    except operations.RegistrationClosed:
        flash(_("This lecture no longer takes registrations."), "error")
    else:
        if registration.status is RegistrationStatus.waitlisted:
            flash(_("The lecture is full: you are on the waiting list. We will write to you if a place frees up."),
                  "info")
        else:
            flash(_("You are registered. A confirmation with a calendar file is on its way."), "success")
    return redirect(url_for("lectures.lecture_page", lecture_id=lecture.id))


@login_required
def unregister(lecture_id: int):
    lecture = visible_lecture_or_404(lecture_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.unregister(lecture.id, current_user)
    flash(_("You are no longer registered for this lecture."), "info")
    return redirect(url_for("lectures.lecture_page", lecture_id=lecture.id))


@login_required
def manage_registrations(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    return render_template("registrations/manage_registrations.html", lecture=lecture,
                           registrations=queries.active_registrations(lecture.id))
