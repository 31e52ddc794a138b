"""The paths taken for speed at scale (issue 6) give the same answers as the plain ones."""

import datetime
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import pagination
from tests.factories import make_claim, make_incident, make_source
from tests.public_pages import codes_in, published

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


def test_a_deep_page_fetched_by_ids_first_is_the_same_page(client, editor, monkeypatch):
    for day in range(1, 13):
        published(editor, title=f"Strike {day}", occurred_on=datetime.date(2019, 1, day))
    monkeypatch.setattr("incidents.views.cases.CASES_PER_PAGE", 5)
    by_offset = [codes_in(client.get(f"/cases/?page={n}")) for n in (1, 2, 3)]
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_OFFSET", 0)
    by_ids = [codes_in(client.get(f"/cases/?page={n}")) for n in (1, 2, 3)]
    flat = [code for page in by_offset for code in page]
    assert [code for page in by_ids for code in page] == flat
    assert [len(page) for page in by_ids] == [5, 5, 2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL ranks search results")
def test_a_search_with_few_matches_is_ranked_and_says_so(client, editor):
    # Documents hold each word once, so equal matches tie on rank and fall back to newest first.
    older = published(editor, title="Strike on a bakery", occurred_on=datetime.date(2019, 1, 1))
    newer = published(editor, title="Bakery strike", occurred_on=datetime.date(2020, 1, 1))
    published(editor, title="Strike on a market")
    response = client.get("/cases/?q=bakery")
    assert codes_in(response) == [newer.code, older.code]
    assert "best matches first" in response.content.decode()
    assert "best matches first" not in client.get("/cases/?q=bakery&sort=-date").content.decode()


def test_a_search_matching_more_than_can_be_ranked_keeps_the_date_order_and_says_so(client, editor, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    cases = [published(editor, title=f"Strike on a bakery {n}", occurred_on=datetime.date(2019, 1, n + 1))
             for n in range(4)]
    response = client.get("/cases/?q=bakery")
    assert codes_in(response) == [case.code for case in reversed(cases)]
    assert "Too many to list the best matches first" in response.content.decode()


def test_admin_search_finds_whole_words_of_titles_places_codes_and_public_excerpts(editor_client):
    wanted = make_incident(title="Strike on the Hajin bakery", place_name_local="هجين")
    other = make_incident(title="Strike on a market")
    make_claim(other, excerpt="Witnesses described the smoke.")
    secret = make_claim(make_incident(title="Third"), source=make_source(is_confidential=True),
                        excerpt="A name withheld here.")

    def found(term):
        response = editor_client.get("/admin/incidents/incident/", {"q": term})
        return {case.code for case in response.context["cl"].result_list}

    assert found("hajin") == found("هجين") == found(wanted.code) == {wanted.code}
    assert found("smoke") == {other.code}
    assert found("withheld") == set()  # confidential excerpts: the claims list searches them
    assert secret.incident.code in found("third")


# --- the source-kind filter reads each case's stored bit set of public source kinds ------------


def kind_filter(client, kind):
    return codes_in(client.get("/cases/", {"source_kind": kind}))


def test_a_source_whose_kind_is_corrected_moves_its_cases_between_kind_filters(client, editor):
    case = published(editor, title="Strike on a bakery")
    make_claim(case, source=make_source(kind="news_report"))
    source = make_source(kind="news_report")
    make_claim(case, source=source)
    other = published(editor, title="Strike on a school")
    make_claim(other, source=make_source(kind="imagery"))
    assert (kind_filter(client, "news_report"), kind_filter(client, "ngo_report")) == ([case.code], [])

    source = type(source).objects.get(pk=source.pk)
    source.kind = "ngo_report"
    source.save()
    assert (kind_filter(client, "news_report"), kind_filter(client, "ngo_report")) == ([case.code], [case.code])
    assert kind_filter(client, "imagery") == [other.code]


def test_a_source_turned_confidential_no_longer_lists_its_cases_under_its_kind(client, editor):
    case = published(editor, title="Strike on a bakery")
    source = make_source(kind="social_media")
    make_claim(case, source=source)
    assert kind_filter(client, "social_media") == [case.code]

    source = type(source).objects.get(pk=source.pk)
    source.is_confidential = True
    source.save()
    assert kind_filter(client, "social_media") == []


def test_removing_the_only_claim_on_a_kind_removes_the_case_from_that_filter(client, editor):
    case = published(editor, title="Strike on a bakery")
    make_claim(case, source=make_source(kind="news_report"))
    claim = make_claim(case, source=make_source(kind="belligerent_statement"))
    assert kind_filter(client, "belligerent_statement") == [case.code]
    claim.delete()
    assert kind_filter(client, "belligerent_statement") == []
    assert kind_filter(client, "news_report") == [case.code]


def test_the_migration_fills_the_source_kinds_of_existing_cases(client, editor):
    from django.apps import apps

    from incidents.models import Incident

    fill = import_module("incidents.migrations.0011_public_source_kinds").fill_source_kinds
    case = published(editor, title="Strike on a bakery")
    make_claim(case, source=make_source(kind="ngo_report"))
    make_claim(case, source=make_source(kind="imagery"))
    make_claim(case, source=make_source(kind="witness_testimony", is_confidential=True))
    expected = Incident.objects.get(pk=case.pk).public_source_kinds
    Incident.objects.update(public_source_kinds=0)
    assert kind_filter(client, "ngo_report") == []
    fill(apps, None)
    assert Incident.objects.get(pk=case.pk).public_source_kinds == expected != 0
    assert (kind_filter(client, "ngo_report"), kind_filter(client, "imagery")) == ([case.code], [case.code])
    assert kind_filter(client, "witness_testimony") == []
