"""A reader switches to Arabic and reads right to left, in Chromium, at desktop and phone widths.

Screenshots of every page in both languages and both widths are saved under
test-artifacts/screenshots/ for a person to look at.
"""


import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {"home": "/", "list": "/cases/?country=SY", "case": "/cases/SY-0001/", "stats": "/stats/"}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def direction(page, selector="html"):
    return page.eval_on_selector(selector, "element => getComputedStyle(element).direction")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_in_both_languages_and_its_screenshot(page, live_server, demo, screenshot, width):
    page.set_viewport_size(WIDTHS[width])
    for name, path in PAGES.items():
        for language, prefix, expected in (("en", "", "ltr"), ("ar", "/ar", "rtl")):
            page.goto(f"{live_server.url}{prefix}{path}")
            assert page.get_attribute("html", "lang") == language
            assert direction(page) == expected, (language, path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{prefix}{path} scrolls sideways by {overflow}px at {width} width"
            screenshot(f"{width}-{name}-{language}")


def test_the_switcher_leads_to_the_same_page_in_the_other_language_and_back(page, live_server, demo):
    page.goto(f"{live_server.url}/cases/?country=SY&status=credible")
    page.click(".language-switcher a[hreflang=ar]")
    page.wait_for_url("**/ar/cases/?country=SY&status=credible")
    assert direction(page) == "rtl"
    assert page.input_value("#id_country") == "SY" and page.input_value("#id_status") == "credible"
    page.click(".case-table tbody th a >> nth=0")
    page.wait_for_url("**/ar/cases/SY-*/")  # a link on an Arabic page keeps the reader in Arabic
    code = page.inner_text(".case-code")
    page.click(".language-switcher a[hreflang=en]")
    page.wait_for_url(f"**/cases/{code}/")
    assert "/ar/" not in page.url and direction(page) == "ltr"


def test_an_english_excerpt_on_the_arabic_case_page_keeps_its_own_direction(page, live_server, demo):
    page.goto(f"{live_server.url}/ar/cases/SY-0001/")
    assert direction(page, "main") == "rtl"
    excerpt = "#claims blockquote[lang=en] >> nth=0"
    assert page.locator(excerpt).inner_text().split()[:2] in (["These", "strikes"], ["Without", "warning,"])
    assert page.locator(excerpt).evaluate("element => getComputedStyle(element).direction") == "ltr"
    local = page.locator(".case-facts .local-name")
    assert local.inner_text() == "الباغوز"
    assert local.evaluate("element => getComputedStyle(element).direction") == "rtl"
    # In Arabic the local name comes first, so it stands to the right of the English one.
    english = page.locator(".case-facts .place-name")
    assert local.bounding_box()["x"] > english.bounding_box()["x"]
    assert page.inner_text("#location-heading + p bdi") == "34.460600, 40.938300"


def test_the_arabic_font_is_our_own(page, live_server, demo):
    page.goto(f"{live_server.url}/ar/")
    # Wait in one evaluate: wait_for_function polls with eval(), which our CSP refuses.
    assert page.evaluate("async () => { await document.fonts.ready; return document.fonts.status; }") == "loaded"
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)")
    assert any("Noto Sans Arabic" in face for face in loaded), loaded


def test_the_admin_in_arabic_reads_right_to_left(page, live_server, demo, researcher, screenshot):
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/ar/admin/login/")
    assert direction(page) == "rtl"
    page.fill("#id_username", researcher.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(f"{live_server.url}/ar/admin/incidents/incident/")
    assert direction(page) == "rtl"
    assert page.inner_text(".object-tools").strip().startswith("بانتظار المراجعة")
    screenshot("admin-cases-ar")
    page.click("text=SY-0001")
    page.wait_for_selector("#case-history-heading")
    assert page.inner_text("#case-history-heading") == "التاريخ (الأحدث أولًا)"
    screenshot("admin-case-ar")
