"""A researcher finds a claim of a large case from the case's page, in a real browser."""

import datetime

import pytest

from incidents import admin as incident_admin
from incidents import admin_case_page
from tests.browser.test_admin_entry import log_in
from tests.factories import make_claim, make_incident, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_researcher_opens_a_claim_of_a_large_case_and_then_all_of_them(page, live_server, researcher, screenshot,
                                                                      monkeypatch):
    monkeypatch.setattr(incident_admin, "MAX_EDITABLE_CLAIMS", 3)  # the paths of 60 and 100, with fewer rows
    monkeypatch.setattr(admin_case_page, "CLAIMS_SHOWN", 5)
    case = make_incident(title="A strike with many claims", actor=researcher)
    source = make_source(title="Witness in Hajin", is_confidential=True)
    for n in range(8):
        make_claim(case, source=source, claimant=f"Claimant {n}", stated_on=datetime.date(2020, 1, 1 + n))
    log_in(page, live_server, researcher)
    page.goto(f"{live_server.url}/admin/incidents/incident/{case.pk}/change/")

    table = page.inner_text("#claims-group")
    assert "Showing 5 of 8, the earliest first" in table and "Claimant 4" in table and "Claimant 5" not in table
    screenshot("large-case")
    page.click("#claims-group a:text-is('Claimant 3')")
    page.wait_for_url("**/admin/incidents/claim/*/change/")
    assert page.input_value("#id_claimant") == "Claimant 3"

    page.go_back()
    page.click("text=See all 8 in the claims list")
    page.wait_for_url(f"**/admin/incidents/claim/?incident__id__exact={case.pk}")
    assert "8 claims" in page.inner_text("#changelist")

    page.goto(f"{live_server.url}/ar/admin/incidents/incident/{case.pk}/change/")
    assert "المعروض 5 من 8" in page.inner_text("#claims-group")
    screenshot("large-case-arabic")
