"""The certificate as a PDF in one of the six languages: an HTML template laid out by WeasyPrint (Pango shapes
Arabic right to left and Chinese with the Noto fonts from Debian), with the verification code and a QR code (SVG,
from segno) that opens the public verification page. Nothing is fetched while rendering: the QR code is a data URI,
the fonts come from fontconfig, and any other URL is refused."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher

import segno

from lecturehall.core.i18n import HTML_LANG, LANGUAGES, format_date_in_zone, is_valid_timezone, text_direction
from lecturehall.core.urls import external_url
from lecturehall.modules.certificates import codes
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.programmes.presentation import localized_programme


def _no_fetching() -> URLFetcher:
    # data: URIs only (the QR code); anything else in the template or in people's text stops the rendering.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_html(certificate, holder, programme, lecture: Lecture | None, language: str,
                     by_replay: bool = False) -> str:
    language = language if language in LANGUAGES else "en"
    zone = holder.timezone if is_valid_timezone(holder.timezone) else "UTC"
    verify_url = external_url("certificates.verify_code", code=certificate.code)
    named = localized_programme(programme, language)
    context = {
        "language": language,
        "html_lang": HTML_LANG.get(language, language),
        "direction": text_direction(language),
        "holder_name": holder.full_name or "",
        "programme_name": named.name,
        "programme_language": named.name_language,
        "lecture_title": None,
        "lecture_language": None,
        "lecture_date": None,
        "by_replay": by_replay,
        "attended": certificate.lectures_attended,
        "total": certificate.lectures_total,
        "issued_on": format_date_in_zone(certificate.issued_at, zone, language),
        "code": codes.display(certificate.code),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
    }
    if lecture is not None:
        text = localized_text(lecture, language)
        context.update(lecture_title=text.title, lecture_language=text.language,
                       lecture_date=format_date_in_zone(lecture.starts_at, zone, language))
    with force_locale(language):
        return render_template("certificates/pdf.html", **context)


def render_pdf(certificate, holder, programme, lecture: Lecture | None, language: str,
               by_replay: bool = False) -> bytes:
    html = certificate_html(certificate, holder, programme, lecture, language, by_replay)
    return HTML(string=html, url_fetcher=_no_fetching()).write_pdf()
