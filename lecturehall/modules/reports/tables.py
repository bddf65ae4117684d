"""Every report table, defined once: its columns (a translated header and a kind) and its rows of plain values,
rounded as the page shows them. The page renders a table with Babel in the viewer's language; the CSV and XLSX
exports write the same values, so an export always equals its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Iterator

from flask_babel import lazy_gettext as _l

from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.certificates import queries as certificate_queries
from lecturehall.modules.qa import queries as qa_queries
from lecturehall.modules.reports import queries_countries, queries_lectures, queries_participants
from lecturehall.modules.reports.scope import Filters, Scope

# Column kinds: text, country (a code, shown by name), int, decimal (one decimal), percent (0-100, one decimal),
# datetime, yesno.


@dataclass
class Column:
    key: str
    label: object  # a lazy translation
    kind: str = "int"


@dataclass
class Table:
    name: str  # also the export's file name
    title: object
    columns: list[Column]
    rows: Iterable[list] = field(default_factory=list)
    total: int | None = None  # rows in all, when ``rows`` is one page
    keys: list = field(default_factory=list)  # each row's id (lecture, user) for links on the page


def one_decimal(value) -> float | None:
    """Rounded half up, as people round (28.95 -> 29.0, where float rounding gives 28.9)."""
    if value is None:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(part, whole) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


COUNTRY_COLUMNS = [
    Column("country", _l("Country"), "country"),
    Column("registered", _l("Registered")),
    Column("live_attendees", _l("Live attendees")),
    Column("attendance_rate", _l("Attendance rate (%)"), "percent"),
    Column("replay_views", _l("Replay views")),
    Column("replay_hours", _l("Replay watch hours"), "decimal"),
    Column("reached", _l("People reached")),
    Column("share", _l("Share of the total (%)"), "percent"),
    Column("differs", _l("Other country on the other basis")),
]


def countries_table(report: queries_countries.CountryReport, name: str = "countries") -> Table:
    rows = [[row.country, row.registered, row.live_attendees,
             None if row.attendance_rate is None else one_decimal(100 * row.attendance_rate), row.replay_views,
             one_decimal(row.replay_hours), row.reached, one_decimal(100 * row.share), row.differs]
            for row in report.rows]
    return Table(name, _l("Participation by country"), COUNTRY_COLUMNS, rows, len(rows))


LECTURE_COLUMNS = [
    Column("title", _l("Lecture"), "text"),
    Column("starts_at", _l("Date"), "datetime"),
    Column("registered", _l("Registered")),
    Column("attended", _l("Attended")),
    Column("no_shows", _l("No-shows")),
    Column("waitlisted", _l("Waiting list")),
    Column("live_attendees", _l("Live attendees")),
    Column("average_minutes", _l("Average minutes"), "decimal"),
    Column("replay_views", _l("Replay views")),
    Column("completion", _l("Replay completion (%)"), "percent"),
]


def lecture_values(row: queries_lectures.LectureRow) -> list:
    return [row.title, row.starts_at, row.registered, row.attended, row.no_shows, row.waitlisted,
            row.live_attendees, one_decimal(row.average_minutes), row.replay_views, one_decimal(row.completion)]


def lectures_table(rows: list[queries_lectures.LectureRow]) -> Table:
    return Table("lectures", _l("Participation by lecture"), LECTURE_COLUMNS, [lecture_values(row) for row in rows],
                 len(rows), [row.lecture_id for row in rows])


CURVE_COLUMNS = [Column("minute", _l("Minute"), "datetime"), Column("viewers", _l("Viewers"))]


def curve_table(curve: list[tuple]) -> Table:
    """The numbers of a lecture's minute-by-minute chart, for those who cannot see it."""
    return Table("curve", _l("Viewers present, minute by minute"), CURVE_COLUMNS,
                 [[minute, viewers] for minute, viewers in curve])


ATTENDEE_COLUMNS = [
    Column("name", _l("Name"), "text"),
    Column("email", _l("Email"), "text"),
    Column("country", _l("Declared country"), "country"),
    Column("network_country", _l("Network country"), "country"),
    Column("minutes", _l("Minutes present")),
    Column("attended", _l("Attended"), "yesno"),
    Column("devices", _l("Devices"), "text"),
    Column("audio_only", _l("Audio only"), "yesno"),
    Column("interpretation", _l("Interpretation"), "language"),
]


def attendees_table(lecture_id: int, filters: Filters, scope: Scope, limit: int | None, offset: int = 0) -> Table:
    total, rows = queries_lectures.attendees(lecture_id, filters, scope, limit, offset)
    anonymous, deleted = str(_l("Anonymous viewer")), str(_l("Deleted account"))
    values = [[row.name or (deleted if row.deleted else anonymous), row.email or "", row.declared_country,
               row.network_country, row.minutes, row.attended, row.devices, row.audio_only,
               row.interpretation_language] for row in rows]
    return Table("attendees", _l("Attendees"), ATTENDEE_COLUMNS, values, total)


PARTICIPANT_COLUMNS = [
    Column("name", _l("Name"), "text"),
    Column("email", _l("Email"), "text"),
    Column("country", _l("Country"), "country"),
    Column("organisation", _l("Organisation"), "text"),
    Column("sector", _l("Sector"), "text"),
    Column("registered", _l("Lectures registered")),
    Column("attended", _l("Lectures attended")),
    Column("live_minutes", _l("Live minutes")),
    Column("replays", _l("Replays watched")),
    Column("completion", _l("Replay completion (%)"), "percent"),
    Column("certificates", _l("Certificates")),
]


