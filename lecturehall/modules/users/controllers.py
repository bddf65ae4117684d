"""Directory pages. Coordinators see only participants of the country they coordinate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import roles_required
from lecturehall.core.db import db
from lecturehall.core.pagination import page_number, paginate
from lecturehall.modules.accounts import operations
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.accounts.queries import UserFilter, users_query
from lecturehall.modules.users.forms import ActivationForm, EditRoleForm, NewUserForm, UserFilterForm

PAGE_SIZE = 50


def _filters_from(form: UserFilterForm) -> UserFilter:
    valid = form.validate()
    data = form.data if valid else {}
    return UserFilter(
        text=(data.get("q") or "").strip(),
        country=data.get("country") or None,
        sector=Sector(data["sector"]) if data.get("sector") else None,
        role=Role(data["role"]) if data.get("role") else None,
    )


@roles_required("admin", "coordinator")
def user_list():
    form = UserFilterForm(request.args).with_choices()
    filters = _filters_from(form)
    if current_user.role is Role.coordinator:
        # A coordinator's view is fixed to their own country's participants, whatever the query string says.
        filters.country = current_user.coordinator_country
        filters.role = Role.participant
    page = paginate(users_query(filters), page_number(), PAGE_SIZE)
    return render_template("users/list.html", form=form, page=page, filters=filters)


@roles_required("admin")
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.deleted_at is not None:
        abort(404)
    role_form = EditRoleForm(obj=None).with_choices()
    if request.method == "GET":
        role_form.role.data = user.role.value
        role_form.coordinator_country.data = user.coordinator_country or ""
    if role_form.validate_on_submit():
        role = Role(role_form.role.data)
        if user.id == current_user.id and role is not Role.admin:
            role_form.role.errors = [_("You cannot take away your own admin role.")]
        elif role is Role.coordinator and not role_form.coordinator_country.data:
            role_form.coordinator_country.errors = [_("Choose the country this coordinator is responsible for.")]
        else:
            operations.change_role(user, role, role_form.coordinator_country.data or None)
            flash(_("The role of %(name)s is saved.", name=user.full_name), "success")
            return redirect(url_for("users.user_edit", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return render_template("users/edit.html", user=user, role_form=role_form, activation_form=ActivationForm()), status


@roles_required("admin")
def user_set_active(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ActivationForm()
    if not form.validate_on_submit() or user.deleted_at is not None:
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        operations.set_active(user, not user.active)
        if user.active:
            flash(_("%(name)s can log in again.", name=user.full_name), "success")
        else:
            flash(_("%(name)s is deactivated and can no longer log in.", name=user.full_name), "success")
    return redirect(url_for("users.user_edit", user_id=user.id))


@roles_required("admin")
def user_new():
    form = NewUserForm().with_choices()
    if request.method == "GET":
        form.role.data = Role.participant.value
    if form.validate_on_submit():
        role = Role(form.role.data)
        if role is Role.coordinator and not form.coordinator_country.data:
            form.coordinator_country.errors = [_("Choose the country this coordinator is responsible for.")]
        else:
            try:
                user = operations.create_user_by_admin(form.profile_data(), role, form.coordinator_country.data or None)
            except operations.AccountError:
                form.email.errors = [_("An account with this email address exists already.")]
            else:
                flash(_("The account is created and an invitation is on its way."), "success")
                return redirect(url_for("users.user_edit", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return render_template("users/new.html", form=form), status
