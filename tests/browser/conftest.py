"""Real Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # A fake microphone that answers without a permission prompt, for the voice recorder.
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("MILLE_REQUIRE_BROWSER"):
            pytest.fail(
                f"Chromium is required here (MILLE_REQUIRE_BROWSER=1) but {CHROMIUM} is missing."
            )
        pytest.skip(f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser, live_server):
    """Open pages at a given width; every console error fails the test."""
    contexts = []

    def open_page(width=360, height=740, locale="fr-FR"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, permissions=["microphone"]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.base = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _territorial_reference(transactional_db):
    """Transactional tests flush the database between tests: put the communes back first."""
    from mille.territories.models import Commune, Departement
    from mille.territories.reference import load_reference

    if not Commune.objects.exists():
        load_reference(Departement, Commune)


def login_cookie(page, user) -> None:
    """Log the page's browser context in as `user`, without going through the form."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base}]
    )


def axe_check(page, path: str) -> None:
    """Open `path`, run axe-core (WCAG 2.2 AA tags) and fail on any violation or console error."""
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(page.base + path)
    assert response.status < 500, path
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    # A 404 or 410 page logs its own status in the console; nothing else may.
    errors = [e for e in page.errors if response.status < 400 or str(response.status) not in e]
    assert errors == [], (path, errors)
    page.errors.clear()
