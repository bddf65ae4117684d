"""Organisers' pages: list, create and edit lectures, translations, status, cancellation and history.

Admins manage every programme; an organiser manages the programmes that name them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required
from lecturehall.core.db import db
from lecturehall.core.forms import ConfirmForm, RemoveForm
from lecturehall.core.i18n import CONTENT_LANGUAGES, LANGUAGES
from lecturehall.core.pagination import page_number, paginate
from lecturehall.core.urls import int_arg
from lecturehall.modules.lectures import operations, queries
from lecturehall.modules.lectures.forms import STATUS_LABELS, LectureForm, StatusForm, TranslationForm
from lecturehall.modules.lectures.guards import managed_lecture_or_403
from lecturehall.modules.lectures.models import LanguageKind, Lecture, LectureStatus, ReplayVisibility, Visibility
from lecturehall.modules.lectures.timezones import NonexistentLocalTime, to_local
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.queries import can_manage, managed_programmes


def _managed_programmes_or_403():
    programmes = managed_programmes(current_user)
    if not programmes:
        abort(403)
    return programmes


def _data_from(form: LectureForm) -> operations.LectureData:
    return operations.LectureData(
        programme_id=int(form.programme.data),
        title=form.title.data,
        summary=form.summary.data or "",
        description=form.description.data or "",
        original_language=form.original_language.data,
        lecture_language=form.lecture_language.data,
        local_start=form.start.data,
        timezone=form.timezone.data,
        duration_minutes=form.duration_minutes.data,
        capacity=form.capacity.data,
        visibility=Visibility(form.visibility.data),
        countries=list(form.countries.data or []),
        replay_visibility=ReplayVisibility(form.replay_visibility.data),
        interpretation_languages=list(form.interpretation_languages.data or []),
        subtitle_languages=list(form.subtitle_languages.data or []),
        speaker_ids=[int(v) for v in form.speakers.data or []],
        tag_ids=[int(v) for v in form.tags.data or []],
    )


def _nonexistent_time_error(form: LectureForm) -> None:
    form.start.errors = [*form.start.errors, _(
        "This time does not exist in the chosen timezone: the clocks change then. Choose another time.")]


@login_required
def manage_list():
    _managed_programmes_or_403()
    programme_id = int_arg("programme")
    page = paginate(queries.lectures_for_admin(current_user, programme_id), page_number(), 50)
    return render_template("lectures/manage_list.html", page=page, programmes=managed_programmes(current_user),
                           programme_id=programme_id)


@login_required
def manage_new():
    programmes = _managed_programmes_or_403()
    form = LectureForm().with_choices(programmes)
    if request.method == "GET":
        form.timezone.data = current_user.timezone
        form.original_language.data = form.lecture_language.data = current_user.language
        form.visibility.data = Visibility.public.value
        form.replay_visibility.data = ReplayVisibility.registered.value
        if request.args.get("programme"):
            form.programme.data = request.args["programme"]
    if form.validate_on_submit():
        programme = db.session.get(Programme, int(form.programme.data))
        if not can_manage(programme, current_user):
            abort(403)
        try:
            lecture = operations.create_lecture(_data_from(form), current_user, publish=form.publish.data)
        except NonexistentLocalTime:
            _nonexistent_time_error(form)
        else:
            flash(_("The lecture is saved."), "success")
            return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
    status = 422 if request.method == "POST" else 200
    return render_template("lectures/manage_form.html", form=form, lecture=None), status


@login_required
def manage_edit(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    programmes = _managed_programmes_or_403()
    form = LectureForm(obj=None).with_choices(programmes)
    del form.publish
    if request.method == "GET":
        _fill(form, lecture)
    if form.validate_on_submit():
        if lecture.status is LectureStatus.cancelled:
            flash(_("A cancelled lecture cannot be edited."), "error")
            return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
        programme = db.session.get(Programme, int(form.programme.data))
        if not can_manage(programme, current_user):
            abort(403)
        try:
            changed = operations.update_lecture(lecture, _data_from(form), current_user)
        except NonexistentLocalTime:
            db.session.rollback()
            _nonexistent_time_error(form)
        else:
            if not changed:
                flash(_("Nothing was changed."), "info")
            elif "starts_at" in changed or "duration_minutes" in changed:
                flash(_("Saved. Registered participants are told about the new time and their calendars update."),
                      "success")
            else:
                flash(_("The lecture is saved."), "success")
            return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
    status = 422 if request.method == "POST" else 200
    return render_template("lectures/manage_form.html", form=form, lecture=lecture,
                           status_form=StatusForm().with_choices(lecture.status), confirm_form=ConfirmForm(),
                           languages=LANGUAGES, content_languages=CONTENT_LANGUAGES,
                           can_delete=not queries.has_participation(lecture.id)), status


def _fill(form: LectureForm, lecture: Lecture) -> None:
    form.programme.data = str(lecture.programme_id)
    form.title.data, form.summary.data, form.description.data = lecture.title, lecture.summary, lecture.description
    form.original_language.data, form.lecture_language.data = lecture.original_language, lecture.lecture_language
    form.start.data = to_local(lecture.starts_at, lecture.timezone)
    form.timezone.data = lecture.timezone
    form.duration_minutes.data, form.capacity.data = lecture.duration_minutes, lecture.capacity
    form.visibility.data, form.replay_visibility.data = lecture.visibility.value, lecture.replay_visibility.value
    form.countries.data = lecture.country_codes
    form.interpretation_languages.data = lecture.planned_languages(LanguageKind.interpretation)
    form.subtitle_languages.data = lecture.planned_languages(LanguageKind.subtitles)
    form.speakers.data = [str(s.id) for s in lecture.speakers]
    form.tags.data = [str(t.id) for t in lecture.tags]


@login_required
def manage_translation(lecture_id: int, language: str):
    lecture = managed_lecture_or_403(lecture_id)
    if language not in CONTENT_LANGUAGES or language == lecture.original_language:
        abort(404)
    translation = lecture.translation(language)
    if RemoveForm.posted():
        if not RemoveForm().validate_on_submit():
            abort(400)
        operations.delete_translation(lecture, language, current_user)
        flash(_("The translation is removed."), "info")
        return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
    form = TranslationForm(obj=translation if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.save_translation(lecture, language, form.title.data, form.summary.data or "",
                                    form.description.data or "", current_user)
        flash(_("The translation is saved."), "success")
        return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
    status = 422 if request.method == "POST" else 200
    return render_template("lectures/manage_translation.html", form=form, lecture=lecture, language=language,
                           translation=translation, remove_form=RemoveForm()), status


@login_required
def manage_status(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    form = StatusForm().with_choices(lecture.status)
    if not form.validate_on_submit():
        if form.csrf_token.errors or form.form_errors:
            abort(400)
        # A status the current one does not lead to (a stale page, a forged value): said, nothing changed.
        flash(" ".join(form.status.errors), "error")
    elif form.unchanged:
        flash(_("The status stays %(status)s.", status=STATUS_LABELS[lecture.status.value]), "info")
    elif operations.set_status(lecture, LectureStatus(form.status.data), current_user):
        flash(_("The status is changed."), "success")
    else:
        flash(_("That status change is not possible from the current status."), "error")
    return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))


@login_required
def manage_cancel(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.cancel_lecture(lecture, current_user)
    flash(_("The lecture is cancelled. Registered participants are told, and their calendars update."), "info")
    return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))


@login_required
def manage_delete(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = lecture.title
    try:
        operations.delete_lecture(lecture)
    except operations.LectureInUse:
        flash(_("People have registered for this lecture, attended it or watched its replay, so it stays in the "
                "reports and cannot be deleted. Cancel it instead."), "error")
        return redirect(url_for("lectures.manage_edit", lecture_id=lecture.id))
    flash(_("“%(title)s” is deleted, with its recording and replay.", title=title), "success")
    return redirect(url_for("lectures.manage_list"))


@login_required
def manage_history(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    return render_template("lectures/manage_history.html", lecture=lecture, changes=queries.history(lecture.id))
