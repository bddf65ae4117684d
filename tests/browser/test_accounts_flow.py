"""In a real browser: sign up, confirm by the outbox link, log in, switch to Arabic (right to left), and check
the pages against axe-core's WCAG 2.1 A/AA rules."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.conftest import STRONG_PASSWORD, Outbox, first_link

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_signup_confirm_login_and_arabic(live_server, page):
    base = live_server.live_url
    page.goto(f"{base}/signup")
    assert_accessible(page)
    # The timezone is preselected from the browser's.
    assert page.locator("#timezone").input_value() == "America/Santiago"
    page.fill("#full_name", "Fatima Al Mansoori")
    page.fill("#email", "fatima@example.ae")
    page.select_option("#country", "AE")
    page.fill("#organisation", "Dubai Chamber")
    page.select_option("#sector", "government")
    page.select_option("#language", "en")
    page.fill("#password", STRONG_PASSWORD)
    page.fill("#password_again", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/signup/done")

    link = first_link(Outbox(Path(live_server.config["OUTBOX_DIR"])).last())
    assert link.startswith(base)
    page.goto(link)
    page.wait_for_url(f"{base}/login")
    assert_accessible(page)
    page.fill("#email", "fatima@example.ae")
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "Fatima Al Mansoori" in page.content()
    assert_accessible(page)

    # The switcher submits itself on change.
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert_accessible(page)
    # The preference is stored: it holds on the next page too.
    page.goto(f"{base}/profile")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#language").input_value() == "ar"
    assert_accessible(page)  # with the password form and the button that logs the other devices out

    # Changing the password from the profile keeps this browser logged in.
    new_password = "violet kettle drums 7 under a quiet bridge"
    page.fill("#current_password", STRONG_PASSWORD)
    page.fill("#password", new_password)
    page.fill("#password_again", new_password)
    with page.expect_navigation(url=f"{base}/profile"):  # the form posts, then comes back to the profile
        page.click("#password-submit")
    assert page.locator("#current_password").input_value() == ""
    assert page.locator("#full_name").input_value() == "Fatima Al Mansoori"


def test_language_switcher_works_for_anonymous_visitors_without_script(live_server, new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.live_url}/login")
        page.select_option("#language-select", "fr")
        page.click(".language-switcher button")
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.url.endswith("/login")
    finally:
        context.close()
