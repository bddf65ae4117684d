"""The report pages: dashboard, by country, by lecture (list, one lecture, two side by side). Every page reads its
scope and filters through viewing.report_request(); queries apply the scope themselves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from lecturehall.core.auth import login_required
from lecturehall.core.i18n import country_name
from lecturehall.core.pagination import Page, page_number
from lecturehall.core.urls import int_arg
from lecturehall.modules.reports import charts, presentation, queries, queries_countries, queries_lectures, tables
from lecturehall.modules.reports.viewing import PAGE_SIZE, report_request

BAR_COUNTRIES = 15


def render(template: str, wanted, **context):
    return render_template(template, form=wanted.form, filters=wanted.filters, scope=wanted.scope,
                           cell=presentation.Cells(), **context), wanted.status


@login_required
def dashboard():
    wanted = report_request()
    report = queries.dashboard(wanted.filters, wanted.scope)
    current, previous, trend = report.current, report.previous, report.trend
    return render("reports/dashboard.html", wanted, cards=presentation.cards(current, previous, trend),
                  trend_labels=[str(label) for label in presentation.FIGURE_LABELS.values()],
                  trend_rows=presentation.trend_rows(trend), previous_filters=wanted.filters.previous())


def country_charts(report: queries_countries.CountryReport):
    names = {row.country: country_name(row.country) for row in report.rows if row.country}
    reached = {row.country: row.reached for row in report.rows if row.country}
    texts = {code: presentation.number(value) for code, value in reached.items()}
    top = [row for row in report.rows if row.country and row.reached][:BAR_COUNTRIES]
    bars = charts.bar_chart([(names[row.country], row.reached, texts[row.country]) for row in top],
                            str(_l("People reached, by country")))
    world = charts.world_map(reached, names, texts, str(_l("Map of the people reached, by country")))
    return bars, world


@login_required
def by_country():
    wanted = report_request()
    report = queries_countries.by_country(wanted.filters, wanted.scope)
    table = tables.countries_table(report)
    search, cells = wanted.search.lower(), presentation.Cells()
    if search:
        table.rows = [row for row in table.rows if search in cells("country", row[0]).lower()
                      or (row[0] or "").lower() == search]
    sort, order = request.args.get("sort", ""), request.args.get("order", "desc")
    keys = [column.key for column in table.columns]
    if sort in keys:
        # Sorted as asked, the unknown country staying last whichever way.
        index, descending = keys.index(sort), order != "asc"
        known = [row for row in table.rows if row[0] is not None]
        if table.columns[index].kind == "country":
            known.sort(key=lambda row: cells("country", row[0]).lower(), reverse=descending)
        else:
            known.sort(key=lambda row: (row[index] is not None, row[index] or 0), reverse=descending)
        table.rows = known + [row for row in table.rows if row[0] is None]
    bars, world = country_charts(report)
    return render("reports/countries.html", wanted, table=table, report=report, bars=bars, world=world, sort=sort,
                  order=order)


@login_required
def by_lecture():
    wanted = report_request()
    rows = queries_lectures.by_lecture(wanted.filters, wanted.scope)
    return render("reports/lectures.html", wanted, table=tables.lectures_table(rows), rows=rows)


def lecture_or_404(lecture_id: int, scope):
    lecture = queries_lectures.lecture_in_scope(lecture_id, scope)
    if lecture is None:
        abort(404)
    return lecture


@login_required
def lecture_report(lecture_id: int):
    wanted = report_request()
    lecture = lecture_or_404(lecture_id, wanted.scope)
    summary = queries_lectures.by_lecture(wanted.filters, wanted.scope, [lecture.id])
    curve = queries_lectures.concurrency(lecture, wanted.filters, wanted.scope)
    curve_labels = [presentation.when(minute) for minute, _count in curve]
    curve_chart = charts.line_chart([count for _minute, count in curve], curve_labels,
                                    str(_l("Viewers present, minute by minute")),
                                    top_label=presentation.number(max((c for _m, c in curve), default=0)),
                                    width=640, height=160)
    report = queries_countries.by_country(wanted.filters, wanted.scope, lecture_id=lecture.id)
    number = page_number()
    attendees = tables.attendees_table(lecture.id, wanted.filters, wanted.scope, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    page = Page(items=[], number=number, size=PAGE_SIZE, total=attendees.total or 0)
    return render("reports/lecture.html", wanted, lecture=lecture, summary=tables.lectures_table(summary),
                  curve=curve, curve_chart=curve_chart, curve_table=tables.curve_table(curve),
                  countries=tables.countries_table(report, "lecture-countries"), attendees=attendees, page=page,
                  questions=tables.questions_table(lecture.id, wanted.filters, wanted.scope))


@login_required
def compare_lectures():
    wanted = report_request()
    chosen = [int_arg("a", 0), int_arg("b", 0)]
    lectures = [queries_lectures.lecture_in_scope(lecture_id, wanted.scope) if lecture_id else None
                for lecture_id in chosen]
    if any(lecture_id and lecture is None for lecture_id, lecture in zip(chosen, lectures)):
        abort(404)
    options = queries_lectures.by_lecture(wanted.filters, wanted.scope)
    found = {row.lecture_id: row for row in queries_lectures.by_lecture(
        wanted.filters, wanted.scope, [lecture.id for lecture in lectures if lecture])}
    columns = [found.get(lecture.id) if lecture else None for lecture in lectures]
    return render("reports/compare.html", wanted, options=options, chosen=chosen, columns=columns,
                  lecture_columns=tables.LECTURE_COLUMNS[2:], values=[
                      tables.lecture_values(row)[2:] if row else None for row in columns])


@login_required
def compare_periods():
    """The dashboard's figures for two periods side by side (the second: ``compare_from`` to ``compare_to``)."""
    wanted = report_request()
    other = _other_period(wanted)
    first = queries.figures(wanted.filters, wanted.scope)
    second = queries.figures(other, wanted.scope) if other else queries.figures(wanted.filters.previous(),
                                                                                   wanted.scope)
    rows = [(str(label), presentation.figure_text(name, getattr(first, name)),
             presentation.figure_text(name, getattr(second, name)),
             presentation.change_text(name, getattr(first, name), getattr(second, name)))
            for name, label in presentation.FIGURE_LABELS.items()]
    return render("reports/compare_periods.html", wanted, rows=rows, other=other or wanted.filters.previous())


def _other_period(wanted):
    from_text, to_text = request.args.get("compare_from"), request.args.get("compare_to")
    if not from_text or not to_text:
        return None
    try:
        start, end = date.fromisoformat(from_text), date.fromisoformat(to_text)
    except ValueError:
        abort(400)
    if end < start or (end - start).days > 3660:
        abort(400)
    return replace(wanted.filters, date_from=start, date_to=end)
