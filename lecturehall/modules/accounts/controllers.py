"""Signing up, confirming, logging in and out, and resetting a password. Each view checks its form, calls an
operation and redirects or renders; the request commits. The profile's pages are in controllers_profile.py."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lecturehall.core.auth import is_safe_redirect, login_required, public
from lecturehall.core.i18n import current_language
from lecturehall.core.security import limiter
from lecturehall.modules.accounts import operations, queries, throttling
from lecturehall.modules.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    SignupForm,
)
from lecturehall.modules.accounts.tokens import CONFIRM_EMAIL, RESET_PASSWORD, TokenError, read_token


def _limit(name: str):
    return lambda: current_app.config[name]


def _token_message(reason: str) -> str:
    return {
        "expired": _("This link has expired. Ask for a new one below."),
        "used": _("This link has been used already. Ask for a new one below if you still need it."),
    }.get(reason, _("This link is not valid. Check that you copied it whole, or ask for a new one below."))


@public
@limiter.limit(_limit("SIGNUP_RATE_LIMIT"), methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = SignupForm().with_choices()
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        # The same answer whether or not the address has an account (its owner is told by mail): no way to probe
        # for members.
        operations.register_user(form.profile_data(), form.password.data)
        return redirect(url_for("accounts.signup_done"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/signup.html", form=form), status


@public
def signup_done():
    return render_template("accounts/signup_done.html", form=ResendConfirmationForm())


@public
def confirm_email(token: str):
    try:
        user = read_token(token, CONFIRM_EMAIL)
    except TokenError as exc:
        return render_template("accounts/link_problem.html", message=_token_message(exc.reason),
                               form=ResendConfirmationForm(), purpose=CONFIRM_EMAIL), 400
    operations.confirm_email(user)
    flash(_("Thank you, your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login"))


@public
@limiter.limit(_limit("RESET_RATE_LIMIT"), methods=["POST"])
def resend_confirmation():
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        user = queries.user_by_email(operations.normalise_email(form.email.data))
        if user is not None and user.is_active and not user.is_confirmed:
            operations.send_confirmation_on_commit(user)
        # The same answer whether or not the address has an account: no way to probe for members.
        flash(_("If that address has an unconfirmed account, a new confirmation link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/signup_done.html", form=form), 422


@public
@throttling.login_limits
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            throttling.count_failure()
            form.form_errors.append(_("The email address or the password is not right."))
        elif not user.is_active:
            form.form_errors.append(_("This account has been deactivated. Contact the organisers."))
        elif not user.is_confirmed:
            form.form_errors.append(
                _("Please confirm your email address first: follow the link we sent you.")
            )
        else:
            login_user(user, remember=form.remember.data)
            operations.record_login(user)
            target = form.next.data
            response = redirect(target if is_safe_redirect(target) else url_for("site.home"))
            throttling.remember_device(response, user.email)
            return response
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@login_required
def logout():
    # A new session generation: this session ends for good, copies of its cookies too, and with it the account's
    # sessions on other devices (one generation per account keeps this simple and sure).
    operations.end_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("site.home"))


@public
@limiter.limit(_limit("RESET_RATE_LIMIT"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = queries.user_by_email(operations.normalise_email(form.email.data))
        if user is not None and user.is_active:
            operations.send_password_reset_on_commit(user)
        flash(_("If that address has an account, a link to set a new password is on its way."), "info")
        return redirect(url_for("accounts.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/forgot_password.html", form=form), status


@public
@limiter.limit(_limit("RESET_RATE_LIMIT"), methods=["POST"])
def reset_password(token: str):
    try:
        user = read_token(token, RESET_PASSWORD)
    except TokenError as exc:
        return render_template("accounts/link_problem.html", message=_token_message(exc.reason),
                               form=ForgotPasswordForm(), purpose=RESET_PASSWORD), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        operations.set_password(user, form.password.data)
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your password is set. You can log in with it now."), "success")
        return redirect(url_for("accounts.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/reset_password.html", form=form), status
