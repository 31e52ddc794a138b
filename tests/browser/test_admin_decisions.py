"""An editor reviews a case with the decision buttons, in a real browser."""

import pytest

from incidents.choices import ReviewStatus
from incidents.models import Incident
from tests.browser.test_admin_entry import log_in
from tests.factories import make_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_decides_a_case_and_reads_it_in_the_history(page, live_server, researcher, editor, screenshot):
    case = make_incident(title="Two strikes on a camp at Baghuz", actor=researcher)
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/incidents/incident/{case.pk}/change/")

    page.click("text=Start review")
    page.fill("#id_internal_note", "Reading the CENTCOM statement first.")
    page.click("input[type=submit][value='Start review']")
    page.wait_for_selector(".messagelist .success")

    page.click("text=Mark credible")
    page.click("input[type=submit][value='Mark credible']")  # without the rationale first
    assert "This field is required." in page.inner_text(".errorlist")
    screenshot("rationale-required")
    page.fill("#id_rationale", "CENTCOM concedes at least four civilians killed.")
    page.click("input[type=submit][value='Mark credible']")
    page.wait_for_selector(".messagelist .success")

    history = page.inner_text(".case-history")
    assert history.index("Assessed credible") < history.index("Review started")
    assert "CENTCOM concedes at least four civilians killed." in history
    assert "Reading the CENTCOM statement first." in history
    screenshot("decided")
    assert Incident.objects.get(pk=case.pk).status == ReviewStatus.CREDIBLE
