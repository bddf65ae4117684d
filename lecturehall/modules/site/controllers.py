"""Site-wide pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, request, send_from_directory, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lecturehall.core.api import answers_json
from lecturehall.core.auth import current_viewer, is_safe_redirect, public
from lecturehall.core.db import db
from lecturehall.core.i18n import LANGUAGE_SESSION_KEY, LANGUAGES, current_language
from lecturehall.modules.accounts import operations as account_operations
from lecturehall.modules.lectures import queries as lecture_queries
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.registrations import queries as registration_queries


UPCOMING_FOR_VISITORS = 3


@public
def home():
    """For a participant: what is live now and what is next for them (their places and waiting-list spots, live
    first), then anything else live they may join. For a visitor: the welcome, and what is live or coming up in
    public."""
    viewer = current_viewer()
    language = current_language()
    if viewer is None:
        coming = db.session.execute(lecture_queries.catalogue_query(
            lecture_queries.CatalogueFilter(section="upcoming"), None).limit(UPCOMING_FOR_VISITORS)).scalars()
        return render_template(
            "site/home.html",
            live=[(lecture, localized_text(lecture, language)) for lecture in lecture_queries.live_now(None)],
            coming=[(lecture, localized_text(lecture, language)) for lecture in coming])
    mine = registration_queries.coming_up_for(viewer.id)
    taken = {lecture.id for lecture, _registration, _position in mine}
    return render_template(
        "site/home.html",
        mine=[(lecture, localized_text(lecture, language), position) for lecture, _registration, position in mine],
        other_live=[(lecture, localized_text(lecture, language)) for lecture in lecture_queries.live_now(viewer)
                    if lecture.id not in taken])


@public
def set_language():
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session[LANGUAGE_SESSION_KEY] = language
        if current_user.is_authenticated:
            account_operations.set_language(current_user, language)
    target = request.form.get("next", "")
    return redirect(target if is_safe_redirect(target) else url_for("site.home"))


@public
def favicon():
    """Browsers ask for /favicon.ico where a response names no icon (a JSON answer, a file); pages link theirs."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=current_app.config["STATIC_MAX_AGE"])


@public
def health():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


ERROR_TEXTS = {
    400: (lambda: _("Bad request"), lambda: _("The request could not be understood. Go back and try again.")),
    401: (lambda: _("Please log in"), lambda: _("You are not logged in, or your session has ended. Log in again, then try again.")),
    403: (lambda: _("Access denied"), lambda: _("You do not have permission to see this page.")),
    404: (lambda: _("Page not found"), lambda: _("There is no page at this address. Check the link, or start from the home page.")),
    405: (lambda: _("Not allowed"), lambda: _("This page cannot be used that way.")),
    413: (lambda: _("Too large"), lambda: _("What you sent is larger than this site accepts.")),
    429: (lambda: _("Too many attempts"), lambda: _("Too many attempts in a short time. Wait a few minutes, then try again.")),
    500: (lambda: _("Something went wrong"), lambda: _("An error on our side stopped this page. It has been logged; please try again in a moment.")),
}


def error_page(error):
    """The answer to an HTTP error or a crash: a translated page, or ``{"error": message}`` for a JSON endpoint
    (see core/api.py). The error's own headers (Allow for a 405) go with it."""
    code = getattr(error, "code", 500) or 500
    if isinstance(error, CSRFError):
        title, text = _("Form expired"), _("This form has expired or was sent from another site. Reload the page and try again.")
        code = 400
    else:
        title_fn, text_fn = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
        title, text = title_fn(), text_fn()
    db.session.rollback()
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"] \
        if isinstance(error, HTTPException) else []
    if answers_json():
        return jsonify(error=text), code, headers
    return render_template("site/error.html", code=code, title=title, text=text), code, headers
