"""Every report table as CSV or XLSX, with the page's filters and scope (the same table builders as the pages)."""

from __future__ import annotations

from lecturehall.core.auth import login_required
from lecturehall.modules.reports import exports, queries_countries, queries_lectures, tables
from lecturehall.modules.reports.controllers import lecture_or_404
from lecturehall.modules.reports.controllers_people import participant_or_404
from lecturehall.modules.reports.viewing import export_request


@login_required
def export_countries(fmt: str):
    wanted = export_request(fmt)
    table = tables.countries_table(queries_countries.by_country(wanted.filters, wanted.scope))
    return exports.download(table, fmt, "countries")


@login_required
def export_lectures(fmt: str):
    wanted = export_request(fmt)
    return exports.download(tables.lectures_table(queries_lectures.by_lecture(wanted.filters, wanted.scope)), fmt,
                            "lectures")


@login_required
def export_lecture_countries(lecture_id: int, fmt: str):
    wanted = export_request(fmt)
    lecture = lecture_or_404(lecture_id, wanted.scope)
    report = queries_countries.by_country(wanted.filters, wanted.scope, lecture_id=lecture.id)
    return exports.download(tables.countries_table(report, "lecture-countries"), fmt,
                            f"lecture-{lecture.id}-countries")


@login_required
def export_attendees(lecture_id: int, fmt: str):
    wanted = export_request(fmt)
    lecture = lecture_or_404(lecture_id, wanted.scope)
    return exports.download(tables.attendees_table(lecture.id, wanted.filters, wanted.scope, None), fmt,
                            f"lecture-{lecture.id}-attendees")


@login_required
def export_questions(lecture_id: int, fmt: str):
    wanted = export_request(fmt)
    lecture = lecture_or_404(lecture_id, wanted.scope)
    return exports.download(tables.questions_table(lecture.id, wanted.filters, wanted.scope), fmt,
                            f"lecture-{lecture.id}-questions")


@login_required
def export_participants(fmt: str):
    wanted = export_request(fmt)
    return exports.download(tables.participants_stream(wanted.filters, wanted.scope, wanted.search), fmt,
                            "participants")


@login_required
def export_sectors(fmt: str):
    wanted = export_request(fmt)
    return exports.download(tables.sectors_table(wanted.filters, wanted.scope), fmt, "sectors")


@login_required
def export_organisations(fmt: str):
    wanted = export_request(fmt)
    return exports.download(tables.organisations_table(wanted.filters, wanted.scope), fmt, "organisations")


@login_required
def export_participant(user_id: int, fmt: str):
    wanted = export_request(fmt)
    user = participant_or_404(user_id, wanted.scope)
    return exports.download(tables.participant_lectures_table(user.id, wanted.filters, wanted.scope), fmt,
                            f"participant-{user.id}")
