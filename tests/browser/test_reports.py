"""Reports in Chromium: an admin opens the dashboard, filters to one country, sees the map and the charts (the pages
pass axe-core's WCAG 2.1 A/AA rules, the CSP holds: the browser fixture fails on any violation), and downloads the
XLSX; a coordinator sees only their own country."""

from __future__ import annotations

import io
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import expect

from lecturehall.modules.accounts.models import Role
from tests.conftest import STRONG_PASSWORD
from tests.reports.dataset import build

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
MAY = "date_from=2030-05-01&date_to=2030-05-31"


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


def test_admin_filters_to_a_country_and_downloads_the_xlsx_coordinator_sees_their_own(
        live_server, new_context, create_user, create_lecture, create_programme):
    build(create_user, create_lecture, create_programme)
    create_user("admin-browser@example.org", role=Role.admin, country="CN")
    create_user("coordinator-pe@example.org", role=Role.coordinator, country="PE")
    base = live_server.live_url

    page = new_context(accept_downloads=True).new_page()
    sign_in(page, base, "admin-browser@example.org")
    page.get_by_role("link", name="Reports").click()
    page.wait_for_url(f"{base}/reports/")
    page.goto(f"{base}/reports/?{MAY}")
    expect(page.locator('[data-figure="reached"] .report-value')).to_have_text("7")
    expect(page.locator("svg.line-chart")).to_have_count(12)
    assert_accessible(page)

    page.get_by_role("link", name="By country").click()
    page.select_option("#country", "CL")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/reports/countries?**country=CL**")
    expect(page.locator("svg.world-map")).to_be_visible()
    expect(page.locator('svg.world-map [data-country="CL"].shade-5')).to_have_count(1)
    expect(page.locator("svg.bar-chart")).to_be_visible()
    rows = page.locator("table.report-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text("Chile")
    assert_accessible(page)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="XLSX").click()
    download = waiting.value
    assert download.suggested_filename == "countries.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    sheet = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    assert sheet[0][0] == "Country" and [row[0] for row in sheet[1:]] == ["Chile"] and sheet[1][6] == 3

    # A table with dates, streamed by the real server after the request's transaction has ended: the dates are
    # still written in the viewer's timezone (they used to need the viewer's account, no longer readable then).
    for fmt in ("csv", "xlsx"):
        answer = page.request.get(f"{base}/reports/lectures.{fmt}?{MAY}")
        assert answer.status == 200, answer.status
        body = answer.body()
        assert len(body) > 100
    lines = page.request.get(f"{base}/reports/lectures.csv?{MAY}").text().splitlines()
    assert len(lines) > 1 and "2030" in lines[1]

    coordinator = new_context().new_page()
    sign_in(coordinator, base, "coordinator-pe@example.org")
    coordinator.goto(f"{base}/reports/countries?{MAY}")
    expect(coordinator.locator(".report-scope")).to_contain_text("Peru")
    names = coordinator.locator("table.report-table tbody th").all_inner_texts()
    assert names == ["Peru"]
    coordinator.goto(f"{base}/reports/participants?{MAY}")
    people = coordinator.locator("table.report-table").first.locator("tbody th").all_inner_texts()
    assert people == ["Bruno Quispe", "Diego Mamani"]
    assert_accessible(coordinator)
