"""The researchers' admin: entering a case end to end, and what only editors may do."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.choices import ReviewStatus
from incidents.models import Claim, Incident
from incidents.roles import EDITORS, RESEARCHERS
from tests.admin_forms import claim_row, incident_post
from tests.factories import make_claim, make_incident, make_party, make_source

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:incidents_incident_add")


def change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def baghuz_post(coalition, centcom_statement, nyt_report, wsws_report):
    return incident_post(
        title="Two strikes on a camp at Baghuz",
        summary="According to the New York Times, two US strikes on 18 March 2019 killed up to 64 women and children.",
        internal_notes="Follow up with the Senate Armed Services Committee staff.",
        occurred_on="2019-03-18",
        country="SY",
        admin_area="Deir ez-Zor",
        place_name="Baghuz",
        place_name_local="الباغوز",
        latitude="34.4606",
        longitude="40.9383",
        location_precision="village_or_town",
        strike_type="airstrike",
        parties=[{"party": coalition.pk, "role": "known"}],
        claims=[
            claim_row(centcom_statement, claimant="US Central Command", claimant_kind="belligerent",
                      claimant_party=coalition.pk, stance="concedes_harm", stated_on="2021-11-14",
                      killed_min=4, killed_max=4, injured_min=8, injured_max=8,
                      combatants_killed=16, uncharacterised_killed=60),
            claim_row(nyt_report, claimant="The New York Times", stated_on="2021-11-13", killed_max=64,
                      excerpt="We just dropped on 50 women and children"),
            claim_row(wsws_report, claimant="World Socialist Web Site", stated_on="2021-11-15", killed_min=80,
                      excerpt="at least 80 unarmed women and children"),
        ],
    )


@pytest.fixture
def baghuz_sources():
    return (
        make_party(name="US-led Coalition", short_name="CJTF-OIR", kind="coalition"),
        make_source(title="Statement on the Baghuz strikes", publisher="US Central Command",
                    kind="belligerent_statement", published_on="2021-11-14"),
        make_source(title="How the US hid an airstrike", publisher="The New York Times"),
        make_source(title="US covered up massacre", publisher="World Socialist Web Site", published_on="2021-11-15"),
    )


def test_researcher_adds_the_baghuz_case_with_three_claims(researcher_client, researcher, baghuz_sources):
    response = researcher_client.post(ADD_URL, baghuz_post(*baghuz_sources))

    assert response.status_code == 302, response.context and response.context["errors"]
    case = Incident.objects.get()
    assert case.code == "SY-0001"
    assert case.status == ReviewStatus.NEW and not case.is_published
    assert case.created_by == researcher and case.updated_by == researcher
    assert case.claims.count() == 3
    assert set(case.claims.values_list("created_by", flat=True)) == {researcher.pk}
    assert (case.killed_min, case.killed_max, case.conceded_killed) == (4, 80, 4)
    assert case.party_links.get().role == "known"


def test_impossible_figures_get_a_message_beside_the_field_and_nothing_is_written(
    researcher_client, baghuz_sources
):
    data = baghuz_post(*baghuz_sources)
    data["claims-1-killed_min"] = "70"  # above the claim's own maximum of 64
    data["occurred_until"] = "2019-03-01"  # before the start

    response = researcher_client.post(ADD_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The highest civilians killed (64) is below the lowest (70)." in page
    assert "The end date is before the start date." in page
    claim_form = response.context["inline_admin_formsets"][1].formset.forms[1]
    assert "killed_max" in claim_form.errors
    assert "occurred_until" in response.context["adminform"].form.errors
    assert Incident.objects.count() == 0 and Claim.objects.count() == 0


def test_researcher_sees_review_fields_read_only(researcher_client):
    incident = make_incident()
    page = researcher_client.get(change_url(incident)).content.decode()
    assert 'name="title"' in page
    for field in ("status", "is_published", "non_credible_reason", "duplicate_of"):
        assert f'name="{field}"' not in page


def test_researcher_is_refused_a_status_change_by_crafted_post(researcher_client):
    incident = make_incident()
    data = incident_post(existing=incident, status="credible", is_published="on")
    response = researcher_client.post(change_url(incident), data)
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == ReviewStatus.NEW and not incident.is_published


def test_researcher_is_refused_a_status_when_adding_a_case(researcher_client):
    data = incident_post(title="Strike", occurred_on="2020-01-01", country="IQ", status="credible")
    assert researcher_client.post(ADD_URL, data).status_code == 403
    assert not Incident.objects.exists()


def test_researcher_is_refused_excluding_a_claim_by_crafted_post(researcher_client):
    incident = make_incident()
    claim = make_claim(incident, killed_min=1, killed_max=2)
    row = claim_row(claim.source, id=claim.pk, incident=incident.pk, claimant=claim.claimant, stance=claim.stance,
                    claimant_kind=claim.claimant_kind, version=claim.version, is_excluded="on",
                    exclusion_reason="I disagree")
    data = incident_post(existing=incident, claims=[row])
    data["claims-INITIAL_FORMS"] = "1"
    assert researcher_client.post(change_url(incident), data).status_code == 403
    claim.refresh_from_db()
    assert not claim.is_excluded


def test_researcher_cannot_delete_a_case(researcher_client):
    incident = make_incident()
    response = researcher_client.post(reverse("admin:incidents_incident_delete", args=[incident.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_editors_cannot_post_review_fields_either_they_use_decisions(editor_client):
    incident = make_incident()
    data = incident_post(existing=incident, status="credible", is_published="on")
    assert editor_client.post(change_url(incident), data).status_code == 403
    incident.refresh_from_db()
    assert incident.status == ReviewStatus.NEW and not incident.is_published
    assert not incident.events.filter(kind__startswith="marked").exists()


def test_a_stale_form_is_refused_with_who_saved_and_nothing_typed_is_lost(client, researcher, editor):
    incident = make_incident(title="Original title")
    stale_version = incident.version

    client.force_login(editor)
    first = client.post(change_url(incident), incident_post(existing=incident, title="Editor's title"))
    assert first.status_code == 302

    client.force_login(researcher)
    data = incident_post(existing=incident, title="Researcher's title", summary="A careful new summary")
    data["version"] = str(stale_version)
    second = client.post(change_url(incident), data)

    assert second.status_code == 200
    page = second.content.decode()
    assert "eddie.editor saved this incident at" in page
    assert "What changed meanwhile: Title: “Original title” → “Editor&#x27;s title”." in page
    assert "Researcher&#x27;s title" in page and "A careful new summary" in page
    incident.refresh_from_db()
    assert incident.title == "Editor's title"

    # Having read the message, saving again keeps the researcher's version deliberately.
    form_version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data["version"] = form_version
    assert client.post(change_url(incident), data).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Researcher's title"


def test_search_finds_a_case_by_an_arabic_claim_excerpt(researcher_client):
    incident = make_incident(title="Strike near the bridge")
    make_claim(incident, excerpt="قصف الجسر في الصباح", excerpt_language="ar")
    make_incident(title="Unrelated")
    response = researcher_client.get(reverse("admin:incidents_incident_changelist"), {"q": "الجسر"})
    assert list(response.context["cl"].result_list) == [incident]


def test_case_list_runs_the_same_number_of_queries_for_one_and_many_cases(researcher_client):
    parties = [make_party() for _ in range(3)]
    make_incident(parties=parties[:1])
    url = reverse("admin:incidents_incident_changelist")
    researcher_client.get(url)  # warm the session and content-type caches

    with CaptureQueriesContext(connection) as one_case:
        assert researcher_client.get(url).status_code == 200
    for _ in range(30):
        make_incident(parties=parties)
    with CaptureQueriesContext(connection) as many_cases:
        assert researcher_client.get(url).status_code == 200
    assert len(many_cases) == len(one_case)


def test_fresh_database_has_both_roles_with_their_permissions():
    researchers = set(Group.objects.get(name=RESEARCHERS).permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_incident", "change_incident", "add_claim", "change_source", "add_investigation"} <= researchers
    assert not {"review_incident", "publish_incident", "delete_incident", "delete_claim"} & researchers
    assert researchers | {"review_incident", "publish_incident"} == editors


def test_someone_without_a_staff_account_is_sent_to_the_login_page(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:incidents_incident_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def claim_post_row(claim, **values):
    row = claim_row(claim.source, id=claim.pk, incident=claim.incident_id, claimant=claim.claimant,
                    claimant_kind=claim.claimant_kind, stance=claim.stance, version=claim.version,
                    killed_min=claim.killed_min, killed_max=claim.killed_max)
    row.update(values)
    return row


def test_a_stale_claim_in_the_case_page_is_refused_with_what_changed(client, researcher, editor):
    incident = make_incident()
    claim = make_claim(incident, claimant="Airwars", killed_min=4, killed_max=4)

    def post(**values):
        data = incident_post(existing=Incident.objects.get(pk=incident.pk), claims=[claim_post_row(claim, **values)])
        data["claims-INITIAL_FORMS"] = "1"
        return client.post(change_url(incident), data)

    client.force_login(editor)
    assert post(killed_max=5).status_code == 302
    client.force_login(researcher)
    response = post(killed_max=9, excerpt="nine bodies were recovered")  # from the same, now stale, version
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][1].formset.forms[0].non_field_errors())
    assert "eddie.editor saved this claim" in errors
    assert "Civilians killed (max): “4” → “5”" in errors
    assert "nine bodies were recovered" in response.content.decode()
    claim.refresh_from_db()
    assert claim.killed_max == 5


def test_a_stale_source_is_refused_and_keeps_what_was_typed(client, researcher, editor):
    source = make_source(title="Statement", publisher="CENTCOM")
    url = reverse("admin:incidents_source_change", args=[source.pk])

    def post(title):
        return client.post(url, {"title": title, "publisher": "CENTCOM", "kind": source.kind,
                                 "language": "en", "version": "1"})

    client.force_login(editor)
    assert post("Statement of 14 November 2021").status_code == 302
    client.force_login(researcher)
    response = post("Full statement by CENTCOM")
    assert response.status_code == 200
    page = response.content.decode()
    assert "eddie.editor saved this source" in page and "differ from yours in: Title" in page
    assert "Full statement by CENTCOM" in page
    source.refresh_from_db()
    assert source.title == "Statement of 14 November 2021"
