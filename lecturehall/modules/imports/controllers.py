"""Import pages. The file is checked whole first; only a file without a single bad row is imported, and the
request's commit (or its rollback on any error status or exception) makes the import all or nothing."""

from __future__ import annotations

import csv
import io

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import format_decimal, format_number, ngettext
from flask_login import current_user

from lecturehall.core.auth import roles_required
from lecturehall.core.i18n import LANGUAGES
from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.imports import operations, queries
from lecturehall.modules.imports.forms import ImportParticipantsForm
from lecturehall.modules.imports.participants import (
    COLUMNS,
    EXAMPLE_ROW,
    RowError,
    UploadError,
    emails_in,
    parse_upload,
    validate_rows,
)

# A page listing thousands of bad rows helps nobody; the first ones show what to fix.
ERRORS_SHOWN = 500


def _limits() -> tuple[int, int]:
    config = current_app.config
    return int(config["IMPORT_MAX_ROWS"]), int(config["IMPORT_MAX_BYTES"])


def _page(form: ImportParticipantsForm, status: int, errors: list[RowError] | None = None, rows_read: int = 0):
    max_rows, max_bytes = _limits()
    return render_template(
        "imports/participants.html",
        form=form,
        errors=(errors or [])[:ERRORS_SHOWN],
        error_count=len(errors or []),
        rows_read=rows_read,
        max_rows=format_number(max_rows),
        max_megabytes=format_decimal(max_bytes / (1024 * 1024), format="#,##0.#"),
        sectors=list(Sector),
        languages=LANGUAGES,
        default_language=LANGUAGES.get(current_user.language, current_user.language),
    ), status


@roles_required("admin")
def import_participants():
    form = ImportParticipantsForm()
    if not form.validate_on_submit():
        return _page(form, 422 if request.method == "POST" else 200)
    max_rows, max_bytes = _limits()
    try:
        # Reading one byte past the limit is enough to know the file is too large.
        rows = parse_upload(form.file.data.stream.read(max_bytes + 1), max_rows=max_rows, max_bytes=max_bytes)
    except UploadError as exc:
        form.file.errors = [str(exc.message)]
        return _page(form, 422)
    checked = validate_rows(
        rows,
        existing_emails=queries.existing_emails(emails_in(rows)),
        skip_existing=form.skip_existing.data,
        default_language=current_user.language,
    )
    if not checked.ok:
        return _page(form, 422, checked.errors, len(rows))
    try:
        users = operations.import_participants(checked.participants,
                                               current_app.config["IMPORT_INLINE_INVITATIONS"])
    except operations.ImportConflict as exc:
        # The 422 rolls back the accounts already flushed.
        error = RowError(exc.line, exc.email, (_("An account with this email address exists already."),))
        return _page(form, 422, [error], len(rows))
    flash(ngettext("%(num)d row read from the file.", "%(num)d rows read from the file.", len(rows)), "info")
    flash(ngettext("%(num)d participant imported; an invitation is on its way to them.",
                   "%(num)d participants imported; invitations are on their way to them.", len(users)), "success")
    if checked.skipped:
        flash(ngettext("%(num)d person skipped: they already have an account.",
                       "%(num)d people skipped: they already have an account.", len(checked.skipped)), "info")
    return redirect(url_for("imports.import_participants"))


@roles_required("admin")
def participants_template():
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE_ROW[column] for column in COLUMNS])
    # The byte order mark makes Excel open the file as UTF-8, so names in any script survive a round trip.
    return Response(
        "\ufeff" + body.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="participants-template.csv"'},
    )
