"""Programme pages. Admins see and create every programme; an organiser edits the programmes that name them,
but only admins change who organises."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required, roles_required
from lecturehall.core.db import db
from lecturehall.core.forms import RemoveForm
from lecturehall.core.i18n import CONTENT_LANGUAGES, LANGUAGES
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.programmes import operations, queries
from lecturehall.modules.programmes.forms import ProgrammeForm, ProgrammeTranslationForm
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.queries import can_manage, managed_programmes


def _is_admin() -> bool:
    return current_user.role is Role.admin


def _managed_programme_or_403(programme_id: int) -> Programme:
    programme = db.get_or_404(Programme, programme_id)
    if not can_manage(programme, current_user):
        abort(403)
    return programme


def _data_from(form: ProgrammeForm, programme: Programme | None = None) -> operations.ProgrammeData | None:
    """The form's data, or None after marking the organisers field when an address has no active account."""
    organisers = None
    if "organisers" in form:
        organisers, unknown = queries.organisers_by_email(form.organiser_emails())
        if unknown:
            form.organisers.errors = [*form.organisers.errors, _(
                "These addresses do not belong to an active account: %(emails)s. Check the spelling, "
                "or ask the person to sign up first.", emails=", ".join(unknown))]
            return None
    return operations.ProgrammeData(
        name=form.name.data,
        description=form.description.data or "",
        countries=list(form.countries.data or []),
        organisers=organisers,
        original_language=form.original_language.data or (
            programme.original_language if programme else current_user.language),
    )


def _name_taken_error(form: ProgrammeForm) -> None:
    form.name.errors = [*form.name.errors, _("A programme with this name exists already. Choose another name.")]


@login_required
def programme_list():
    programmes = managed_programmes(current_user)
    if not programmes and not _is_admin():
        abort(403)
    return render_template("programmes/list.html", programmes=programmes)


@roles_required("admin")
def programme_new():
    form = ProgrammeForm().with_choices(may_name_organisers=True)
    if request.method == "GET":
        form.original_language.data = current_user.language
    if form.validate_on_submit():
        data = _data_from(form)
        if data is not None:
            try:
                programme = operations.create_programme(data)
            except operations.ProgrammeError:
                _name_taken_error(form)
            else:
                flash(_("The programme “%(name)s” is created.", name=programme.name), "success")
                return redirect(url_for("programmes.programme_edit", programme_id=programme.id))
    status = 422 if request.method == "POST" else 200
    return render_template("programmes/form.html", form=form, programme=None), status


@login_required
def programme_edit(programme_id: int):
    programme = _managed_programme_or_403(programme_id)
    form = ProgrammeForm(obj=None).with_choices(may_name_organisers=_is_admin())
    if request.method == "GET":
        form.name.data = programme.name
        form.original_language.data = programme.original_language
        form.description.data = programme.description
        form.countries.data = programme.country_codes
        if "organisers" in form:
            form.organisers.data = "\n".join(user.email for user in programme.organisers if user.email)
    if form.validate_on_submit():
        data = _data_from(form, programme)
        if data is not None:
            try:
                operations.update_programme(programme, data)
            except operations.ProgrammeError:
                _name_taken_error(form)
            else:
                flash(_("The programme “%(name)s” is saved.", name=programme.name), "success")
                return redirect(url_for("programmes.programme_edit", programme_id=programme.id))
    status = 422 if request.method == "POST" else 200
    return render_template("programmes/form.html", form=form, programme=programme,
                           content_languages=CONTENT_LANGUAGES, languages=LANGUAGES), status


@login_required
def programme_translation(programme_id: int, language: str):
    """The programme's name and description in another language; its organisers keep it up to date."""
    programme = _managed_programme_or_403(programme_id)
    if language not in CONTENT_LANGUAGES or language == programme.original_language:
        abort(404)
    translation = programme.translation(language)
    if RemoveForm.posted():
        if not RemoveForm().validate_on_submit():
            abort(400)
        operations.delete_translation(programme, language)
        flash(_("The translation is removed."), "info")
        return redirect(url_for("programmes.programme_edit", programme_id=programme.id))
    form = ProgrammeTranslationForm(obj=translation if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.save_translation(programme, language, form.name.data, form.description.data)
        flash(_("The translation is saved."), "success")
        return redirect(url_for("programmes.programme_edit", programme_id=programme.id))
    status = 422 if request.method == "POST" else 200
    return render_template("programmes/translation.html", form=form, programme=programme, language=language,
                           translation=translation, remove_form=RemoveForm()), status
