"""The organisers' presence pages: the live panel (viewers now, per country; the page polls its JSON twin) and the
programme's attendance rule."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer, login_required
from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.core.i18n import country_name
from lecturehall.core.scheduler import get_scheduler
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.presence import access, operations, queries, rules, tasks
from lecturehall.modules.presence.forms import AttendanceRuleForm
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.programmes.queries import can_manage

POLL_SECONDS = 5


def _panel_lecture(lecture_id: int) -> Lecture:
    lecture = db.get_or_404(Lecture, lecture_id)
    if not access.may_see_live_panel(lecture, current_viewer()):
        abort(403)
    return lecture


def _figures(lecture: Lecture) -> dict:
    now = queries.live_now(lecture.id)

    def named(counts):
        return [{"country": code or "", "name": country_name(code) if code else _("Unknown"), "viewers": count}
                for code, count in counts]

    return {"viewers": now.viewers, "by_country": named(now.by_country),
            "by_network_country": named(now.by_network_country), "status": lecture.status.value,
            "updated_at": utcnow().isoformat()}


@login_required
def live_panel(lecture_id: int):
    lecture = _panel_lecture(lecture_id)
    return render_template("presence/live_panel.html", lecture=lecture, figures=_figures(lecture),
                           poll_seconds=POLL_SECONDS)


@login_required
def live_panel_data(lecture_id: int):
    return jsonify(_figures(_panel_lecture(lecture_id)))


@login_required
def attendance_rule(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    if not can_manage(programme, current_viewer()):
        abort(403)
    rule = rules.rule_for(programme.id)
    form = AttendanceRuleForm()
    if request.method == "GET" and rule is not None:
        form.kind.data = "minutes" if rule.min_minutes else "percent"
        form.minutes.data, form.percent.data = rule.min_minutes, rule.min_percent
    if form.validate_on_submit():
        minutes = form.minutes.data if form.kind.data == "minutes" else None
        percent = form.percent.data if form.kind.data == "percent" else None
        operations.save_rule(programme.id, minutes, percent)
        scheduler, lecture_ids = get_scheduler(), [lecture.id for lecture in programme.lectures]

        def recount():
            for lecture_id in lecture_ids:
                scheduler.add(f"presence-judge-{lecture_id}", tasks.JUDGE, utcnow(), lecture_id)

        on_commit(recount)
        flash(_("The attendance rule is saved. Attendance in this programme's lectures is being recounted."),
              "success")
        return redirect(url_for("presence.attendance_rule", programme_id=programme.id))
    status = 422 if request.method == "POST" else 200
    return render_template("presence/attendance_rule.html", form=form, programme=programme,
                           default_percent=rules.default_percent()), status
