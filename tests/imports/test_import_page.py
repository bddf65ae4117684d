"""The import page: admins upload a CSV or XLSX list; every bad row is reported; all rows are imported or none."""

import csv
import html
import io
import re

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts import operations as account_operations
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.imports import operations as import_operations
from lecturehall.modules.imports import queries as import_queries
from tests.conftest import STRONG_PASSWORD, Forms
from tests.imports.files import PNG, csv_bytes, xlsx_bytes

PAGE = "/admin/import/participants"

GOOD_ROWS = [
    ["Camila Rojas", "Camila.Rojas@Example.org", "Chile", "Ministry of Trade", "Government", "es", "America/Santiago"],
    ["Aline Uwimana", "aline@example.rw", "rw", "Kigali Exports", "enterprise", "fr", ""],
    ["Wang Fang", "wang.fang@example.cn", "CN", "", "", "zh", "Asia/Shanghai"],
]


def upload(forms, data: bytes, filename: str = "participants.csv", skip_existing: bool = False, page: str = PAGE):
    payload = {"file": (io.BytesIO(data), filename)}
    if skip_existing:
        payload["skip_existing"] = "y"
    return forms.post(PAGE, payload, page=page, content_type="multipart/form-data")


def participants() -> list[User]:
    db.session.expire_all()
    query = sa.select(User).where(User.role == Role.participant).order_by(User.email)
    return list(db.session.execute(query).scalars())


def error_table(response) -> dict[int, tuple[str, str]]:
    """line -> (email, reasons) from the page's table of rows to correct."""
    body = response.get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", body, flags=re.S)
    return {int(line): (html.unescape(email), html.unescape(re.sub(r"<[^>]+>", " ", reasons)))
            for line, email, reasons in rows}


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def admin(create_user, login):
    user = create_user("admin@example.org", role=Role.admin, language="en")
    login(user)
    return user


def test_page_explains_columns_and_offers_a_template(app, client, admin):
    response = client.get(PAGE)
    assert response.status_code == 200
    body = page_text(response)
    for column in ("name", "email", "country", "organisation", "sector", "language", "timezone"):
        assert f"<code>{column}</code>" in body
    assert 'enctype="multipart/form-data"' in body and "Large files take a moment" in body
    assert "/admin/import/participants/template.csv" in body
    assert 'href="/admin/import/participants"' in client.get("/").get_data(as_text=True)  # the nav link


