"""The profile: personal details, the password, the account's sessions on other devices, the data download and
deleting the account. Each view checks its form, calls an operation and redirects or renders; the request commits."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME

from lecturehall.core.auth import login_required
from lecturehall.core.forms import ConfirmForm
from lecturehall.modules.accounts import operations, throttling
from lecturehall.modules.accounts.forms import ChangePasswordForm, DeleteAccountForm, ProfileForm
from lecturehall.modules.accounts.passwords import verify_password


def _email_taken_error(form) -> None:
    form.email.errors = [*form.email.errors, _("An account with this email address exists already.")]


def _profile_page(form: ProfileForm | None = None, password_form: ChangePasswordForm | None = None,
                  status: int = 200):
    """The profile page with its forms; the one that was sent keeps what was typed and its errors, the others
    show the account as it is (``formdata=None``: they must not read the other form's fields)."""
    if form is None:
        form = ProfileForm(formdata=None, obj=current_user).with_choices()
        form.sector.data = current_user.sector.value
    if password_form is None:
        password_form = ChangePasswordForm(current_user, formdata=None)
    return render_template("accounts/profile.html", form=form, password_form=password_form), status


def _stay_signed_in(user) -> None:
    """Signs this device in again under the account's new session generation, remembered if it was."""
    login_user(user, remember=COOKIE_NAME in request.cookies)


@login_required
def profile():
    if request.method == "GET":
        return _profile_page()
    form = ProfileForm().with_choices()
    if form.validate_on_submit():
        try:
            email_changed = operations.update_profile(current_user, form.profile_data())
        except operations.AccountError:
            _email_taken_error(form)
        else:
            if email_changed:
                flash(_("Saved. Confirm your new email address with the link we sent to it."), "info")
            else:
                flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(form=form, status=422)


@login_required
@throttling.password_check_limit
def change_password():
    form = ChangePasswordForm(current_user)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            throttling.count_failure()
            form.current_password.errors = [*form.current_password.errors, _("That is not your password.")]
        else:
            user = current_user._get_current_object()
            operations.set_password(user, form.password.data)
            _stay_signed_in(user)
            flash(_("Your password is changed. Other devices where you were logged in are logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(password_form=form, status=422)


@login_required
def end_other_sessions():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    operations.end_sessions(user)
    _stay_signed_in(user)
    flash(_("You are logged out on every other device."), "success")
    return redirect(url_for("accounts.profile"))


@login_required
def download_data():
    body = json.dumps(operations.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="lecturehall-my-data.json"'},
    )


@login_required
@throttling.password_check_limit
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            throttling.count_failure()
            form.password.errors = [*form.password.errors, _("That is not your password.")]
        else:
            user = current_user._get_current_object()
            logout_user()
            operations.delete_account(user)
            flash(_("Your account and your personal data are deleted."), "info")
            return redirect(url_for("site.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/delete.html", form=form), status
