"""In a real browser, in the Chinese UI: a participant finds a lecture by its Chinese title, registers, and
downloads its calendar file; the pages pass axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.lectures import operations
from lecturehall.modules.lectures.models import Lecture
from lecturehall.modules.lectures.timezones import to_local
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.registrations.models import Registration, RegistrationStatus
from tests.conftest import STRONG_PASSWORD, Outbox

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

CHINESE_TITLE = "跨境电商政策解读"
CHINESE_SUMMARY = "面向政府官员的跨境电子商务政策概览。"
SEARCH_TERM = "跨境电商"
OTHER_TITLES = ("Digital trade statistics for beginners", "Customs modernisation in practice")


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@dataclass(frozen=True)
class Setup:
    lecture_id: int
    lecture_uid: str
    starts_at: datetime
    other_ids: tuple[int, ...]
    participant_id: int
    participant_email: str


def _publish(programme: Programme, title: str, by, days_ahead: int) -> Lecture:
    """A published public lecture in English, ``days_ahead`` days from now, organised from Shanghai."""
    local_start = to_local(utcnow() + timedelta(days=days_ahead), "Asia/Shanghai").replace(second=0, microsecond=0)
    data = operations.LectureData(
        programme_id=programme.id, title=title, summary=f"{title}: an introduction for officials.",
        description="", original_language="en", lecture_language="en", local_start=local_start,
        timezone="Asia/Shanghai", duration_minutes=90)
    return operations.create_lecture(data, by, publish=True)


@pytest.fixture
def zh_setup(live_server, create_user) -> Setup:
    """A programme, three upcoming lectures in English (one translated into Chinese) and a confirmed participant
    who reads Chinese, stored (committed) through the live server's app."""
    with live_server.app_context():
        admin = create_user("organiser-admin@example.org", role=Role.admin, country="CN")
        participant = create_user("li.wei@example.cn", language="zh", timezone="Asia/Shanghai", country="CN",
                                  full_name="李伟", organisation="商务部")
        programme = Programme(name="Cloud Lecture Hall", description="")
        db.session.add(programme)
        db.session.flush()
        lecture = _publish(programme, "Cross-border e-commerce policy explained", admin, days_ahead=7)
        others = [_publish(programme, title, admin, days_ahead=8 + n) for n, title in enumerate(OTHER_TITLES)]
        operations.save_translation(lecture, "zh", CHINESE_TITLE, CHINESE_SUMMARY, "", admin)
        db.session.commit()
        setup = Setup(lecture_id=lecture.id, lecture_uid=lecture.uid, starts_at=lecture.starts_at,
                      other_ids=tuple(other.id for other in others), participant_id=participant.id,
                      participant_email=participant.email)
        db.session.remove()
    return setup


@pytest.fixture
def zh_page(new_context):
    return new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True).new_page()


def test_chinese_participant_finds_registers_and_downloads_the_calendar(live_server, zh_setup, zh_page, tmp_path):
    base = live_server.live_url
    page = zh_page
    lecture_url = f"{base}/lectures/{zh_setup.lecture_id}"

    # Log in: the stored language preference (zh) gives the Chinese UI.
    page.goto(f"{base}/login")
    page.fill("#email", zh_setup.participant_email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"

    # To the catalogue by the main navigation, then search by the Chinese title.
    page.locator("nav.main-nav a[href='/lectures']").click()
    page.wait_for_url(f"{base}/lectures")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.fill("#q", SEARCH_TERM)
    with page.expect_navigation(url=lambda url: "q=" in url):
        page.press("#q", "Enter")
    cards = page.locator(".lecture-card")
    assert cards.count() == 1
    link = cards.locator(f"a[href='/lectures/{zh_setup.lecture_id}']")
    assert link.inner_text().strip() == CHINESE_TITLE
    assert link.get_attribute("lang") == "zh-Hans"  # as the page itself is marked (BCP 47)
    content = page.content()
    for title in OTHER_TITLES:
        assert title not in content
    for other_id in zh_setup.other_ids:
        assert page.locator(f"a[href='/lectures/{other_id}']").count() == 0
    assert_accessible(page)

    # Open the lecture and register.
    link.click()
    page.wait_for_url(lecture_url)
    assert page.locator("h1").inner_text().strip() == CHINESE_TITLE
    assert_accessible(page)
    register_form = page.locator(f"form[action='/lectures/{zh_setup.lecture_id}/register']")
    assert register_form.count() == 1
    # The URL is the same before and after (post, then redirect back): wait for the navigation itself.
    with page.expect_navigation(url=lecture_url):
        register_form.locator("button[type=submit]").click()
    # The registered state: the page now offers to cancel the registration instead.
    expect(page.locator(f"form[action='/lectures/{zh_setup.lecture_id}/unregister']")).to_have_count(1)
    expect(page.locator(f"form[action='/lectures/{zh_setup.lecture_id}/register']")).to_have_count(0)
    assert_accessible(page)

    # The calendar file, as the browser downloads it.
    with page.expect_download() as download_info:
        page.click(f"a[href='/lectures/{zh_setup.lecture_id}.ics']")
    download = download_info.value
    assert download.suggested_filename == f"lecture-{zh_setup.lecture_id}.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == CHINESE_TITLE
    assert str(event["UID"]).startswith(f"lecture-{zh_setup.lecture_uid}@")
    assert event.decoded("DTSTART") == zh_setup.starts_at
    assert len(event.walk("VALARM")) == 1

    # Stored, and confirmed by mail in Chinese.
    with live_server.app_context():
        registration = db.session.execute(sa.select(Registration).where(
            Registration.lecture_id == zh_setup.lecture_id,
            Registration.user_id == zh_setup.participant_id)).scalar_one()
        assert registration.status is RegistrationStatus.registered
        db.session.remove()
    message = Outbox(Path(live_server.config["OUTBOX_DIR"])).last()
    assert zh_setup.participant_email in message["To"]
    assert message["Content-Language"] == "zh"
