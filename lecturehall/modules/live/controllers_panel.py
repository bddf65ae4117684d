"""The organiser's stream panel: where to push and with which key (copy buttons, ready-made OBS / Zoom / Teams
settings), a new key, interpreters' keys per language, what the publishers send, the recording switch, and "end
the lecture"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lecturehall.core.auth import login_required
from lecturehall.core.forms import ConfirmForm
from lecturehall.core.i18n import language_name
from lecturehall.modules.lectures.guards import managed_lecture_or_403
from lecturehall.modules.lectures.models import LanguageKind, LectureStatus
from lecturehall.modules.live import operations, presentation, queries
from lecturehall.modules.live.forms import EndForm, InterpreterForm, RecordingForm, RegenerateKeyForm
from lecturehall.modules.live.runtime import ingest_url


def _panel(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    return lecture, url_for("live.stream_panel", lecture_id=lecture.id)


@login_required
def stream_panel(lecture_id: int):
    lecture = managed_lecture_or_403(lecture_id)
    stream = operations.ensure_stream(lecture)  # the first look makes the key (committed with the request)
    interpreters = queries.interpreter_keys(lecture.id)
    planned = lecture.planned_languages(LanguageKind.interpretation)
    session = queries.latest_session(lecture.id)
    opens, closes = queries.window(lecture)
    return render_template(
        "live/stream_panel.html", lecture=lecture, stream=stream, interpreters=interpreters, planned=planned,
        session=session, report=presentation.session_report(session), ingest=ingest_url(),
        interpreter_ingest=ingest_url(interpreter=True), window=(opens, closes),
        regenerate_form=RegenerateKeyForm(), end_form=EndForm(), recording_form=RecordingForm(recording=stream.recording),
        interpreter_form=InterpreterForm(exclude={k.language for k in interpreters}), confirm_form=ConfirmForm(),
        can_end=lecture.status is LectureStatus.live or (session is not None and session.state.value != "ended"),
        language_name=language_name)


@login_required
def stream_report(lecture_id: int):
    """The panel's live part (what the publishers send, the pipeline's state), redrawn every few seconds."""
    lecture = managed_lecture_or_403(lecture_id)
    session = queries.latest_session(lecture.id)
    return render_template("live/_stream_report.html", lecture=lecture, session=session,
                           report=presentation.session_report(session))


@login_required
def regenerate_key(lecture_id: int):
    lecture, panel = _panel(lecture_id)
    form = RegenerateKeyForm()
    if form.validate_on_submit():
        operations.regenerate_key(lecture)
        flash(_("A new stream key is made. The old one no longer works: paste the new one into your encoder."),
              "success")
    elif form.csrf_token.errors or form.form_errors:
        abort(400)
    else:
        flash(_("Tick the box to confirm that the current key should stop working."), "error")
    return redirect(panel)


@login_required
def set_recording(lecture_id: int):
    lecture, panel = _panel(lecture_id)
    form = RecordingForm()
    if not form.validate_on_submit():
        abort(400)
    operations.set_recording(lecture, bool(form.recording.data))
    flash(_("The stream is recorded and becomes the replay.") if form.recording.data
          else _("The stream is not recorded."), "success")
    return redirect(panel)


@login_required
def add_interpreter(lecture_id: int):
    lecture, panel = _panel(lecture_id)
    form = InterpreterForm(exclude={k.language for k in queries.interpreter_keys(lecture.id)})
    if form.validate_on_submit():
        operations.interpreter_key(lecture, form.language.data)
        flash(_("The interpreter's key for %(language)s is ready: hand it to the interpreter.",
                language=language_name(form.language.data)), "success")
    elif form.csrf_token.errors or form.form_errors:
        abort(400)
    else:
        flash(" ".join(str(error) for error in form.language.errors), "error")
    return redirect(panel)


def _interpreter_or_404(lecture, language: str):
    key = next((k for k in queries.interpreter_keys(lecture.id) if k.language == language), None)
    if key is None:
        abort(404)
    return key


@login_required
def regenerate_interpreter(lecture_id: int, language: str):
    lecture, panel = _panel(lecture_id)
    _interpreter_or_404(lecture, language)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.interpreter_key(lecture, language, regenerate=True)
    flash(_("A new key for %(language)s is made; the old one no longer works.", language=language_name(language)),
          "success")
    return redirect(panel)


@login_required
def remove_interpreter(lecture_id: int, language: str):
    lecture, panel = _panel(lecture_id)
    _interpreter_or_404(lecture, language)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_interpreter_key(lecture, language)
    flash(_("The key for %(language)s is removed.", language=language_name(language)), "info")
    return redirect(panel)


@login_required
def end_lecture(lecture_id: int):
    lecture, panel = _panel(lecture_id)
    form = EndForm()
    if form.validate_on_submit():
        operations.end_lecture(lecture, current_user)
        flash(_("The lecture has ended. The replay will be available shortly."), "success")
    elif form.csrf_token.errors or form.form_errors:
        abort(400)
    else:
        flash(_("Tick the box to confirm that the lecture should end now."), "error")
    return redirect(panel)
