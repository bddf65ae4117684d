"""A visitor who is not signed in sees lecture times in their browser's timezone: app.js stores the zone in a cookie
the server reads, written as the browser names it."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import expect

from lecturehall.core.db import db


def test_a_visitor_sees_the_start_in_the_browsers_timezone(live_server, new_context, create_lecture):
    # 2026-12-08 15:20 in Shanghai is 07:20 UTC, and 04:20 for the organiser in Santiago.
    lecture = create_lecture(local_start=datetime(2026, 12, 8, 4, 20), timezone="America/Santiago")
    lecture_id = lecture.id
    db.session.remove()
    context = new_context(locale="en-GB", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.live_url}/lectures/{lecture_id}")
    # The first page was made before the server knew the zone: UTC, the default.
    expect(page.locator("#lecture-start")).to_have_text("Tue, Dec 8, 2026, 7:20\u202fAM (UTC)")
    page.wait_for_function("document.cookie.split('; ').includes('tz=Asia/Shanghai')")
    assert {c["name"]: c["value"] for c in context.cookies()}["tz"] == "Asia/Shanghai"

    page.reload()
    expect(page.locator("#lecture-start")).to_have_text("Tue, Dec 8, 2026, 3:20\u202fPM (UTC+8, Shanghai)")
    expect(page.get_by_text("Organiser's time: Tue, Dec 8, 2026, 4:20\u202fAM (UTC-3, Santiago)")).to_be_visible()

    # Another page in the same browser does not write the cookie again, and the catalogue reads it too.
    page.goto(f"{live_server.live_url}/lectures")
    expect(page.locator(".lecture-card time").first).to_have_text("Tue, Dec 8, 2026, 3:20\u202fPM (UTC+8, Shanghai)")
