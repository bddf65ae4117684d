"""In a real browser: a participant downloads their certificate from My lectures; an organiser issues programme
certificates and watches the page's progress bar reach "Done" while the worker runs the batch; a visitor verifies a
code on the public page (in English and Arabic), which passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import subprocess
import threading

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lecturehall.core import scheduler as scheduler_module
from lecturehall.core.db import db
from lecturehall.core.scheduler import run_job
from lecturehall.modules.certificates import codes, operations, tasks
from lecturehall.modules.certificates.models import CertificateBatch
from tests.browser.test_accounts_flow import assert_accessible
from tests.certificates.conftest import attend_all, held_lecture  # noqa: F401 - held_lecture is a fixture
from tests.conftest import STRONG_PASSWORD


def log_in(page, base, user) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", user.email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


def test_download_from_my_lectures_and_watch_a_bulk_issue(live_server, app, new_context, held_lecture,
                                                          create_programme, create_user, tmp_path):
    base = live_server.live_url
    organiser = create_user("organiser@unctad.example", full_name="Organiser One")
    programme = create_programme("Cloud Lecture Hall 2026", organisers=[organiser])
    lecture = held_lecture("Payments across borders", programme=programme)
    attendee = create_user("attendee@example.org", full_name="María José Pérez", country="PE")
    attend_all([(lecture, attendee, 45, lecture.starts_at)])

    page = new_context(locale="en-GB", timezone_id="America/Lima", accept_downloads=True).new_page()
    log_in(page, base, attendee)
    page.goto(f"{base}/my/lectures")
    link = page.locator(".my-certificates a", has_text="Download certificate")
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "María José Pérez" in text and "Payments across borders" in text

    organiser_page = new_context(locale="en-GB", timezone_id="Europe/Zurich").new_page()
    log_in(organiser_page, base, organiser)
    organiser_page.goto(f"{base}/manage/programmes/{programme.id}/certificates")
    assert_accessible(organiser_page)
    organiser_page.check("input[name=rule][value=all]")
    organiser_page.click("#issue-submit")
    organiser_page.wait_for_selector("[data-batch-label]")
    assert organiser_page.locator("[data-batch-label]").inner_text() == "Waiting for the worker"
    batch_id = db.session.execute(sa.select(CertificateBatch.id)).scalar_one()
    scheduler_module._runner_app = live_server
    worker = threading.Thread(target=run_job, args=(tasks.ISSUE, batch_id))
    worker.start()
    worker.join(60)
    # The page polls the batch's JSON and updates itself, without a reload.
    expect(organiser_page.locator("[data-batch-label]")).to_have_text("Done", timeout=15_000)
    assert organiser_page.locator("[data-batch-progress]").get_attribute("value") in ("100", "100.0")
    assert "1 of 1 participants done" in organiser_page.locator("[data-batch-text]").inner_text()


@pytest.mark.expected_browser_errors(r"status of 404")  # the unknown code's page answers 404, on purpose
def test_verify_a_code_accessibly_in_english_and_arabic(live_server, app, new_context, held_lecture, create_user):
    base = live_server.live_url
    lecture = held_lecture("Payments across borders")
    holder = create_user("holder@example.org", full_name="Karim Benali")
    certificate, _new = operations.issue_lecture_certificate(holder.id, lecture)
    db.session.commit()
    for locale, genuine in (("en-GB", "This certificate is genuine."), ("ar", "هذه الشهادة صحيحة.")):
        page = new_context(locale=locale, timezone_id="Africa/Algiers").new_page()
        page.goto(f"{base}/certificates/verify")
        assert_accessible(page)
        page.fill("#code", codes.display(certificate.code).lower())
        page.click("input[type=submit]")
        page.wait_for_url(f"{base}/certificates/verify/{certificate.code}")
        assert genuine in page.inner_text("main")
        assert "Karim Benali" in page.inner_text("main")
        assert_accessible(page)
        page.fill("#code", "ABCD-EFGH-JK23")
        page.click("input[type=submit]")
        page.wait_for_url(f"{base}/certificates/verify/ABCDEFGHJK23")
        assert_accessible(page)
