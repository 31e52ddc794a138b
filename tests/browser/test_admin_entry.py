"""A researcher enters the Baghuz case of DOMAIN.md in the admin, in a real browser."""

import pytest

from incidents.models import Incident
from tests.conftest import PASSWORD
from tests.factories import make_party, make_source
from tests.two_factor import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    """Sign in through the login page; a user with an authenticator (every editor) then gives its code."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    device = getattr(user, "otp_device", None)
    if device is not None:
        page.fill("#id_code", totp_code(device.bin_key))  # waits for the code step's page
        page.click("input[type=submit][value='Sign in']")
        page.wait_for_url(lambda url: "/two-factor/" not in url and "/login/" not in url)
    page.wait_for_selector("#site-name")


def choose_autocomplete(page, select_id, text):
    """Pick `text` in one of the admin's select2 autocomplete widgets."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def fill_claim(page, index, source, claimant, kind, stance, stated_on, **figures):
    choose_autocomplete(page, f"id_claims-{index}-source", source)
    page.fill(f"#id_claims-{index}-claimant", claimant)
    page.select_option(f"#id_claims-{index}-claimant_kind", kind)
    page.select_option(f"#id_claims-{index}-stance", stance)
    page.fill(f"#id_claims-{index}-stated_on", stated_on)
    for field, value in figures.items():
        page.fill(f"#id_claims-{index}-{field}", str(value))


def test_researcher_enters_the_baghuz_case_end_to_end(page, live_server, researcher, screenshot):
    make_party(name="US-led Coalition", short_name="CJTF-OIR", kind="coalition")
    make_source(title="Statement on the Baghuz strikes", publisher="US Central Command", kind="belligerent_statement")
    make_source(title="How the US hid an airstrike", publisher="The New York Times")
    make_source(title="US covered up massacre", publisher="World Socialist Web Site")

    log_in(page, live_server, researcher)
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.fill("#id_title", "Two strikes on a camp at Baghuz")
    page.fill("#id_occurred_on", "2019-03-18")
    page.select_option("#id_country", "SY")
    page.fill("#id_place_name", "Baghuz")
    page.fill("#id_place_name_local", "الباغوز")
    page.fill("#id_latitude", "34.4606")
    page.fill("#id_longitude", "40.9383")
    page.select_option("#id_strike_type", "airstrike")
    choose_autocomplete(page, "id_party_links-0-party", "US-led Coalition")
    page.select_option("#id_party_links-0-role", "known")

    for _ in range(3):
        page.click("#claims-group .add-row a")
    fill_claim(page, 0, "Statement on the Baghuz", "US Central Command", "belligerent", "concedes_harm",
               "2021-11-14", killed_min=4, killed_max=4, injured_min=8, injured_max=8)
    fill_claim(page, 1, "How the US hid", "The New York Times", "media", "alleges_harm", "2021-11-13",
               killed_min=70, killed_max=64)  # a slip: the minimum above the maximum
    fill_claim(page, 2, "US covered up", "World Socialist Web Site", "media", "alleges_harm", "2021-11-15",
               killed_min=80)
    screenshot("filled-in")
    page.click("input[name=_save]")

    # The slip is reported beside the field, and everything typed is still there.
    error = page.locator("#claims-1 .errorlist")
    assert "below the lowest" in error.inner_text()
    assert page.input_value("#id_claims-2-claimant") == "World Socialist Web Site"
    assert Incident.objects.count() == 0
    screenshot("error-beside-field")

    page.fill("#id_claims-1-killed_min", "")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    screenshot("saved")

    case = Incident.objects.get()
    assert case.code == "SY-0001"
    assert case.claims.count() == 3
    assert (case.killed_min, case.killed_max, case.conceded_killed) == (4, 80, 4)
    assert case.created_by == researcher


def test_researcher_admin_is_usable_at_phone_width(page, live_server, researcher, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, researcher)
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    assert page.is_visible("#id_title")
    assert not page.is_visible("#id_status")  # review fields are not inputs for researchers
    screenshot("add-case-phone")
