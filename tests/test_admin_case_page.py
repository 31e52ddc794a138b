"""A case's admin page at any size: a large case lists its earliest claims as a table of links,
with the way to all of them, and the history shows its newest entries, with the way to the rest."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import admin as incident_admin
from incidents import admin_case_page
from incidents.admin_forms import QuickSelect
from incidents.choices import EventKind
from tests.admin_forms import claim_row, incident_post
from tests.factories import make_claim, make_incident, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    """A case is large past 3 claims and its page lists 5: the paths of 60 and 100, with fewer rows to make."""
    monkeypatch.setattr(incident_admin, "MAX_EDITABLE_CLAIMS", 3)
    monkeypatch.setattr(admin_case_page, "CLAIMS_SHOWN", 5)


def add_claims(case, count, start=0, **fields):
    source = fields.pop("source", None) or make_source()
    return [
        make_claim(case, source=source, claimant=f"Claimant {n}", stated_on=datetime.date(2020, 1, 1 + n),
                   killed_min=n, killed_max=n + 1, **fields)
        for n in range(start, start + count)
    ]


def large_case(claims=8):
    case = make_incident(title="A strike with many claims")
    add_claims(case, claims)
    return case


def change_url(case, language=""):
    return f"{language}{reverse('admin:incidents_incident_change', args=[case.pk])}"


def section(page, start, end="</table>"):
    """The part of the page from `start` to the next `end`."""
    page = page[page.index(start):]
    return page[: page.index(end)]


def claim_table(page):
    return section(page, 'id="claims-group"')


def history(page):
    return section(page, 'id="case-history-heading"', "</fieldset>")


def queries_for(client, url):
    client.get(url)  # warm caches (content types, permissions, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- the claims of a large case -------------------------------------------------------------------


def test_a_large_case_lists_its_earliest_claims_each_linking_to_its_own_page(editor_client, small_limits):
    case = large_case(8)
    table = claim_table(editor_client.get(change_url(case)).content.decode())
    claims = list(case.claims.order_by("stated_on", "id"))
    for claim in claims[:5]:
        assert f'<a href="/admin/incidents/claim/{claim.pk}/change/" dir="auto">{claim.claimant}</a>' in table
    for claim in claims[5:]:
        assert claim.claimant not in table and f"/claim/{claim.pk}/" not in table
    assert table.index("Claimant 0") < table.index("Claimant 4")
    assert "<td>0–1</td>" in table and "<td>4–5</td>" in table  # their figures
    assert "Showing 5 of 8, the earliest first" in table
    assert f'<a href="/admin/incidents/claim/?incident__id__exact={case.pk}">See all 8 in the claims list</a>' in table
    assert 'name="claims-0-killed_min"' not in table  # no editable claim forms


def test_the_see_all_link_opens_the_claims_list_with_every_claim_of_this_case_and_no_other(editor_client,
                                                                                        small_limits):
    case = large_case(8)
    make_claim(make_incident(title="Another case"), claimant="Someone else")
    response = editor_client.get(reverse("admin:incidents_claim_changelist"), {"incident__id__exact": case.pk})
    assert response.status_code == 200
    assert {claim.pk for claim in response.context["cl"].result_list} == set(case.claims.values_list("pk", flat=True))


def test_a_large_case_offers_adding_a_claim_with_the_case_already_chosen(researcher_client, small_limits):
    case = large_case(4)
    table = claim_table(researcher_client.get(change_url(case)).content.decode())
    add_url = f"/admin/incidents/claim/add/?incident={case.pk}"
    assert f'<a href="{add_url}" class="addlink">Add a claim to this case</a>' in table
    form = researcher_client.get(add_url).content.decode()
    assert f'<option value="{case.pk}" selected>' in section(form, 'name="incident"', "</select>")


def test_the_claim_table_names_confidential_sources_for_staff(editor_client, small_limits):
    case = large_case(3)
    make_claim(case, source=make_source(title="Witness in Hajin", publisher="", is_confidential=True),
               stated_on=datetime.date(2019, 1, 1))
    assert "Witness in Hajin [confidential]" in claim_table(editor_client.get(change_url(case)).content.decode())


def test_a_large_case_page_runs_the_same_queries_for_more_claims(researcher_client, small_limits,
                                                                django_assert_max_num_queries):
    case = large_case(4)  # fewer claims than the table shows
    fewer = queries_for(researcher_client, change_url(case))
    add_claims(case, 12, start=4)  # more than it shows
    more = queries_for(researcher_client, change_url(case))
    assert fewer == more, f"{fewer} queries with 4 claims, {more} with 16"
    with django_assert_max_num_queries(16):
        researcher_client.get(change_url(case))


def test_saving_a_large_case_from_its_page_saves_the_case_and_leaves_its_claims_alone(researcher_client, researcher,
                                                                                      small_limits):
    case = large_case(6)
    before = sorted(case.claims.values_list("pk", "version"))
    response = researcher_client.post(change_url(case), incident_post(existing=case, title="A new title"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "A new title"
    assert case.events.filter(kind=EventKind.CASE_EDITED).get().actor == researcher  # through the services
    assert sorted(case.claims.values_list("pk", "version")) == before


def test_claim_forms_posted_to_a_case_that_has_grown_large_are_refused_with_a_message(researcher_client,
                                                                                      small_limits):
    case = large_case(6)
    claim = case.claims.first()
    row = claim_row(claim.source, id=claim.pk, incident=case.pk, claimant="Changed", stance=claim.stance,
                    claimant_kind=claim.claimant_kind, version=claim.version)
    data = incident_post(existing=case, title="A new title", claims=[row])
    data["claims-INITIAL_FORMS"] = "1"
    response = researcher_client.post(change_url(case), data)
    assert response.status_code == 200
    assert "Your changes to claims were not saved" in response.content.decode()
    case.refresh_from_db()
    claim.refresh_from_db()
    assert (case.title, claim.claimant) == ("A strike with many claims", "Claimant 0")


def test_a_case_with_few_claims_keeps_the_editable_claim_forms(editor_client):
    case = make_incident()
    make_claim(case, claimant="Only one")
    body = editor_client.get(change_url(case)).content.decode()
    assert 'name="claims-0-killed_min"' in body
    assert 'id="claims-group"' in body and "See all" not in body


def test_a_large_case_reads_in_arabic(editor_client, small_limits):
    case = large_case(8)
    table = claim_table(editor_client.get(change_url(case, "/ar")).content.decode())
    assert "المعروض 5 من 8، الأقدم أولًا" in table
    assert f'href="/ar/admin/incidents/claim/?incident__id__exact={case.pk}"' in table
    assert f'href="/ar/admin/incidents/claim/add/?incident={case.pk}"' in table
    for english in ("Showing", "See all", "Add a claim", "stated on", "civilians killed"):
        assert english not in table, english


# --- the history --------------------------------------------------------------------------------


def test_the_history_shows_its_newest_entries_and_links_to_all_of_them(editor_client, monkeypatch):
    monkeypatch.setattr(admin_case_page, "HISTORY_SHOWN", 3)
    case = make_incident()
    add_claims(case, 4)
    seqs = list(case.events.order_by("-seq").values_list("seq", flat=True))
    assert len(seqs) == 5  # the case recorded, then four claims added
    shown = history(editor_client.get(change_url(case)).content.decode())
    assert [f"<td>{seq}</td>" in shown for seq in seqs] == [True, True, True, False, False]
    assert "Showing the latest 3 of 5 entries." in shown
    assert '<a href="?history=all#case-history-heading">Show all 5</a>' in shown
    everything = history(editor_client.get(change_url(case), {"history": "all"}).content.decode())
    assert all(f"<td>{seq}</td>" in everything for seq in seqs)
    assert "Show all" not in everything
    assert everything.index(f"<td>{seqs[0]}</td>") < everything.index(f"<td>{seqs[-1]}</td>")  # newest first
    arabic = history(editor_client.get(change_url(case, "/ar")).content.decode())
    assert "المعروض: أحدث 3 من أصل 5 من القيود." in arabic and ">اعرض الكل (5)</a>" in arabic


def test_the_history_runs_the_same_queries_for_more_entries(researcher_client, monkeypatch):
    monkeypatch.setattr(admin_case_page, "HISTORY_SHOWN", 3)
    case = make_incident()
    add_claims(case, 4)
    fewer = queries_for(researcher_client, change_url(case))
    add_claims(case, 4, start=4)
    assert queries_for(researcher_client, change_url(case)) == fewer


# --- the select boxes -------------------------------------------------------------------------


def test_quick_select_boxes_are_the_html_of_django_s_own():
    choices = [("", "---------"), ("a", "Alpha & Omega"), ("Group <1>", [("b", "Beta"), ("c", "<Gamma>")]), (4, "Four")]

    def rendered(widget_class, value):
        widget = widget_class(choices=choices, attrs={"dir": "auto", "data-x": 'say "hi"'})
        return widget.render("kind", value, {"id": "id_kind", "required": True, "disabled": False})

    for value in ("", "a", "c", 4, ["a"]):
        assert parse_html(rendered(QuickSelect, value)) == parse_html(rendered(forms.Select, value)), value


def test_the_case_page_s_select_boxes_keep_their_chosen_values(editor_client):
    case = make_incident(country="SY")
    make_claim(case, stance="denies", excerpt_language="ar")
    page = editor_client.get(change_url(case)).content.decode()
    assert '<option value="SY" selected>' in section(page, 'name="country"', "</select>")
    assert '<option value="denies" selected>' in section(page, 'name="claims-0-stance"', "</select>")
    assert '<option value="ar" selected>' in section(page, 'name="claims-0-excerpt_language"', "</select>")
