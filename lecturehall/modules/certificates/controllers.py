"""The participants' and the public's certificate pages: a lecture's certificate (issued on first request when
earned), the PDF download, and the verification page (a code form, and a code's page)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer, login_required, public
from lecturehall.core.db import db
from lecturehall.core.i18n import LANGUAGES, current_language
from lecturehall.core.security import limiter
from lecturehall.modules.accounts.models import User
from lecturehall.modules.certificates import access, codes, operations, queries
from lecturehall.modules.certificates.forms import VerifyForm
from lecturehall.modules.certificates.models import Certificate
from lecturehall.modules.certificates.pdf import render_pdf
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.lectures.queries import can_see
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.presentation import localized_programme

# One budget for the form and the code pages together, per client address.
verify_limit = limiter.shared_limit(lambda: current_app.config["CERTIFICATES_VERIFY_RATE_LIMIT"],
                                    scope="certificate-verify")


@login_required
def lecture_certificate(lecture_id: int):
    """The signed-in participant's certificate for a lecture: issued now if earned and not yet held."""
    lecture = db.get_or_404(Lecture, lecture_id)
    viewer = current_viewer()
    if not can_see(lecture, viewer):
        abort(404)
    certificate = queries.certificate_for_lecture(viewer.id, lecture.id)
    if certificate is None:
        eligibility = queries.lecture_eligibility(viewer.id, lecture)
        if not eligibility.eligible:
            flash(_("There is no certificate for you for this lecture: it is given to participants who attended "
                    "it, once it is over."), "info")
            return redirect(url_for("lectures.lecture_page", lecture_id=lecture.id))
        certificate, _created = operations.issue_lecture_certificate(viewer.id, lecture, eligibility.by_replay)
    return redirect(url_for("certificates.download", certificate_id=certificate.id))


@login_required
def download(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    programme = db.session.get(Programme, certificate.programme_id)
    if not access.may_download(certificate, programme, current_viewer()):
        abort(404)  # someone else's certificate: not even whether it exists
    language = request.args.get("language", "")
    if language not in LANGUAGES:
        language = current_language()
    holder = db.session.get(User, certificate.user_id)
    lecture = db.session.get(Lecture, certificate.lecture_id) if certificate.lecture_id else None
    data = render_pdf(certificate, holder, programme, lecture, language, by_replay=certificate.by_replay)
    filename = f"certificate-{codes.display(certificate.code)}-{language}.pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@public
@verify_limit
def verify():
    form = VerifyForm()
    if form.validate_on_submit():
        return redirect(url_for("certificates.verify_code", code=codes.normalise(form.code.data)))
    status = 422 if request.method == "POST" else 200
    return render_template("certificates/verify.html", form=form), status


@public
@verify_limit
def verify_code(code: str):
    normalised = codes.normalise(code)
    certificate = queries.by_code(normalised) if normalised else None
    form = VerifyForm(formdata=None, code=code)
    if certificate is None:
        return render_template("certificates/verify.html", form=form, unknown=code), 404
    if normalised != code:
        return redirect(url_for("certificates.verify_code", code=normalised))
    language = current_language()
    holder = db.session.get(User, certificate.user_id)
    programme = db.session.get(Programme, certificate.programme_id)
    lecture = db.session.get(Lecture, certificate.lecture_id) if certificate.lecture_id else None
    named = localized_programme(programme, language)
    text = localized_text(lecture, language) if lecture is not None else None
    # Only what the certificate itself says: the name, the programme, the lecture and the date.
    shown = {
        "name": holder.full_name or "",
        "programme": named.name, "programme_language": named.name_language,
        "lecture": text.title if text else None, "lecture_language": text.language if text else None,
        "date": lecture.starts_at if lecture is not None else certificate.issued_at,
        "code": codes.display(certificate.code),
    }
    return render_template("certificates/verify.html", form=form, shown=shown)
