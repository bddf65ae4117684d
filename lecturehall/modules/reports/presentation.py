"""How report values read on a page: numbers, percentages and dates by Babel in the viewer's language, country and
language names in it, the dashboard's cards with their change against the previous period, and chart labels."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_decimal, format_number
from flask_babel import lazy_gettext as _l

from lecturehall.core.i18n import country_name, current_language, format_in_zone, language_name, viewer_timezone
from lecturehall.modules.reports import charts
from lecturehall.modules.reports.queries import Figures, Trend

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
        return format_decimal(value, format="#,##0.0")
    return format_number(int(value))


def percent_text(value) -> str:
    """A percentage already on a 0-100 scale."""
    return "–" if value is None else format_decimal(value, format="#,##0.0") + "\u00a0%"


def format_cell(kind: str, value) -> str:
    if kind == "country":
        return country_name(value) if value else str(_l("Unknown"))
    if value is None or value == "":
        return "–" if kind in ("int", "decimal", "percent") else ""
    if kind == "int":
        return format_number(value)
    if kind == "decimal":
        return format_decimal(value, format="#,##0.0")
    if kind == "percent":
        return percent_text(value)
    if kind == "datetime":
        return format_in_zone(value, viewer_timezone(), current_language(), with_zone=False)
    if kind == "yesno":
        return str(_l("Yes")) if value else str(_l("No"))
    if kind == "language":
        return language_name(value)
    return str(value)


def figure_text(name: str, value) -> str:
    if value is None:
        return "–"
    if name in SHARES:
        return percent_text(100 * value)
    if name in DECIMALS:
        return format_decimal(round(value, 1), format="#,##0.0")
    return format_number(value)


def change_text(name: str, current, previous) -> str:
    """The change against the previous period: percentage points for shares, a percentage for counts."""
    if current is None or previous is None:
        return str(_l("no comparison"))
    if name in SHARES:
        points = round(100 * (current - previous), 1)
        return str(_l("%(sign)s%(points)s points", sign="+" if points > 0 else "",
                      points=format_decimal(points, format="#,##0.0")))
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
