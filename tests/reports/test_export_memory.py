"""A big export is streamed: the participants' CSV comes out in chunks as the rows are read from the database in
batches, and the memory it takes does not grow with the number of rows (4,000 rows take no more than 1,000 do,
within a margin: one batch of rows at a time), in CSV and in XLSX (XlsxWriter's constant-memory mode)."""

import tracemalloc
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from lecturehall.modules.reports import exports, queries_participants, tables
from lecturehall.modules.reports.scope import Filters, Scope

WHEN = datetime(2030, 5, 5, 10, 0, tzinfo=timezone.utc)
MAY = Filters(date(2030, 5, 1), date(2030, 5, 31))


def add_participants(lecture_id: int, first: int, count: int) -> None:
    db.session.execute(sa.insert(User), [
        {"email": f"bulk{n}@example.org", "full_name": f"Bulk Participant {n:06d}", "country": "KE",
         "organisation": f"Agency {n % 40}", "sector": Sector.government, "role": Role.participant,
         "session_nonce": f"nonce{n}", "language": "en", "timezone": "UTC"} for n in range(first, first + count)])
    ids = db.session.execute(sa.select(User.id).where(User.email.like("bulk%"))).scalars().all()
    existing = set(db.session.execute(sa.select(Registration.user_id)).scalars())
    db.session.execute(sa.insert(Registration), [
        {"lecture_id": lecture_id, "user_id": user_id, "status": RegistrationStatus.registered,
         "requested_at": WHEN, "registered_at": WHEN} for user_id in ids if user_id not in existing])
    db.session.commit()


def peak_of_export(fmt: str) -> tuple[int, int]:
    tracemalloc.start()
    size = 0
    table = tables.participants_stream(MAY, Scope(), "")
    for chunk in (exports.csv_chunks(table) if fmt == "csv" else exports.xlsx_chunks([table])):
        size += len(chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_memory_does_not_grow_with_the_rows(app, create_lecture, fmt, monkeypatch):
    # Batches smaller than both exports (in production 2,000 rows), so that both hold one batch at a time.
    monkeypatch.setattr(queries_participants, "EXPORT_BATCH", 100)
    lecture = create_lecture("Digital customs", starts_at=WHEN, timezone="UTC")
    add_participants(lecture.id, 0, 1000)
    peak_of_export(fmt)  # once first, so that one-off caches (Babel's locale data) are not counted
    small_peak, small_size = peak_of_export(fmt)
    add_participants(lecture.id, 1000, 3000)
    big_peak, big_size = peak_of_export(fmt)
    assert big_size > 3 * small_size  # four times the rows ...
    assert big_peak < small_peak * 1.5 + 512 * 1024, (small_peak, big_peak)  # ... in about the same memory


def test_the_csv_download_is_streamed_in_chunks(app, client, create_user, login, create_lecture):
    lecture = create_lecture("Digital customs", starts_at=WHEN, timezone="UTC")
    add_participants(lecture.id, 0, 1500)
    login(create_user("bulk-admin@example.org", role=Role.admin))
    response = client.get("/reports/participants.csv?date_from=2030-05-01&date_to=2030-05-31", buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    response.close()
    assert len(chunks) > 1
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert len(lines) == 1501 and lines[1].startswith("Bulk Participant 000000,bulk0@example.org,Kenya")
