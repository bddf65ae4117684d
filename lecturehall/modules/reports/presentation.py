"""How report values read on a page: numbers, percentages and dates by Babel in the viewer's language, country and
language names in it, the dashboard's cards with their change against the previous period, and chart labels."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from lecturehall.core import numbers
from lecturehall.core.i18n import country_name, current_language, format_in_zone, language_name, viewer_timezone
from lecturehall.modules.reports import charts
from lecturehall.modules.reports.queries import Figures, Trend
from lecturehall.modules.reports.tables import Table

FIGURE_LABELS = {
    "registered": _l("Registered participants"),
    "live_participants": _l("Live participants"),
    "countries": _l("Countries reached"),
    "attendance_rate": _l("Attendance rate"),
    "live_hours": _l("Live attendance hours"),
    "replay_views": _l("Replay views"),
    "replay_hours": _l("Replay watch hours"),
    "reached": _l("People reached (live or replay)"),
    "new": _l("New participants"),
    "returning": _l("Returning participants"),
    "audio_only_share": _l("Share listening audio-only"),
    "interpretation_share": _l("Share using interpretation"),
}
SHARES = {"attendance_rate", "audio_only_share", "interpretation_share"}
DECIMALS = {"live_hours", "replay_hours"}


def number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return numbers.one_place(value)
    return numbers.integer(int(value))


def percent_text(value, locale: str | None = None) -> str:
    """A percentage already on a 0-100 scale (in ``locale``, the request's by default)."""
    return "–" if value is None else numbers.one_place(value, locale) + "\u00a0%"


class Cells:
    """Writes report cells in the viewer's language and timezone, both looked up once: a page's tables format
    a thousand cells or more, each of which would otherwise ask the request for its locale, zone and labels."""

    NUMERIC = frozenset({"int", "decimal", "percent"})

    def __init__(self):
        self.locale = str(get_locale() or "en")
        self.language = current_language()
        self.zone = viewer_timezone()
        self.labels = {"unknown": str(_l("Unknown")), True: str(_l("Yes")), False: str(_l("No"))}

    def __call__(self, kind: str, value) -> str:
        if kind == "country":
            return country_name(value, self.language) if value else self.labels["unknown"]
        if value is None or value == "":
            return "–" if kind in self.NUMERIC else ""
        if kind == "int":
            return numbers.integer(value, self.locale)
        if kind == "decimal":
            return numbers.one_place(value, self.locale)
        if kind == "percent":
            return percent_text(value, self.locale)
        if kind == "datetime":
            return format_in_zone(value, self.zone, self.language, with_zone=False)
        if kind == "yesno":
            return self.labels[bool(value)]
        if kind == "language":
            return language_name(value, self.language)
        return str(value)

    def rows(self, table: Table, link_endpoint: str | None = None, link_arg: str | None = None) -> Markup:
        """A report table's body rows, each cell written and escaped here: the same markup the table macro wrote
        cell by cell, in a tenth of its time (the lectures page has a thousand rows)."""
        kinds = [column.kind for column in table.columns]
        head_class, *classes = [f' class="kind-{kind}"' for kind in kinds]
        rows = []
        for index, row in enumerate(table.rows):
            texts = [escape(self(kind, value)) for kind, value in zip(kinds, row)]
            head = texts[0]
            key = table.keys[index] if table.keys else None
            if link_endpoint and key:
                head = Markup('<a href="{}">{}</a>').format(url_for(link_endpoint, **{link_arg: key}), head)
            rows.append(f'<tr><th scope="row"{head_class}>{head}</th>'
                        + "".join(f"<td{css}>{text}</td>" for css, text in zip(classes, texts[1:])) + "</tr>")
        if not rows:
            rows.append(f'<tr><td colspan="{len(kinds)}">{escape(_l("No participation in this period."))}</td></tr>')
        return Markup("\n".join(rows))


def figure_text(name: str, value) -> str:
    if value is None:
        return "–"
    if name in SHARES:
        return percent_text(100 * value)
    if name in DECIMALS:
        return numbers.one_place(round(value, 1))
    return numbers.integer(value)


def change_text(name: str, current, previous) -> str:
    """The change against the previous period: percentage points for shares, a percentage for counts."""
    if current is None or previous is None:
        return str(_l("no comparison"))
    if name in SHARES:
        points = round(100 * (current - previous), 1)
        return str(_l("%(sign)s%(points)s points", sign="+" if points > 0 else "",
                      points=numbers.one_place(points)))
    if not previous:
        return str(_l("none in the previous period")) if current else str(_l("no change"))
    change = round(100 * (current - previous) / previous, 1)
    return ("+" if change > 0 else "") + percent_text(change)


def bucket_label(start: date, granularity: str) -> str:
    if granularity == "month":
        return format_date(start, "MMM y")
    return format_date(start, "d MMM")


def cards(current: Figures, previous: Figures, trend: Trend) -> list[dict]:
    labels = [bucket_label(start, trend.granularity) for start in trend.starts]
    result = []
    for name, label in FIGURE_LABELS.items():
        value, before = getattr(current, name), getattr(previous, name)
        series = trend.series[name]
        numbers = [item for item in series if item is not None]
        top = figure_text(name, max(numbers)) if numbers else "–"
        result.append({
            "name": name, "label": str(label), "value": figure_text(name, value),
            "change": change_text(name, value, before), "previous": figure_text(name, before),
            "chart": charts.line_chart(series, labels, str(_l("%(figure)s over the period", figure=label)),
                                       top_label=top)})
    return result


def trend_rows(trend: Trend) -> list[list[str]]:
    """The trend charts' numbers, one row per bucket, for the table beside them."""
    return [[bucket_label(start, trend.granularity)] + [figure_text(name, trend.series[name][index])
                                                       for name in FIGURE_LABELS]
            for index, start in enumerate(trend.starts)]


def when(value: datetime | None) -> str:
    return format_in_zone(value, viewer_timezone(), current_language()) if value else ""



def period_text(start: date, end: date) -> str:
    return f"{format_date(start, 'medium')} – {format_date(end, 'medium')}"