def test_template_download_is_a_csv_that_imports(app, client, forms, admin, outbox):
    response = client.get("/admin/import/participants/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["name", "email", "country", "organisation", "sector", "language", "timezone"]
    assert len(rows) == 2
    assert upload(forms, response.get_data()).status_code == 302
    assert [user.email for user in participants()] == [rows[1][1]]


def test_good_csv_imports_everyone_and_invites_each_in_their_language(app, client, forms, admin, outbox):
    response = upload(forms, csv_bytes(GOOD_ROWS))
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    body = client.get(PAGE).get_data(as_text=True)
    assert "3 rows read from the file." in body and "3 participants imported" in body

    by_email = {user.email: user for user in participants()}
    assert set(by_email) == {"camila.rojas@example.org", "aline@example.rw", "wang.fang@example.cn"}
    camila, aline, wang = (by_email[email] for email in
                           ("camila.rojas@example.org", "aline@example.rw", "wang.fang@example.cn"))
    assert (camila.country, camila.sector, camila.language, camila.timezone) == ("CL", Sector.government, "es",
                                                                                "America/Santiago")
    assert (aline.country, aline.sector, aline.timezone, aline.organisation) == ("RW", Sector.enterprise, "UTC",
                                                                                 "Kigali Exports")
    assert (wang.sector, wang.organisation) == (Sector.other, None)
    for user in (camila, aline, wang):
        assert user.created_by_admin and user.is_confirmed and user.password_hash is None

    messages = outbox.messages()
    assert len(messages) == 3
    languages = {re.search(r"<(.+)>", message["To"]).group(1): message["Content-Language"] for message in messages}
    assert languages == {"camila.rojas@example.org": "es", "aline@example.rw": "fr", "wang.fang@example.cn": "zh"}


def test_good_xlsx_imports(app, client, forms, admin, outbox):
    header = ["Full name", "E-mail", "Country", "Organization", "Sector", "Language"]
    rows = [GOOD_ROWS[0][:6], [None] * 6, ["Ana Silva", "ana@example.org", "CL", 2024, None, None]]
    response = upload(forms, xlsx_bytes(rows, header=header), filename="participants.xlsx")
    assert response.status_code == 302
    by_email = {user.email: user for user in participants()}
    assert set(by_email) == {"camila.rojas@example.org", "ana@example.org"}
    ana = by_email["ana@example.org"]
    assert (ana.organisation, ana.sector, ana.language, ana.timezone) == ("2024", Sector.other, "en", "UTC")
    assert len(outbox.messages()) == 2


def test_empty_language_takes_the_admins_language(app, create_user, login, forms, outbox):
    login(create_user(role=Role.admin, language="ar"))
    assert upload(forms, csv_bytes([["Omar", "omar@example.org", "EG", "", "", "", ""]])).status_code == 302
    [user] = participants()
    assert user.language == "ar"
    assert outbox.last()["Content-Language"] == "ar"


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_stored(app, forms, admin, outbox):
    data = csv_bytes([
        GOOD_ROWS[0],                                                          # line 2
        ["Bad Email", "bad-email@", "CL", "", "", "", ""],                     # line 3
        [],                                                                    # line 4: blank, skipped
        ["Lost", "lost@example.org", "Atlantis", "", "", "", ""],              # line 5
        ["Odd Sector", "odd@example.org", "CL", "", "farming", "", ""],        # line 6
        ["", "nameless@example.org", "CL", "", "", "", ""],                    # line 7
        GOOD_ROWS[1],                                                          # line 8
    ])
    response = upload(forms, data)
    assert response.status_code == 422
    errors = error_table(response)
    assert sorted(errors) == [3, 5, 6, 7]
    assert errors[3][0] == "bad-email@" and "email address is not valid" in errors[3][1]
    assert "Unknown country “Atlantis”" in errors[5][1]
    assert "Unknown sector “farming”" in errors[6][1]
    assert "name is missing" in errors[7][1]
    assert "Nothing was imported." in page_text(response) and "7 rows read" not in page_text(response)
    assert "6 rows read from the file." in page_text(response)
    assert participants() == []
    assert outbox.messages() == []


def test_duplicate_emails_in_the_file(app, forms, admin, outbox):
    data = csv_bytes([GOOD_ROWS[0], GOOD_ROWS[1], ["Camila Again", " CAMILA.ROJAS@example.org", "CL", "", "", "", ""]])
    response = upload(forms, data)
    assert response.status_code == 422
    errors = error_table(response)
    assert list(errors) == [4] and "already on line 2" in errors[4][1]
    assert participants() == [] and outbox.messages() == []


def test_existing_account_is_an_error_unless_skipped(app, client, forms, admin, create_user, outbox):
    existing = create_user("aline@example.rw", full_name="Aline From Before", language="en")
    response = upload(forms, csv_bytes(GOOD_ROWS))
    assert response.status_code == 422
    errors = error_table(response)
    assert list(errors) == [3] and "exists already" in errors[3][1]
    assert [user.email for user in participants()] == ["aline@example.rw"]

    response = upload(forms, csv_bytes(GOOD_ROWS), skip_existing=True)
    assert response.status_code == 302
    body = client.get(PAGE).get_data(as_text=True)
    assert "3 rows read" in body and "2 participants imported" in body and "1 person skipped" in body
    by_email = {user.email: user for user in participants()}
    assert len(by_email) == 3 and by_email["aline@example.rw"].full_name == "Aline From Before"
    assert by_email["aline@example.rw"].id == existing.id
    assert sorted(re.search(r"<(.+)>", m["To"]).group(1) for m in outbox.messages()) == [
        "camila.rojas@example.org", "wang.fang@example.cn"]


@pytest.mark.parametrize("text, encoding", [
    ("José Pérez,jose@example.org,CL,Ministerio de Economía,government,es,\n", "latin-1"),
    ("张伟,zhang.wei@example.cn,CN,商务部,government,zh,Asia/Shanghai\n", "gbk"),
])
def test_wrong_encodings_are_refused(app, forms, admin, outbox, text, encoding):
    data = ("name,email,country,organisation,sector,language,timezone\n" + text).encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    response = upload(forms, data)
    assert response.status_code == 422
    assert "The file is not UTF-8 text" in page_text(response)
    assert "“CSV UTF-8”" in page_text(response)
    assert participants() == [] and outbox.messages() == []


@pytest.mark.parametrize("data, filename", [
    (PNG, "photo.png"),
    (PNG, "participants.csv"),
    (bytes(range(256)) * 16, "participants.csv"),
    (bytes(range(256)) * 16, "participants.xlsx"),
])
def test_binary_files_are_refused_whatever_their_name(app, forms, admin, data, filename):
    response = upload(forms, data, filename=filename)
    assert response.status_code == 422
    assert "neither CSV text nor an Excel .xlsx workbook" in page_text(response)
    assert participants() == []


def test_content_decides_not_the_name(app, forms, admin):
    assert upload(forms, csv_bytes(GOOD_ROWS[:1]), filename="participants.xlsx").status_code == 302
    assert upload(forms, xlsx_bytes(GOOD_ROWS[1:2]), filename="participants.csv").status_code == 302
    assert len(participants()) == 2


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (csv_bytes([]), "no participants below it"),
    (csv_bytes([["Ana", "ana@example.org"]], header=["Name", "Email"]),
     "lacks these columns: country, organisation, sector, language"),
])
def test_empty_file_and_missing_columns(app, forms, admin, data, message):
    response = upload(forms, data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert participants() == []


def test_a_file_is_required(app, forms, admin):
    response = forms.post(PAGE, {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV or Excel .xlsx file to import." in page_text(response)


def test_limits_come_from_the_configuration(make_app, create_user):
    admin = create_user(role=Role.admin)
    app = make_app(IMPORT_MAX_ROWS=2, IMPORT_MAX_BYTES=4096)
    forms = Forms(app.test_client())
    assert forms.post("/login", {"email": admin.email, "password": STRONG_PASSWORD}).status_code == 302
    response = upload(forms, csv_bytes(GOOD_ROWS))
    assert response.status_code == 422 and "more than 2 participants" in page_text(response)
    big = csv_bytes([GOOD_ROWS[0][:6] + ["x" * 5000]],
                    header=["name", "email", "country", "organisation", "sector", "language", "notes"])
    response = upload(forms, big)
    assert response.status_code == 422 and "The file is larger than" in page_text(response)


def test_csrf_token_is_required(app, client, admin):
    response = client.post(PAGE, data={"file": (io.BytesIO(csv_bytes(GOOD_ROWS)), "participants.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert participants() == []


@pytest.mark.parametrize("role", [Role.participant, Role.coordinator])
def test_only_admins_may_import(app, client, forms, create_user, login, role):
    login(create_user(role=role))
    assert client.get(PAGE).status_code == 403
    assert client.get("/admin/import/participants/template.csv").status_code == 403
    # A valid token (taken from a page they may see) does not help.
    assert upload(forms, csv_bytes(GOOD_ROWS), page="/").status_code == 403
    assert "aline@example.rw" not in {user.email for user in participants()}
    assert 'href="/admin/import/participants"' not in client.get("/").get_data(as_text=True)


def test_french_page_renders_the_errors(app, create_user, login, forms):
    login(create_user(role=Role.admin, language="fr"))
    response = upload(forms, "name,email\nJosé,jose@example.org\n".encode("latin-1"))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert '<html lang="fr"' in body
    assert 'class="error"' in body  # the file error is shown beside the field


def test_an_unexpected_failure_midway_stores_nothing(app, forms, admin, outbox, monkeypatch):
    calls = []

    def failing_create(*args, **kwargs):
        calls.append(args[0].email)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return account_operations.create_user_by_admin(*args, **kwargs)

    monkeypatch.setattr(import_operations, "create_user_by_admin", failing_create)
    # Under TESTING the exception reaches the test (production shows the 500 page: tests/site/test_errors.py).
    with pytest.raises(RuntimeError, match="database went away"):
        upload(forms, csv_bytes(GOOD_ROWS))
    assert len(calls) == 3
    assert participants() == []
    assert outbox.messages() == []


def test_an_account_created_meanwhile_stops_the_whole_import(app, forms, admin, create_user, outbox, monkeypatch):
    create_user("wang.fang@example.cn")
    # As if the address got its account between the check and the import.
    monkeypatch.setattr(import_queries, "existing_emails", lambda emails: set())
    response = upload(forms, csv_bytes(GOOD_ROWS))
    assert response.status_code == 422
    errors = error_table(response)
    assert list(errors) == [4] and "exists already" in errors[4][1]
    assert [user.email for user in participants()] == ["wang.fang@example.cn"]
    assert outbox.messages() == []


def test_big_import_sends_invitations_from_the_scheduler_once(make_app, create_user, outbox):
    """Above IMPORT_INLINE_INVITATIONS rows the request only queues the invitations; a job sends each once."""
    from lecturehall.core import scheduler as scheduler_module
    from lecturehall.core.scheduler import get_scheduler, run_job

    app = make_app(IMPORT_INLINE_INVITATIONS=2)
    with app.app_context():
        from tests.conftest import Outbox

        mail = Outbox(outbox.folder)
        admin = create_user(role=Role.admin)
        client = app.test_client()
        forms = Forms(client)
        forms.post("/login", {"email": admin.email, "password": STRONG_PASSWORD})
        rows = [[f"Person {n}", f"person.{n}@example.org", "CL", "", "", "es", ""] for n in range(5)]
        response = upload(forms, csv_bytes(rows))
        assert response.status_code == 302
        assert len(participants()) == 5 and mail.messages() == []  # nothing sent inside the request
        jobs = [job for job in get_scheduler(app).jobs() if job.name == "accounts.send_invitations"]
        assert len(jobs) == 1
        scheduler_module._runner_app = app
        run_job(*jobs[0].args)
        run_job(*jobs[0].args)  # a second run sends nothing more
        sent = sorted(m["To"].addresses[0].addr_spec for m in mail.messages())
        assert sent == sorted(f"person.{n}@example.org" for n in range(5))
        assert all(m["Content-Language"] == "es" for m in mail.messages())
