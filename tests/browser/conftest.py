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
]


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
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
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
