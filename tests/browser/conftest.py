"""A live server (waitress in a thread) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading

import pytest

from tests.conftest import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(make_app):
    from waitress.server import create_server

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = make_app(BASE_URL=base_url)
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    app.live_url = base_url
    try:
        yield app
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/setup.sh --tests (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="en-GB", timezone_id="America/Santiago")
    page = context.new_page()
    yield page
    context.close()
