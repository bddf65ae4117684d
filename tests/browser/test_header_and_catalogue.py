"""In Chromium: the header's Log out looks like the other menu items (and shows keyboard focus), the Chinese
language label stays on one line on a phone, and on a phone the catalogue shows lectures before its filters,
which fold behind a "Filter" disclosure (open on wide screens and when a filter is in use)."""

from __future__ import annotations

import pytest

from tests.conftest import STRONG_PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# What makes two menu items look alike.
LOOKS = ("font-family", "font-size", "font-weight", "font-style", "line-height", "letter-spacing", "color",
         "text-decoration-line", "text-decoration-style", "text-decoration-color", "text-transform",
         "padding-top", "padding-right", "padding-bottom", "padding-left", "border-top-width",
         "border-bottom-width", "border-left-width", "border-right-width", "background-color", "cursor")

STYLE_OF = """(element) => {
  const style = getComputedStyle(element);
  return Object.fromEntries(%s.map((name) => [name, style.getPropertyValue(name)]));
}""" % list(LOOKS).__repr__()

TEXT_BOX = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const box = range.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: box.height};
}"""


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", STRONG_PASSWORD)
    page.click("main input[type=submit], main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_log_out_looks_like_the_other_menu_items(live_server, new_context, create_user, viewport):
    user = create_user("menu@example.org")
    page = new_context(locale="en-GB", viewport=viewport).new_page()
    log_in(page, live_server.live_url, user.email)
    profile = page.locator(".main-nav a", has_text="My profile")
    log_out = page.locator(".main-nav button", has_text="Log out")
    assert profile.evaluate(STYLE_OF) == log_out.evaluate(STYLE_OF)
    # The words sit as those of a link would: the same height, on the same baseline when on the same row.
    a, b = profile.evaluate(TEXT_BOX), log_out.evaluate(TEXT_BOX)
    assert abs(a["height"] - b["height"]) < 0.5
    if abs(a["bottom"] - b["bottom"]) > 0.5:  # wrapped onto another row on a phone: then a row below
        assert b["top"] >= a["bottom"] - 0.5

    # Reached from the link before it with Tab, it shows the same focus ring as a link.
    profile.focus()
    page.keyboard.press("Tab")
    assert log_out.evaluate("(element) => element === document.activeElement && element.matches(':focus-visible')")
    ring = "(element) => { const s = getComputedStyle(element); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    focused_button = log_out.evaluate(ring)
    page.keyboard.press("Shift+Tab")
    assert focused_button[0] == "solid" and focused_button == profile.evaluate(ring)

    log_out.click()
    page.wait_for_function("() => !document.querySelector('.main-nav button')")
    assert page.locator(".main-nav a", has_text="Log in").is_visible()


def test_the_chinese_language_label_stays_on_one_line_on_a_phone(live_server, new_context):
    page = new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.live_url}/lectures")
    label = page.locator(".language-switcher label")
    assert label.inner_text() == "语言"
    lines = label.evaluate("""(element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    }""")
    assert lines == 1
    box = label.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.fixture
def three_lectures(live_server, create_lecture):
    return [create_lecture(f"Trade facilitation, part {n}", summary="Single windows and paperless trade.")
            for n in (1, 2, 3)]


def test_on_a_phone_lectures_come_before_the_folded_filters(live_server, new_context, three_lectures):
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    page.goto(f"{live_server.live_url}/lectures")
    first_card = page.locator(".lecture-card").first
    card = first_card.bounding_box()
    assert card["y"] < PHONE["height"] - 40  # its title is on the first screen
    disclosure = page.locator("details.filter-panel")
    assert disclosure.evaluate("(element) => element.open") is False
    search = page.locator("#q")
    assert not search.is_visible()
    summary = disclosure.locator("summary")
    assert summary.inner_text().strip().startswith("Filter")
    assert summary.bounding_box()["height"] >= 44  # a comfortable touch target

    # Opened with the keyboard, like a button.
    summary.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('details.filter-panel').open")
    assert search.is_visible()
    search.fill("part 2")
    search.press("Enter")
    page.wait_for_url("**q=part+2**")
    # With a filter in use the filters stay open, so one sees what narrowed the list.
    assert page.locator("details.filter-panel").evaluate("(element) => element.open")
    assert page.locator(".lecture-card").count() == 1


def test_on_a_wide_screen_the_filters_are_open(live_server, new_context, three_lectures):
    page = new_context(locale="en-GB", viewport=DESKTOP).new_page()
    page.goto(f"{live_server.live_url}/lectures")
    page.wait_for_function("() => document.querySelector('details.filter-panel').open")
    assert page.locator("#q").is_visible()
    filters = page.locator("#q").bounding_box()
    assert filters["y"] < page.locator(".lecture-card").first.bounding_box()["y"]
