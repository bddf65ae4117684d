"""How certificates take part in the rest of the app: My lectures lists the participant's certificates, the
lecture page offers "Download certificate" to a participant who earned it, the programme's page links organisers to
the certificates page, the data download includes them, and the sweep picks up bulk issues whose job was lost."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from lecturehall.core.auth import current_viewer
from lecturehall.core.db import db, on_commit
from lecturehall.core.i18n import current_language
from lecturehall.core.scheduler import sweep_due
from lecturehall.core.templating import template_hook_signal
from lecturehall.modules.accounts import signals as account_signals
from lecturehall.modules.certificates import queries, tasks
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.lectures.presentation import localized_text
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.presentation import localized_programme


@template_hook_signal.connect_via("my-lectures")
def _my_certificates(_hook, user, **_kwargs):
    language = current_language()
    held, held_lectures = [], set()
    for certificate in queries.certificates_of(user.id):
        programme = db.session.get(Programme, certificate.programme_id)
        named = localized_programme(programme, language)
        item = {"certificate": certificate, "programme": named.name, "programme_language": named.name_language,
                "lecture": None}
        if certificate.lecture_id is not None:
            lecture = db.session.get(Lecture, certificate.lecture_id)
            text = localized_text(lecture, language)
            item.update(lecture=lecture, title=text.title, lecture_language=text.language)
            held_lectures.add(lecture.id)
        held.append(item)
    earned = []
    for lecture_id in sorted(queries.eligible_lecture_ids(user.id) - held_lectures):
        lecture = db.session.get(Lecture, lecture_id)
        text = localized_text(lecture, language)
        earned.append({"lecture": lecture, "title": text.title, "lecture_language": text.language})
    # After the participation history (presence, position 50).
    return (60, Markup(render_template("certificates/_my_certificates.html", held=held, earned=earned)))


@template_hook_signal.connect_via("lecture-actions")
def _download_certificate(_hook, lecture, **_kwargs):
    viewer = current_viewer()
    if viewer is None:
        return None
    if queries.certificate_for_lecture(viewer.id, lecture.id) is None and \
            not queries.lecture_eligibility(viewer.id, lecture).eligible:
        return None
    return (40, Markup(render_template("certificates/_lecture_action.html", lecture=lecture)))


@template_hook_signal.connect_via("programme-manage")
def _certificates_link(_hook, programme, **_kwargs):
    count = queries.count_in_programme(programme.id)
    return (60, Markup(render_template("certificates/_programme_link.html", programme=programme, count=count)))


@account_signals.personal_data_requested.connect
def _personal_data(user, **_kwargs):
    return "certificates", [{
        "code": certificate.code, "programme_id": certificate.programme_id, "lecture_id": certificate.lecture_id,
        "issued_at": certificate.issued_at.isoformat(), "by_replay": certificate.by_replay,
        "lectures_attended": certificate.lectures_attended, "lectures_total": certificate.lectures_total,
    } for certificate in queries.certificates_of(user.id)]


@sweep_due.connect
def _catch_up(app, **_kwargs) -> None:
    # Scheduled once the sweep commits (the scheduler writes through a connection of its own).
    on_commit(lambda: tasks.catch_up_after_commit(app))
