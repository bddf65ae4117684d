"""The organisers' Q&A page for a lecture: pre-moderated or open, the moderators they name, the bans (with unban),
and the moderation log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer, login_required
from lecturehall.core.db import db
from lecturehall.core.forms import StrictForm
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.programmes.queries import organisers_by_email
from lecturehall.modules.qa import access, labels, operations, queries
from lecturehall.modules.qa.forms import QaSettingsForm
from lecturehall.modules.qa.models import QaMode


def _organised_lecture(lecture_id: int) -> Lecture:
    lecture = db.get_or_404(Lecture, lecture_id)
    if not access.is_organiser(lecture, current_viewer()):
        abort(403)
    return lecture


@login_required
def settings(lecture_id: int):
    lecture = _organised_lecture(lecture_id)
    form = QaSettingsForm()
    if request.method == "GET":
        form.mode.data = queries.mode_of(lecture.id).value
        form.moderators.data = "\n".join(user.email for user in queries.moderators(lecture.id) if user.email)
    if form.validate_on_submit():
        people, unknown = organisers_by_email(form.moderator_emails())
        if unknown:
            form.moderators.errors = [*form.moderators.errors, _(
                "These addresses do not belong to an active account: %(emails)s. Check the spelling, "
                "or ask the person to sign up first.", emails=", ".join(unknown))]
        else:
            operations.save_settings(lecture.id, current_viewer(), QaMode(form.mode.data),
                                     [person.id for person in people])
            flash(_("The Q&A settings are saved."), "success")
            return redirect(url_for("qa.settings", lecture_id=lecture.id))
    status = 422 if request.method == "POST" else 200
    return render_template("qa/settings.html", lecture=lecture, form=form, unban_form=StrictForm(),
                           bans=queries.bans(lecture.id), log=queries.moderation_log(lecture.id),
                           action_labels=labels.action_labels()), status


@login_required
def unban(lecture_id: int, user_id: int):
    lecture = _organised_lecture(lecture_id)
    if not StrictForm().validate_on_submit():
        abort(400)
    if operations.unban(lecture.id, user_id, current_viewer()):
        flash(_("The participant may ask questions again."), "success")
    return redirect(url_for("qa.settings", lecture_id=lecture.id))
