"""Report tables as CSV and XLSX, streamed: CSV row by row as the rows are read, XLSX through XlsxWriter's constant-memory
mode (rows go to a temporary file, never all in memory) sent in chunks. Headers and country names are in the
viewer's language. A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) gets a leading apostrophe, as Indico does, in both formats."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from datetime import datetime
from typing import Iterator

from flask import Response, stream_with_context
from flask_babel import lazy_gettext as _l
import xlsxwriter

from lecturehall.core.i18n import country_name, current_language, format_in_zone, language_name, viewer_timezone
from lecturehall.modules.reports.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(kind: str, value):
    """A value as the export writes it: numbers stay numbers, the rest is text in the viewer's language."""
    if kind == "country":
        return country_name(value) if value else unknown_country()
    if value is None:
        return ""
    if kind == "language":
        return language_name(value)
    if kind == "yesno":
        return str(_l("Yes")) if value else str(_l("No"))
    if kind == "datetime" and isinstance(value, datetime):
        return format_in_zone(value, viewer_timezone(), current_language(), with_zone=False)
    return neutralise(value) if isinstance(value, str) else value


def unknown_country() -> str:
    return str(_l("Unknown"))


def _values(table: Table) -> Iterator[list]:
    """The rows' cells. Countries are named once per export (a country's name is the same on every row), numbers
    pass as they are: a million rows spend their time on what differs."""
    kinds = [column.kind for column in table.columns]
    countries: dict[str | None, str] = {}

    def value_of(kind: str, value):
        if kind == "country":
            name = countries.get(value)
            if name is None:
                name = countries[value] = cell(kind, value)
            return name
        if kind == "int" and type(value) is int:
            return value
        return cell(kind, value)

    for row in table.rows:
        yield [value_of(kind, value) for kind, value in zip(kinds, row)]


def headers(table: Table) -> list[str]:
    return [neutralise(str(column.label)) for column in table.columns]


def csv_chunks(table: Table) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # spreadsheet programs read the file as UTF-8
    writer.writerow(headers(table))
    for values in _values(table):
        writer.writerow(values)
        if buffer.tell() > CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Report"


def write_xlsx(tables: list[Table], path: str) -> None:
    """The tables as sheets of one workbook at ``path``. XlsxWriter's constant-memory mode writes each row out as
    it goes, with strings inline (no shared-string table growing with the rows); text is always written as text,
    never read as a formula or a link."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False,
                                          "tmpdir": tempfile.gettempdir()})
    for table in tables:
        sheet = workbook.add_worksheet(sheet_title(str(table.title)))
        for column, header in enumerate(headers(table)):
            sheet.write_string(0, column, header)
        for row_number, values in enumerate(_values(table), start=1):
            for column, value in enumerate(values):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    sheet.write_string(row_number, column, str(value))
                else:
                    sheet.write_number(row_number, column, value)
    workbook.close()


def xlsx_chunks(tables: list[Table]) -> Iterator[bytes]:
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/report.xlsx"
        write_xlsx(tables, path)
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk


def xlsx_bytes(tables: list[Table]) -> bytes:
    return b"".join(xlsx_chunks(tables))


def download(table: Table, fmt: str, filename: str) -> Response:
    # The viewer's language and timezone are read now and kept by Flask-Babel for this request: the body is written
    # after the request's transaction has ended, when the viewer's account can no longer be read.
    viewer_timezone(), current_language()
    if fmt == "csv":
        body, mimetype = csv_chunks(table), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_chunks([table]), XLSX_TYPE
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
