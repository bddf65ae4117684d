"""The browser fixtures of tests/conftest.py catch what a page logs as an error: console errors, uncaught
exceptions and Content-Security-Policy violations (which fail the test unless it names them as expected)."""

import pytest

from lecturehall.core.security import CONTENT_SECURITY_POLICY

ORIGIN = "http://lecturehall.test"
SCRIPTS = {
    "/logs.js": "console.error('logged on purpose');",
    "/throws.js": "throw new Error('thrown on purpose');",
    "/quiet.js": "document.body.dataset.ran = 'yes';",
}


def serve(page, html: str) -> None:
    """The page and its scripts, from a made-up origin, with the app's CSP header."""

    def fulfil(route):
        path = route.request.url.removeprefix(ORIGIN)
        body, content_type = (SCRIPTS[path], "text/javascript") if path in SCRIPTS else (html, "text/html")
        route.fulfill(status=200, body=body, content_type=content_type,
                      headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    page.route(f"{ORIGIN}/**", fulfil)
    page.goto(f"{ORIGIN}/")


# Chromium also logs the CSP violation to the console ("… violates the following Content Security Policy …").
@pytest.mark.expected_browser_errors(r"logged on purpose", r"thrown on purpose", r"CSP violation: script-src",
                                     r"violates the following Content Security Policy directive 'script-src")
def test_errors_and_csp_violations_are_recorded(page, browser_problems):
    serve(page, '<!doctype html><title>t</title><body><script>document.title = "inline";</script>'
                '<script src="/logs.js"></script><script src="/throws.js"></script></body>')
    page.wait_for_function("() => window.__cspViolations.length > 0")
    seen = "\n".join(browser_problems.seen)
    assert "console error: logged on purpose" in seen
    assert "uncaught: " in seen and "thrown on purpose" in seen
    assert "CSP violation: script-src" in seen and "blocked inline" in seen
    assert page.title() == "t"  # the inline script did not run
    assert browser_problems.unexpected() == []  # each was named by the marker


def test_a_clean_page_records_nothing(page, browser_problems):
    serve(page, '<!doctype html><title>t</title><body><script src="/quiet.js"></script></body>')
    page.wait_for_function("() => document.body.dataset.ran === 'yes'")
    assert browser_problems.seen == []
