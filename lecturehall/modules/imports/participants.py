"""Reading a participant list (CSV or XLSX) and checking every row, without touching the database.

``parse_upload`` turns the uploaded bytes into rows keyed by our column names, or raises ``UploadError`` naming what
is wrong with the file as a whole; ``validate_rows`` checks each row and returns the participants to create, the rows
skipped and the rows that are wrong, with every reason. The web page and a CLI command share both.

Line numbers are those a spreadsheet shows: the header is usually line 1, and blank rows still count.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

import openpyxl
import pycountry
from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from lecturehall.config import BY_NAME
from lecturehall.core.i18n import LANGUAGES, country_codes, is_valid_country, timezone_ids
from lecturehall.modules.accounts.models import SECTOR_LABELS, Sector
from lecturehall.modules.accounts.operations import ProfileData, normalise_email

# The app passes its settings; these are the same defaults, for callers outside a request.
DEFAULT_MAX_ROWS = BY_NAME["IMPORT_MAX_ROWS"].default
DEFAULT_MAX_BYTES = BY_NAME["IMPORT_MAX_BYTES"].default
# Wider sheets are not participant lists; reading at most this many columns bounds the work per row.
MAX_COLUMNS = 64
MAX_NAME = 200
MAX_ORGANISATION = 200
MAX_EMAIL = 254

REQUIRED_COLUMNS = ("name", "email", "country", "organisation", "sector", "language")
OPTIONAL_COLUMNS = ("timezone",)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Header names as people write them (lower case, underscores read as spaces) -> our column.
HEADER_NAMES = {
    "name": "name",
    "full name": "name",
    "fullname": "name",
    "email": "email",
    "e-mail": "email",
    "country": "country",
    "organisation": "organisation",
    "organization": "organisation",
    "sector": "sector",
    "language": "language",
    "timezone": "timezone",
}
# One example participant, for the downloadable template.
EXAMPLE_ROW = {
    "name": "Camila Rojas",
    "email": "camila.rojas@example.org",
    "country": "CL",
    "organisation": "Ministry of Trade",
    "sector": "government",
    "language": "es",
    "timezone": "America/Santiago",
}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
BINARY_MAGICS = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


class UploadError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, str]  # our column name -> trimmed text, "" when empty or when the column is absent


@dataclass(frozen=True)
class Participant:
    line: int
    profile: ProfileData


@dataclass(frozen=True)
class RowError:
    line: int
    email: str  # as written in the file, to help find the row
    reasons: tuple = ()  # translatable messages


@dataclass
class Validation:
    participants: list[Participant] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # lines of people who already have an account
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Reading the file -------------------------------------------------------------------------------------------


def parse_upload(data: bytes, *, max_rows: int = DEFAULT_MAX_ROWS,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> list[SourceRow]:
    """The data rows of an uploaded CSV or XLSX file, decided by its content, never by its name."""
    if len(data) > max_bytes:
        raise UploadError(_l("The file is larger than %(size)s MB. Split it into smaller files.",
                             size=f"{max_bytes / (1024 * 1024):g}"))
    if not data.strip():
        raise UploadError(_l("The file is empty."))
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it skips; they do not matter for reading values.
        warnings.filterwarnings("ignore", module="openpyxl")
        if data.startswith(ZIP_MAGIC):
            return _parse_xlsx(data, max_rows)
        if data.startswith(OLE_MAGIC):
            raise UploadError(_l("Old Excel .xls files cannot be read: save the sheet as an Excel .xlsx file "
                                 "or as “CSV UTF-8”."))
        return _rows_from_lines(_csv_lines(_decode(data)), max_rows)


def _decode(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        raise UploadError(_l("The file is not UTF-8 text: save it as “CSV UTF-8” or as an Excel .xlsx file."))
    if data.startswith(BINARY_MAGICS) or b"\x00" in data[:8192]:
        raise UploadError(_l("This file is neither CSV text nor an Excel .xlsx workbook. Upload a CSV file "
                             "saved as “CSV UTF-8”, or an .xlsx file."))
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UploadError(_l("The file is not UTF-8 text (the first problem is on line %(line)d): save it as "
                             "“CSV UTF-8” or as an Excel .xlsx file.", line=line)) from exc


def _sniff_delimiter(text: str) -> str:
    # The header line alone decides: column names hold no commas, while data (organisation names) often does.
    header = next((line for line in text[:65536].splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    number = 0
    try:
        # One record is one spreadsheet row, even when a quoted cell spans several lines of text.
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise UploadError(_l("The CSV file cannot be read at line %(line)d: check the quotes and the cells there.",
                             line=number + 1)) from exc


def _parse_xlsx(data: bytes, max_rows: int) -> list[SourceRow]:
    unreadable = _l("The file looks like an Excel workbook but cannot be read. Open it in Excel and save it again "
                    "as .xlsx, or save it as “CSV UTF-8”.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign zip fails in many ways (BadZipFile, KeyError, XML errors)
        raise UploadError(unreadable) from exc
    try:
        if not workbook.worksheets:
            raise UploadError(unreadable)
        sheet = workbook.worksheets[0]
        lines = (
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True),
                                            start=1)
        )
        return _rows_from_lines(lines, max_rows)
    except UploadError:
        raise
    except Exception as exc:  # the sheet's XML is parsed lazily, row by row
        raise UploadError(unreadable) from exc
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def _column_key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def _read_header(cells: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = HEADER_NAMES.get(_column_key(cell))
        if column is None:
            continue  # extra columns (notes, phone numbers) are left alone
        if column in positions:
            raise UploadError(_l("The header row names the column “%(column)s” twice.", column=column))
        positions[column] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise UploadError(_l("The header row lacks these columns: %(missing)s. The first row must name the "
                             "columns %(required)s (and, if you like, timezone).",
                             missing=", ".join(missing), required=", ".join(REQUIRED_COLUMNS)))
    return positions


def _rows_from_lines(lines: Iterable[tuple[int, list[str]]], max_rows: int) -> list[SourceRow]:
    header: dict[str, int] | None = None
    rows: list[SourceRow] = []
    for number, cells in lines:
        if not any(cells):
            continue
        if header is None:
            header = _read_header(cells)
            continue
        if len(rows) >= max_rows:
            raise UploadError(_l("The file has more than %(max)d participants. Split it into smaller files.",
                                 max=max_rows))
        values = {column: (cells[index] if index < len(cells) else "") for column, index in header.items()}
        rows.append(SourceRow(number, {column: values.get(column, "") for column in COLUMNS}))
    if header is None:
        raise UploadError(_l("The file is empty."))
    if not rows:
        raise UploadError(_l("The file has a header row but no participants below it."))
    return rows


# --- Checking the rows ------------------------------------------------------------------------------------------


def emails_in(rows: Iterable[SourceRow]) -> set[str]:
    """The normalised addresses in the file, to look up which already have an account."""
    return {normalise_email(row.values["email"]) for row in rows if row.values["email"].strip()}


def validate_rows(rows: Iterable[SourceRow], *, existing_emails: Collection[str], skip_existing: bool,
                  default_language: str) -> Validation:
    """Checks every row (not stopping at the first bad one), so that one upload reports every problem."""
    result = Validation()
    first_line: dict[str, int] = {}
    sectors = _sector_names()
    for row in rows:
        values = row.values
        reasons = []
        email = normalise_email(values["email"])
        email_problem = _email_problem(email)
        if email_problem:
            reasons.append(email_problem)
        elif email in first_line:
            reasons.append(_l("This email address is already on line %(line)d.", line=first_line[email]))
        else:
            first_line[email] = row.line
            if email in existing_emails:
                if skip_existing:
                    result.skipped.append(row.line)
                    continue
                reasons.append(_l("An account with this email address exists already. Remove the row, or tick "
                                  "“Skip people who already have an account”."))

        name = values["name"]
        if not name:
            reasons.append(_l("The name is missing."))
        elif len(name) > MAX_NAME:
            reasons.append(_l("The name is longer than %(max)d characters.", max=MAX_NAME))

        country = resolve_country(values["country"])
        if not values["country"]:
            reasons.append(_l("The country is missing."))
        elif country is None:
            reasons.append(_l("Unknown country “%(value)s”: use a two-letter ISO code such as CL, or the "
                              "country's name in English.", value=values["country"]))

        if len(values["organisation"]) > MAX_ORGANISATION:
            reasons.append(_l("The organisation is longer than %(max)d characters.", max=MAX_ORGANISATION))

        sector = sectors.get(values["sector"].casefold()) if values["sector"] else Sector.other
        if sector is None:
            reasons.append(_l("Unknown sector “%(value)s”: use one of %(choices)s.", value=values["sector"],
                              choices=", ".join(s.value for s in Sector)))

        language = resolve_language(values["language"]) if values["language"] else default_language
        if language is None:
            reasons.append(_l("Unknown language “%(value)s”: use one of %(choices)s.", value=values["language"],
                              choices=", ".join(LANGUAGES)))

        timezone = resolve_timezone(values["timezone"]) if values["timezone"] else "UTC"
        if timezone is None:
            reasons.append(_l("Unknown timezone “%(value)s”: use a name such as Europe/Paris, or leave it empty "
                              "for UTC.", value=values["timezone"]))

        if reasons:
            result.errors.append(RowError(row.line, values["email"], tuple(reasons)))
            continue
        result.participants.append(Participant(row.line, ProfileData(
            full_name=name, email=email, country=country, organisation=values["organisation"], sector=sector,
            language=language, timezone=timezone,
        )))
    return result


def _email_problem(email: str):
    if not email:
        return _l("The email address is missing.")
    if len(email) > MAX_EMAIL:
        return _l("The email address is not valid.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _l("The email address is not valid.")
    return None


def resolve_country(value: str) -> str | None:
    """The ISO 3166 alpha-2 code for a code (any case) or an English country name, or None."""
    value = value.strip()
    if len(value) == 2:
        code = value.upper()
        return code if is_valid_country(code) else None
    return _country_names().get(value.casefold())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    english = Locale("en").territories  # CLDR's everyday names: Russia, Türkiye, Côte d’Ivoire
    for country in pycountry.countries:
        spellings = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None),
                     english.get(country.alpha_2)]
        for spelling in filter(None, spellings):
            names.setdefault(spelling.casefold(), country.alpha_2)
            names.setdefault(spelling.replace("’", "'").casefold(), country.alpha_2)
    return {name: code for name, code in names.items() if code in country_codes()}


def _sector_names() -> dict[str, Sector]:
    names: dict[str, Sector] = {}
    with force_locale("en"):
        for sector, label in SECTOR_LABELS.items():
            for spelling in (sector.value, sector.value.replace("_", " "), str(label)):
                names[spelling.casefold()] = sector
                names[spelling.replace("organisation", "organization").casefold()] = sector
    return names


def resolve_language(value: str) -> str | None:
    """A code of one of our languages for a code (en, fr-CA), an English name or the language's own name."""
    key = value.strip().casefold()
    primary = key.replace("_", "-").split("-")[0]
    if primary in LANGUAGES:
        return primary
    return _language_names().get(key)


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    english = Locale("en").languages
    names = {}
    for code, own_name in LANGUAGES.items():
        names[own_name.casefold()] = code
        names[english[code].casefold()] = code
    return names


def resolve_timezone(value: str) -> str | None:
    return _timezone_names().get(value.strip().casefold())


@lru_cache(maxsize=1)
def _timezone_names() -> dict[str, str]:
    return {zone.casefold(): zone for zone in timezone_ids()}
