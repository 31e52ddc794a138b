"""Query budgets: each page runs the same number of queries with 1 and with 50 related rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm caches (content types, permissions, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_admin_case_page_queries_do_not_grow_with_claims(researcher_client):
    case = make_incident(parties=[make_party()])
    make_claim(case, claimant_party=make_party())
    make_investigation(case).sources.add(make_source())
    url = reverse("admin:incidents_incident_change", args=[case.pk])
    one = queries_for(researcher_client, url)
    for _ in range(49):
        make_claim(case, claimant_party=make_party())
    many = queries_for(researcher_client, url)
    assert many == one, f"{one} queries with 1 claim, {many} with 50"
    # Each row still shows its own source as selected, so that saving the page keeps it.
    page = researcher_client.get(url).content.decode()
    for index, claim in enumerate(case.claims.order_by("stated_on", "id")):
        select = page[page.index(f'name="claims-{index}-source"'):]
        select = select[: select.index("</select>")]
        assert f'value="{claim.source_id}" selected' in select
