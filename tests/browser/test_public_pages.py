"""A reader finds Baghuz, reads its claims side by side and follows its history, in Chromium."""

from pathlib import Path

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_for_baghuz_and_reads_the_case(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/cases/")
    page.fill("#id_q", "Baghuz")
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/?*q=Baghuz*")
    rows = page.locator(".case-table tbody tr")
    assert rows.count() == 1
    screenshot("search-results")

    page.click("text=SY-0001")
    page.wait_for_selector("h1")
    assert "SY-0001" in page.inner_text(".case-code")
    assert page.inner_text("#derived-killed") == "4–80"
    claimants = page.locator("#claims tbody th").all_inner_texts()
    assert any("US Central Command" in text for text in claimants)
    assert any("The New York Times" in text for text in claimants)
    screenshot("case-page")

    page.click("text=The full history of this case")
    page.wait_for_selector("h1:has-text('History of SY-0001')")
    assert page.locator(".history > li").count() >= 10
    screenshot("history")


def test_reader_filters_to_syria_and_credible(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/cases/")
    page.select_option("#id_country", "SY")
    page.select_option("#id_status", "credible")
    page.click("button[type=submit]")
    page.wait_for_url("**status=credible**")
    codes = page.locator(".case-table tbody th a").all_inner_texts()
    assert "SY-0001" in codes and all(code.startswith("SY-") for code in codes)
    screenshot("syria-credible")


def test_the_timeline_reads_in_date_order(page, live_server, demo):
    page.goto(f"{live_server.url}/cases/SY-0001/")
    dates = page.locator(".timeline time").evaluate_all("nodes => nodes.map(n => n.getAttribute('datetime'))")
    assert dates == sorted(dates) and len(dates) >= 5


def test_pages_are_usable_at_phone_width(page, live_server, demo, screenshot):
    page.set_viewport_size(PHONE)
    for path, name in (("/", "home"), ("/cases/", "list"), ("/cases/SY-0001/", "case"), ("/stats/", "stats")):
        page.goto(f"{live_server.url}{path}")
        # Nothing wider than the screen but the tables, which scroll inside their own box.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        screenshot(f"phone-{name}")


def test_keyboard_focus_is_visible(page, live_server, demo):
    page.goto(f"{live_server.url}/cases/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_case_page_prints_without_navigation_or_map(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/cases/SY-0001/")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header nav")
    assert page.is_visible("#claims")
    screenshot("print")


def test_the_location_reads_well_when_map_tiles_cannot_load(page, live_server, settings, demo, screenshot):
    settings.CASEWORK_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens there
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/cases/SY-0001/")
    page.wait_for_selector("#case-map.leaflet-container")
    location = page.inner_text("#location-heading + p")
    assert "34.460600, 40.938300" in location and "village or town" in location
    assert errors == []
    screenshot("map-without-tiles")


CONTRAST_CHECK = (Path(__file__).parent / "contrast.js").read_text()


def test_every_public_page_has_text_contrast_that_passes_wcag_aa(page, live_server, demo):
    for path in ("/", "/cases/", "/cases/SY-0001/", "/cases/SY-0001/history/", "/stats/", "/log/",
                 "/cases/?date_from=yesterday"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(CONTRAST_CHECK) == [], path


def test_the_contrast_check_catches_pale_text(page):
    page.set_content('<body><p class="pale">Too pale</p><p class="fine">Dark enough</p></body>')
    page.add_style_tag(content=".pale { color: #bbbbbb } .fine { color: #595959 }")
    failures = page.evaluate(CONTRAST_CHECK)
    assert len(failures) == 1 and "Too pale" in failures[0]
