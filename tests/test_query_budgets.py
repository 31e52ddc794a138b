"""Query budgets: each page runs the same number of queries with 1 and with 50 related rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import IncidentParty
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


def test_admin_case_page_queries_do_not_grow_with_parties_or_investigations(researcher_client):
    case = make_incident(parties=[make_party()])
    make_investigation(case, party=make_party()).sources.add(make_source(), make_source())
    url = reverse("admin:incidents_incident_change", args=[case.pk])
    one = queries_for(researcher_client, url)
    for _ in range(4):
        IncidentParty.objects.create(incident=case, party=make_party())
        make_investigation(case, party=make_party()).sources.add(make_source(), make_source())
    many = queries_for(researcher_client, url)
    assert many == one, f"{one} queries with 1 party and 1 investigation, {many} with 5 of each"
    # Each row still shows its own party and sources as selected, so that saving the page keeps them.
    page = researcher_client.get(url).content.decode()
    for index, link in enumerate(case.party_links.order_by("id")):
        select = page[page.index(f'name="party_links-{index}-party"'):]
        assert f'value="{link.party_id}" selected' in select[: select.index("</select>")]
    for index, investigation in enumerate(case.investigations.order_by("opened_on", "id")):
        select = page[page.index(f'name="investigations-{index}-sources"'):]
        select = select[: select.index("</select>")]
        for source in investigation.sources.all():
            assert f'value="{source.pk}" selected' in select
        select = page[page.index(f'name="investigations-{index}-party"'):]
        assert f'value="{investigation.party_id}" selected' in select[: select.index("</select>")]


def test_admin_case_page_reads_the_case_once(researcher_client):
    case = make_incident(parties=[make_party()])
    url = reverse("admin:incidents_incident_change", args=[case.pk])
    researcher_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        researcher_client.get(url)
    reads = [query["sql"] for query in captured if query["sql"].startswith('SELECT "incidents_incident"."id"')]
    assert len(reads) == 1, reads