def participant_values(row: queries_participants.ParticipantRow, certificates: dict[int, int],
                       sectors: dict[Sector, str]) -> list:
    """A participant's cells; ``sectors``: the sectors' labels, translated once for a page or a whole export."""
    return [row.name or str(_l("Deleted account")), row.email or "", row.country, row.organisation or "",
            sectors[row.sector], row.registered, row.attended, row.live_minutes, row.replays,
            one_decimal(row.completion), certificates.get(row.user_id, 0)]


def _sector_labels() -> dict[Sector, str]:
    return {sector: sector.label for sector in Sector}


def participants_table(filters: Filters, scope: Scope, search: str, limit: int | None, offset: int = 0) -> Table:
    total, rows = queries_participants.participants(filters, scope, search, limit, offset)
    certificates = certificate_queries.count_by_participant(row.user_id for row in rows)
    sectors = _sector_labels()
    return Table("participants", _l("Participants"), PARTICIPANT_COLUMNS,
                 [participant_values(row, certificates, sectors) for row in rows], total,
                 [row.user_id for row in rows])


def _with_certificates(rows: Iterator[queries_participants.ParticipantRow]) -> Iterator[list]:
    """Participants' rows with their certificates, counted one batch of rows at a time (the export's batch: what it
    holds in memory, whatever its length)."""
    batch = queries_participants.EXPORT_BATCH
    sectors = _sector_labels()
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            certificates = certificate_queries.count_by_participant(item.user_id for item in chunk)
            yield from (participant_values(item, certificates, sectors) for item in chunk)
            chunk = []
    certificates = certificate_queries.count_by_participant(item.user_id for item in chunk)
    yield from (participant_values(item, certificates, sectors) for item in chunk)


def participants_stream(filters: Filters, scope: Scope, search: str) -> Table:
    """The whole list for an export, read from the database in batches (a million rows in bounded memory)."""
    rows = _with_certificates(queries_participants.iter_participants(filters, scope, search))
    return Table("participants", _l("Participants"), PARTICIPANT_COLUMNS, rows)


SECTOR_COLUMNS = [
    Column("sector", _l("Sector"), "text"),
    Column("participants", _l("Participants")),
    Column("registered", _l("Registered")),
    Column("attended", _l("Attended at least one lecture")),
]


def sectors_table(filters: Filters, scope: Scope) -> Table:
    rows = [[row.sector.label, row.participants, row.registered, row.attended]
            for row in queries_participants.by_sector(filters, scope)]
    return Table("sectors", _l("Participants by sector"), SECTOR_COLUMNS, rows, len(rows))


ORGANISATION_COLUMNS = [Column("organisation", _l("Organisation"), "text"), Column("participants", _l("Participants"))]


def organisations_table(filters: Filters, scope: Scope) -> Table:
    unnamed = str(_l("Not given"))
    rows = [[name or unnamed, count] for name, count in queries_participants.by_organisation(filters, scope)]
    return Table("organisations", _l("Participants by organisation"), ORGANISATION_COLUMNS, rows, len(rows))


PARTICIPANT_LECTURE_COLUMNS = [
    Column("title", _l("Lecture"), "text"),
    Column("starts_at", _l("Date"), "datetime"),
    Column("registration", _l("Registration"), "text"),
    Column("attended", _l("Attended"), "yesno"),
    Column("live_minutes", _l("Live minutes")),
    Column("replay_views", _l("Replay views")),
    Column("completion", _l("Replay completion (%)"), "percent"),
]

REGISTRATION_LABELS = {"registered": _l("Registered"), "waitlisted": _l("Waiting list"),
                       "cancelled": _l("Cancelled")}


def participant_lectures_table(user_id: int, filters: Filters, scope: Scope) -> Table:
    rows = [[row.title, row.starts_at, str(REGISTRATION_LABELS[row.status.value]) if row.status else "",
             row.attended, row.live_minutes, row.replay_views, one_decimal(row.completion)]
            for row in queries_participants.participant_lectures(user_id, filters, scope)]
    return Table("participant", _l("Lectures"), PARTICIPANT_LECTURE_COLUMNS, rows, len(rows))


QUESTION_COLUMNS = [
    Column("asked_at", _l("Asked"), "datetime"),
    Column("question", _l("Question"), "text"),
    Column("language", _l("Language"), "language"),
    Column("asker", _l("Asked by"), "text"),
    Column("country", _l("Country"), "country"),
    Column("votes", _l("Votes")),
    Column("answered", _l("Answered"), "text"),
    Column("answer", _l("Written answer"), "text"),
]

ANSWER_LABELS = {"live": _l("Answered live"), "written": _l("Answered in writing")}


def questions_table(lecture_id: int, filters: Filters, scope: Scope) -> Table:
    """The lecture's approved questions (Q&A), as its participants saw them (anonymous askers stay anonymous); a
    coordinator sees the questions of people from their own country only, as everywhere in the reports."""
    anonymous = str(_l("Anonymous"))
    rows = [[row.asked_at, row.text, row.language, row.author_name or anonymous, row.country, row.votes,
             str(ANSWER_LABELS[row.answered]) if row.answered else "", row.answer or ""]
            for row in qa_queries.report_rows(lecture_id)
            if scope.country is None or row.country == scope.country]
    return Table("questions", _l("Questions"), QUESTION_COLUMNS, rows, len(rows))
