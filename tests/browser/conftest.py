"""Browser tests: Playwright driving Debian's Chromium at /usr/bin/chromium, never a downloaded browser.

Where Chromium is absent the tests are skipped with a loud message, unless
CASEWORK_REQUIRE_BROWSER is set (as CI sets it), in which case they fail.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the tests still touch the
# database directly (to arrange and to check), which Django allows only with this flag.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    message = f"BROWSER TESTS SKIPPED: {CHROMIUM} not found (install Debian's chromium package)"
    if os.environ.get("CASEWORK_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"{CHROMIUM} not found and CASEWORK_REQUIRE_BROWSER is set: browser tests must run.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM.exists():
        terminalreporter.write_sep("!", f"BROWSER TESTS SKIPPED: {CHROMIUM} is not installed", red=True, bold=True)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot as a test artefact: screenshot("step-name")."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(step):
        path = ARTIFACTS / f"{request.node.name}--{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(settings):
    """The demo cases, for a page in the browser: map tiles off (no network here: the page must
    read well without them), and the roles back after the previous transactional test."""
    from io import StringIO

    from django.core.management import call_command

    from incidents.models import Incident
    from tests.conftest import ensure_roles

    settings.DEBUG = True
    settings.CASEWORK_MAP_TILE_URL = ""
    ensure_roles()
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    return Incident.objects.get(place_name="Baghuz")
