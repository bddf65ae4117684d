"""Reading and checking participant lists, without the web page: what a CLI command would reuse."""

import pytest

from lecturehall.modules.accounts.models import Sector
from lecturehall.modules.imports.participants import (
    UploadError,
    parse_upload,
    resolve_country,
    resolve_language,
    resolve_timezone,
    validate_rows,
)
from tests.imports.files import PNG, csv_bytes, xlsx_bytes

ROW = ["Camila Rojas", "camila@example.org", "CL", "Ministry of Trade", "government", "es", "America/Santiago"]


def reasons(validation, line):
    [error] = [error for error in validation.errors if error.line == line]
    return " ".join(str(reason) for reason in error.reasons)


def check(rows, existing=(), skip=False, language="en"):
    return validate_rows(rows, existing_emails=set(existing), skip_existing=skip, default_language=language)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(app, delimiter):
    other = ["Aline Uwimana", "aline@example.rw", "RW", "Kigali Exports, Ltd; Branch", "enterprise", "fr", ""]
    rows = parse_upload(csv_bytes([ROW, other], delimiter=delimiter))
    assert [row.values["name"] for row in rows] == ["Camila Rojas", "Aline Uwimana"]
    assert rows[1].values["organisation"] == "Kigali Exports, Ltd; Branch"


def test_bom_header_aliases_case_and_extra_columns(app):
    header = [" Full_Name ", "EMAIL", "Country", "Organization", "Sector", "Language", "Notes"]
    rows = parse_upload(csv_bytes([ROW[:6] + ["call first"]], header=header, bom=True))
    assert rows[0].values == {"name": "Camila Rojas", "email": "camila@example.org", "country": "CL",
                              "organisation": "Ministry of Trade", "sector": "government", "language": "es",
                              "timezone": ""}


def test_line_numbers_count_blank_rows_and_multiline_cells(app):
    data = csv_bytes([ROW, [], ["Ana", "ana@example.org", "CL", "Line one\nline two", "", "", ""],
                      ["Bo", "bo@example.org", "CL", "", "", "", ""]])
    assert [row.line for row in parse_upload(data)] == [2, 4, 5]


def test_xlsx_rows_and_cell_types(app):
    rows = parse_upload(xlsx_bytes([ROW, [None] * 7, ["Ana", "ana@example.org", "cl", 2024, None, None, None]]))
    assert [row.line for row in rows] == [2, 4]
    assert rows[1].values["organisation"] == "2024" and rows[1].values["sector"] == ""


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
    (csv_bytes([]), "no participants below it"),
    (csv_bytes([ROW[:2]], header=["name", "email"]), "lacks these columns: country, organisation, sector, language"),
    (csv_bytes([ROW], header=["name", "email", "email", "country", "organisation", "sector", "language"]), "twice"),
    ("name,email\nJosé,jose@example.org\n".encode("latin-1"), "not UTF-8 text"),
    ("name,email\n张伟,zhang@example.cn\n".encode("gbk"), "not UTF-8 text"),
    ("name,email\n".encode("utf-16"), "not UTF-8 text"),
    (PNG, "neither CSV text nor an Excel .xlsx workbook"),
    (bytes(range(256)) * 8, "neither CSV text nor an Excel .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Old Excel .xls files"),
    (b"PK\x03\x04" + b"not really a zip" * 10, "cannot be read"),
])
def test_files_that_cannot_be_imported(app, data, message):
    with pytest.raises(UploadError) as caught:
        parse_upload(data)
    assert message in str(caught.value.message)


def test_latin1_error_names_the_line(app):
    data = "name,email\nAna,ana@example.org\nJosé,jose@example.org\n".encode("latin-1")
    with pytest.raises(UploadError) as caught:
        parse_upload(data)
    assert "line 3" in str(caught.value.message)


def test_limits_on_rows_and_size(app):
    data = csv_bytes([ROW] * 4)
    assert len(parse_upload(data, max_rows=4)) == 4
    with pytest.raises(UploadError, match="more than 3 participants"):
        parse_upload(data, max_rows=3)
    with pytest.raises(UploadError, match="larger than"):
        parse_upload(data, max_bytes=len(data) - 1)


def test_values_are_resolved_generously(app):
    assert resolve_country("cl") == "CL" and resolve_country("Chile") == "CL"
    assert resolve_country("russia") == "RU" and resolve_country("Russian Federation") == "RU"
    assert resolve_country("Côte d'Ivoire") == "CI" and resolve_country("South Korea") == "KR"
    assert resolve_country("XX") is None and resolve_country("Atlantis") is None
    assert resolve_language("FR") == "fr" and resolve_language("zh-Hans") == "zh" and resolve_language("Arabic") == "ar"
    assert resolve_language("de") is None
    assert resolve_timezone("europe/paris") == "Europe/Paris" and resolve_timezone("Mars/Olympus") is None


def test_good_rows_become_profiles_with_defaults(app):
    rows = parse_upload(csv_bytes([
        [" Ana Silva ", " Ana@Example.ORG ", "Chile", "", "International Organization", "", ""],
        ["Bo Li", "bo@example.cn", "cn", "MOFCOM", "ACADEMIA", "zh", "asia/shanghai"],
        ["Cy", "cy@example.org", "FR", "", "", "fr", ""],
    ]))
    validation = check(rows, language="ru")
    assert validation.ok
    ana, bo, cy = (participant.profile for participant in validation.participants)
    assert (ana.email, ana.country, ana.sector, ana.language, ana.timezone) == (
        "ana@example.org", "CL", Sector.international_organisation, "ru", "UTC")
    assert (bo.sector, bo.language, bo.timezone) == (Sector.academia, "zh", "Asia/Shanghai")
    assert cy.sector is Sector.other


def test_every_bad_row_is_reported_with_every_reason(app):
    rows = parse_upload(csv_bytes([
        ROW,
        ["No Email", "not-an-email", "CL", "", "", "", ""],
        ["", "nameless@example.org", "XX", "", "farming", "de", "Mars/Base"],
        ["Dup", "CAMILA@example.org", "CL", "", "", "", ""],
        ["Taken", "taken@example.org", "CL", "", "", "", ""],
    ]))
    validation = check(rows, existing={"taken@example.org"})
    assert [error.line for error in validation.errors] == [3, 4, 5, 6]
    assert "not valid" in reasons(validation, 3)
    line4 = reasons(validation, 4)
    for part in ("name is missing", "Unknown country “XX”", "Unknown sector “farming”", "Unknown language “de”",
                 "Unknown timezone “Mars/Base”"):
        assert part in line4
    assert "already on line 2" in reasons(validation, 5)
    assert "exists already" in reasons(validation, 6)
    assert [participant.line for participant in validation.participants] == [2]


def test_existing_accounts_are_skipped_when_asked(app):
    rows = parse_upload(csv_bytes([ROW, ["Taken", "Taken@example.org", "CL", "", "", "", ""]]))
    validation = check(rows, existing={"taken@example.org"}, skip=True)
    assert validation.ok and validation.skipped == [3]
    assert [participant.line for participant in validation.participants] == [2]
