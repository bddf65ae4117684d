"""Report pages about people: everyone (searchable) with the sector and organisation breakdowns, and one
participant's lectures. A coordinator sees only their country's people; an organiser only people who took part in
their programmes; anyone else's id answers 404."""

from __future__ import annotations

from flask import abort

from lecturehall.core.auth import login_required
from lecturehall.core.pagination import Page, page_number
from lecturehall.modules.reports import queries_participants, tables
from lecturehall.modules.reports.controllers import render
from lecturehall.modules.reports.viewing import PAGE_SIZE, report_request


@login_required
def participants():
    wanted = report_request()
    number = page_number()
    table = tables.participants_table(wanted.filters, wanted.scope, wanted.search, PAGE_SIZE,
                                      (number - 1) * PAGE_SIZE)
    return render("reports/participants.html", wanted, table=table,
                  page=Page(items=[], number=number, size=PAGE_SIZE, total=table.total or 0),
                  sectors=tables.sectors_table(wanted.filters, wanted.scope),
                  organisations=tables.organisations_table(wanted.filters, wanted.scope))


def participant_or_404(user_id: int, scope):
    user = queries_participants.participant_in_scope(user_id, scope)
    if user is None:
        abort(404)
    return user


@login_required
def participant_report(user_id: int):
    wanted = report_request()
    user = participant_or_404(user_id, wanted.scope)
    return render("reports/participant.html", wanted, participant=user,
                  table=tables.participant_lectures_table(user.id, wanted.filters, wanted.scope))
