"""The organisers' certificates page for a programme: the replay policy, bulk issuing of programme certificates
(run by the worker; the page polls the batch's progress), and the certificates issued so far."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lecturehall.core.api import json_endpoint
from lecturehall.core.auth import current_viewer, login_required
from lecturehall.core.db import db, on_commit
from lecturehall.core.pagination import page_number
from lecturehall.modules.certificates import operations, queries, tasks
from lecturehall.modules.certificates.forms import IssueForm, ReplayPolicyForm
from lecturehall.modules.certificates.models import BatchStatus, CertificateBatch, ProgrammeRule
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.queries import can_manage

PAGE_SIZE = 100
POLL_SECONDS = 2

BATCH_LABELS = {
    BatchStatus.queued: lambda: _("Waiting for the worker"),
    BatchStatus.running: lambda: _("Issuing"),
    BatchStatus.succeeded: lambda: _("Done"),
    BatchStatus.failed: lambda: _("Failed"),
}


def _managed_programme(programme_id: int) -> Programme:
    programme = db.get_or_404(Programme, programme_id)
    if not can_manage(programme, current_viewer()):
        abort(403)
    return programme


def batch_view(batch: CertificateBatch | None) -> dict | None:
    if batch is None:
        return None
    return {
        "id": batch.id, "status": batch.status.value, "label": BATCH_LABELS[batch.status](),
        "total": batch.total, "done": batch.done, "issued": batch.issued, "mailed": batch.mailed,
        "percent": batch.percent, "finished": batch.status in (BatchStatus.succeeded, BatchStatus.failed),
        "text": _("%(done)s of %(total)s participants done; %(issued)s new certificates, %(mailed)s mails sent",
                  done=batch.done, total=batch.total, issued=batch.issued, mailed=batch.mailed),
    }


def _render(programme: Programme, policy_form: ReplayPolicyForm, issue_form: IssueForm, status: int = 200):
    number = page_number()
    rows, total = queries.issued_in(programme.id, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    return render_template(
        "certificates/manage.html", programme=programme, policy_form=policy_form, issue_form=issue_form,
        batch=batch_view(queries.latest_batch(programme.id)), rows=rows, total=total, page=number,
        pages=max(1, -(-total // PAGE_SIZE)), held=len(queries.held_lectures(programme.id)),
        poll_seconds=POLL_SECONDS), status


def _forms(programme: Programme) -> tuple[ReplayPolicyForm, IssueForm]:
    policy = queries.policy_for(programme.id)
    policy_form, issue_form = ReplayPolicyForm(), IssueForm()
    if request.method == "GET":
        policy_form.allow_replay.data = policy.allow_replay
        policy_form.replay_min_percent.data = policy.replay_min_percent
        issue_form.rule.data = policy.programme_rule.value
        issue_form.min_lectures.data = policy.min_lectures
    return policy_form, issue_form


@login_required
def manage(programme_id: int):
    programme = _managed_programme(programme_id)
    policy_form, issue_form = _forms(programme)
    if request.method == "POST":
        if policy_form.validate_on_submit():
            operations.save_replay_policy(programme.id, policy_form.allow_replay.data,
                                          policy_form.replay_min_percent.data)
            flash(_("The certificate settings are saved."), "success")
            return redirect(url_for("certificates.manage", programme_id=programme.id))
        return _render(programme, policy_form, issue_form, 422)
    return _render(programme, policy_form, issue_form)


@login_required
def issue(programme_id: int):
    programme = _managed_programme(programme_id)
    policy_form, issue_form = _forms(programme)
    if not issue_form.validate_on_submit():
        return _render(programme, policy_form, issue_form, 422)
    running = queries.latest_batch(programme.id)
    if running is not None and running.status in (BatchStatus.queued, BatchStatus.running):
        flash(_("Certificates are being issued already; wait for that to finish."), "info")
        return redirect(url_for("certificates.manage", programme_id=programme.id))
    rule = ProgrammeRule(issue_form.rule.data)
    batch = operations.start_batch(programme.id, current_viewer().id, rule, issue_form.min_lectures.data)
    app, batch_id = current_app._get_current_object(), batch.id
    on_commit(lambda: tasks.schedule(app, batch_id))
    flash(_("Programme certificates are being issued; each participant gets a mail."), "success")
    return redirect(url_for("certificates.manage", programme_id=programme.id))


@json_endpoint
@login_required
def batch_status(programme_id: int, batch_id: int):
    programme = _managed_programme(programme_id)
    batch = db.get_or_404(CertificateBatch, batch_id)
    if batch.programme_id != programme.id:
        abort(404)
    return jsonify(batch=batch_view(batch))
