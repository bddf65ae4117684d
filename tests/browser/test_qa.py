"""Live Q&A in Chromium with three pages: a participant asks, the moderator (the programme's organiser) sees it in
the queue and approves it, it appears on a third page (another participant, in the Arabic UI, right to left) within
5 s without a reload, the moderator marks it answered and that too reaches the third page. The participant's and
the moderator's views pass axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from lecturehall.core.db import db, utcnow
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.lectures.models import LectureStatus
from lecturehall.modules.programmes.models import Programme
from lecturehall.modules.qa.models import Question, QuestionState
from lecturehall.modules.registrations import operations as registrations
from tests.conftest import STRONG_PASSWORD

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
QUESTION = "How do customs refund duties when goods bought online are returned? <b>not bold</b>"


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def _user(email, name, language="en", country="CL"):
    return accounts.create_user_by_admin(accounts.ProfileData(
        full_name=name, email=email, country=country, organisation="Ministry of Trade", sector=Sector.government,
        language=language, timezone="UTC"), Role.participant, None, password=STRONG_PASSWORD, invite=False)


def _sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.expected_browser_errors("ERR_INTERNET_DISCONNECTED")  # the third page goes offline on purpose
def test_ask_approve_visible_elsewhere_answered(live_server, new_context):
    app, base = live_server, live_server.live_url
    with app.app_context():
        organiser = _user("organiser@example.org", "Li Wei", country="CN")
        asker = _user("asker@example.org", "Ana Pérez")
        watcher = _user("watcher@example.org", "Layla Haddad", language="ar", country="JO")
        programme = Programme(name="Silk Road E-commerce", description="", organisers=[organiser])
        db.session.add(programme)
        db.session.flush()
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title="Returns and refunds in cross-border e-commerce", summary="",
            description="", original_language="en", lecture_language="en",
            local_start=(utcnow() - timedelta(minutes=5)).replace(tzinfo=None, second=0, microsecond=0),
            timezone="UTC", duration_minutes=90), organiser, publish=True)
        db.session.flush()
        lectures.set_status(lecture, LectureStatus.live, organiser)
        for person in (asker, watcher):
            registrations.register(lecture.id, person)
        db.session.commit()
        lecture_id = lecture.id
    url = f"{base}/lectures/{lecture_id}"

    participant = new_context(locale="en-GB").new_page()
    _sign_in(participant, base, "asker@example.org")
    participant.goto(url)
    participant.wait_for_selector("[data-qa][data-version]")
    assert_accessible(participant)

    moderator = new_context(locale="en-GB").new_page()
    _sign_in(moderator, base, "organiser@example.org")
    moderator.goto(url)
    moderator.wait_for_selector("[data-qa][data-version]")

    third = new_context(locale="ar").new_page()
    _sign_in(third, base, "watcher@example.org")
    third.goto(url)
    third.wait_for_selector("[data-qa][data-version]")
    assert third.get_attribute("html", "dir") == "rtl"

    participant.fill("#qa-text", QUESTION)
    participant.check("#qa-anonymous")
    participant.click(".qa-ask button[type=submit]")
    expect(participant.locator("[data-qa-status]")).to_contain_text("once a moderator approves it", timeout=15000)
    expect(participant.locator("[data-qa-mine-list] .qa-text")).to_have_text(QUESTION)

    # The moderator's queue shows it (with who asked, although anonymous to others) without a reload.
    item = moderator.locator("[data-qa-queue] li.qa-item--pending")
    expect(item).to_have_count(1, timeout=5000)
    expect(item.locator(".qa-text")).to_have_text(QUESTION)
    expect(item.locator(".qa-asker")).to_contain_text("Ana Pérez")
    assert_accessible(moderator)
    expect(third.locator("[data-qa-list] li")).to_have_count(0)

    item.locator("button.qa-approve").click()
    approved_at = time.monotonic()
    shown = third.locator("[data-qa-list] li .qa-text")
    expect(shown).to_have_text(QUESTION, timeout=5000)
    assert time.monotonic() - approved_at <= 5
    # Shown as text, anonymous to other participants, in its own direction.
    assert third.locator("[data-qa-list] li b").count() == 0
    assert "Ana Pérez" not in third.inner_text("[data-qa-list]")
    # The asker's page moves it from "waiting" to the list.
    expect(participant.locator("[data-qa-list] li .qa-text")).to_have_text(QUESTION, timeout=5000)
    expect(participant.locator("[data-qa-mine]")).to_be_hidden()

    # The moderator marks it answered live; the third page shows it within 5 s.
    moderator.locator("#qa-filter").select_option("approved")
    moderator.locator("[data-qa-queue] li button.qa-answer-live").click()
    answered_at = time.monotonic()
    expect(third.locator("[data-qa-list] li .qa-answered")).to_have_count(1, timeout=5000)
    assert time.monotonic() - answered_at <= 5
    assert_accessible(third)

    # The Arabic viewer upvotes it; the count reaches the asker's page.
    third.locator("[data-qa-list] li button.qa-vote").click()
    expect(third.locator("[data-qa-list] li button.qa-vote")).to_have_attribute("aria-pressed", "true")
    expect(participant.locator("[data-qa-list] li .qa-votes")).to_contain_text("1", timeout=5000)
    with app.app_context():
        question = db.session.execute(sa.select(Question)).scalar_one()
        assert question.state is QuestionState.approved and question.vote_count == 1
        assert question.answer_kind is not None and question.anonymous
        first_id = question.id

    # The third page loses its connection; meanwhile a second question is asked and approved. Back online, the page
    # catches up by itself (its next poll asks for what changed since its last version).
    third.context.set_offline(True)
    expect(third.locator("[data-qa]")).to_have_attribute("data-connected", "false", timeout=10000)
    participant.fill("#qa-text", "Which form does the importer file to get the refund?")
    participant.click(".qa-ask button[type=submit]")
    moderator.locator("#qa-filter").select_option("pending")
    pending = moderator.locator("[data-qa-queue] li.qa-item--pending")
    expect(pending).to_have_count(1, timeout=5000)
    expect(pending.locator(".qa-asker")).to_contain_text("Ana Pérez")
    pending.locator("button.qa-approve").click()
    expect(pending).to_have_count(0, timeout=5000)
    third.context.set_offline(False)
    expect(third.locator("[data-qa-list] li")).to_have_count(2, timeout=5000)
    expect(third.locator("[data-qa]")).to_have_attribute("data-connected", "true")
    expect(third.locator("[data-qa-list]")).to_contain_text("Which form does the importer file to get the refund?")
    # Not anonymous this time: the name shows, with the country in the page's language.
    expect(third.locator("[data-qa-list]")).to_contain_text("Ana Pérez")

    # The moderator sorts by votes (the voted question first) and merges the newer question into it: the third
    # page is left with one question.
    moderator.locator("#qa-filter").select_option("all")
    moderator.locator("#qa-sort").select_option("votes")
    rows = moderator.locator("[data-qa-queue] li.qa-item")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".qa-text")).to_have_text(QUESTION)
    rows.nth(1).locator("button.qa-merge-open").click()
    rows.nth(1).locator(".qa-merge select").select_option(label=f"#{first_id} {QUESTION[:60]}")
    rows.nth(1).locator("button.qa-do-merge").click()
    expect(third.locator("[data-qa-list] li")).to_have_count(1, timeout=5000)
    expect(moderator.locator("[data-qa-queue] li.qa-item")).to_have_count(1, timeout=5000)
