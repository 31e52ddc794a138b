"""The public case list, case page and history: filters, sorting, 404s, the figures table,
the timeline, and query counts that do not grow with the data."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import services
from incidents.choices import ReviewStatus
from incidents.models import Incident
from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source
from tests.public_pages import PUBLIC_PAGES, codes_in, h1_count, published

pytestmark = pytest.mark.django_db


# --- the list and its filters -------------------------------------------------------------------


@pytest.fixture
def cases(editor):
    coalition, russia = make_party(name="US-led Coalition"), make_party(name="Russian Armed Forces")
    baghuz = published(editor, title="Strikes on a camp", place_name="Baghuz", country="SY",
                       occurred_on=datetime.date(2019, 3, 18), parties=[coalition])
    make_claim(baghuz, killed_min=4, killed_max=80, source=make_source(kind="news_report"))
    make_investigation(baghuz, kind="command_investigation")
    services.incident_mark_credible(baghuz, actor=editor, rationale="Conceded.")
    mosul = published(editor, title="Strike on a house", place_name="Mosul", country="IQ",
                      occurred_on=datetime.date(2017, 6, 1), parties=[coalition])
    make_claim(mosul, killed_min=2, killed_max=3, source=make_source(kind="ngo_report"))
    idlib = published(editor, title="Strike on a market", place_name="Idlib", country="SY",
                      occurred_on=datetime.date(2020, 1, 15), parties=[russia])
    make_claim(idlib, killed_min=20, killed_max=30, source=make_source(kind="witness_testimony", is_confidential=True))
    hidden = make_incident(title="Unpublished strike", place_name="Raqqa", country="SY")
    return {"baghuz": baghuz, "mosul": mosul, "idlib": idlib, "hidden": hidden, "coalition": coalition}


def test_the_list_shows_published_cases_newest_first(client, cases):
    response = client.get("/cases/")
    assert codes_in(response) == [cases["idlib"].code, cases["baghuz"].code, cases["mosul"].code]
    assert cases["hidden"].code not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "credible"}, ["baghuz"]),
        ({"country": "SY"}, ["idlib", "baghuz"]),
        ({"country": "SY", "status": "credible"}, ["baghuz"]),
        ({"date_from": "2018-01-01", "date_to": "2019-12-31"}, ["baghuz"]),
        ({"min_killed": "25"}, ["idlib", "baghuz"]),
        ({"source_kind": "ngo_report"}, ["mosul"]),
        ({"source_kind": "witness_testimony"}, []),  # confidential sources never count
        ({"investigation": "any"}, ["baghuz"]),
        ({"investigation": "command_investigation"}, ["baghuz"]),
        ({"investigation": "inspector_general"}, []),
        ({"q": "baghuz"}, ["baghuz"]),
        ({"q": "MARKET"}, ["idlib"]),
        ({"q": "strike house"}, ["mosul"]),
        ({"q": "Raqqa"}, []),  # unpublished
    ],
)
def test_each_filter_and_combination_selects_the_right_cases(client, cases, params, expected):
    assert codes_in(client.get("/cases/", params)) == [cases[name].code for name in expected]


def test_party_filter_lists_a_case_once_even_with_several_parties(client, cases, editor):
    other = make_party(name="Iraqi Security Forces")
    services.incident_save(cases["mosul"], actor=editor)
    cases["mosul"].party_links.create(party=other)
    response = client.get("/cases/", {"party": cases["coalition"].pk})
    assert codes_in(response) == [cases["baghuz"].code, cases["mosul"].code]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("date", ["mosul", "baghuz", "idlib"]), ("-deaths", ["baghuz", "idlib", "mosul"]),
     ("deaths", ["mosul", "idlib", "baghuz"]), ("-updated", None)],
)
def test_sorting(client, cases, sort, expected):
    codes = codes_in(client.get("/cases/", {"sort": sort}))
    if expected is None:
        expected_codes = list(Incident.objects.public().order_by("-updated_at", "-id").values_list("code", flat=True))
        assert codes == expected_codes
    else:
        assert codes == [cases[name].code for name in expected]


def test_filters_stay_in_the_page_links(client, editor):
    for number in range(30):
        published(editor, title=f"Case {number}", country="SY")
    response = client.get("/cases/", {"country": "SY", "sort": "date"})
    page = response.content.decode()
    assert 'href="?country=SY&amp;sort=date&amp;page=2"' in page
    second = client.get("/cases/", {"country": "SY", "sort": "date", "page": "2"})
    assert len(second.context["page"].object_list) == 5


def test_an_invalid_filter_is_explained_beside_its_field_and_lists_nothing(client, cases):
    response = client.get("/cases/", {"date_from": "yesterday", "min_killed": "-3"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_date_from-error"' in page and "Enter a valid date." in page
    assert 'id="id_min_killed-error"' in page
    assert response.context["page"].object_list == []


def test_the_list_never_counts_more_rows_than_its_cap(client, cases):
    with CaptureQueriesContext(connection) as queries:
        client.get("/cases/")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)


def test_the_list_runs_the_same_queries_for_one_case_and_for_many(client, editor):
    party = make_party()
    published(editor, parties=[party])
    client.get("/cases/")
    with CaptureQueriesContext(connection) as one_warm:
        client.get("/cases/")
    cache.clear()
    with CaptureQueriesContext(connection) as one_cold:
        client.get("/cases/")
    for _ in range(40):
        published(editor, parties=[party, make_party()])
    with CaptureQueriesContext(connection) as many_cold:  # the log moved: the filter choices are read anew
        client.get("/cases/")
    with CaptureQueriesContext(connection) as many_warm:
        client.get("/cases/")
    assert len(one_cold) == len(many_cold) <= 5
    # Warm, the capped count and the filter choices come from the cache: the log head, the page
    # and its parties remain.
    assert len(one_warm) == len(many_warm) == len(one_cold) - 2 == 3


def test_a_cached_count_moves_with_the_log(client, editor):
    published(editor, title="Strike on a bakery", country="SY")
    assert client.get("/cases/", {"country": "SY"}).context["page"].count == 1
    published(editor, title="Strike on a school", country="SY")
    assert client.get("/cases/", {"country": "SY"}).context["page"].count == 2
    assert client.get("/cases/", {"country": "IQ"}).context["page"].count == 0


# --- one case -------------------------------------------------------------------------------


def test_an_unpublished_case_is_not_found_for_readers_and_bannered_for_staff(client, researcher):
    case = make_incident(title="Still being checked")
    assert client.get(f"/cases/{case.code}/").status_code == 404
    assert client.get(f"/cases/{case.code}/history/").status_code == 404
    client.force_login(researcher)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "Not published." in page and "Still being checked" in page


def test_an_unknown_code_is_not_found(client):
    assert client.get("/cases/SY-9999/").status_code == 404


def test_baghuz_claims_side_by_side_with_derived_and_conceded_figures_apart(client, demo):
    response = client.get(f"/cases/{demo.code}/")
    page = response.content.decode()
    claims = {claim.claimant: claim for claim in response.context["claims"]}
    assert claims["US Central Command"].figures["killed"] == "at least 4"
    assert claims["US Central Command"].stance == "Concedes harm"
    assert claims["The New York Times"].figures["killed"] == "up to 64"
    assert claims["World Socialist Web Site"].figures["killed"] == "at least 80"
    assert 'id="derived-killed">4–80<' in page
    assert 'id="conceded-killed">4 killed, 8 injured<' in page
    assert page.count("<tr class=\"") >= len(claims)


def test_an_excluded_claim_is_shown_as_excluded_with_its_reason(client, editor):
    case = published(editor)
    claim = make_claim(case, claimant="An early local report", killed_min=300, killed_max=300)
    services.claim_exclude(claim, actor=editor, reason="Superseded by the same monitor's correction.")
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "An early local report" in page
    assert "Excluded:</strong> <span dir=\"auto\">Superseded by the same monitor&#x27;s correction." in page
    assert 'id="derived-killed">–<' in page


def test_the_timeline_merges_claims_investigations_and_decisions_in_date_order(client, demo):
    entries = client.get(f"/cases/{demo.code}/").context["timeline"]
    dated = [entry.on for entry in entries if entry.on]
    assert dated == sorted(dated)
    assert {"claim", "investigation", "decision"} <= {entry.kind for entry in entries}
    decision = next(entry for entry in entries if entry.title == "Assessed credible")
    assert decision.reason.startswith("The party concedes at least four civilians killed")


def test_a_claim_on_a_confidential_source_shows_figures_but_not_who_or_what(client, editor):
    case = published(editor)
    secret = make_source(title="Interview with a survivor", publisher="Casework field team", is_confidential=True)
    make_claim(case, source=secret, claimant="Umm Khalid", excerpt="I saw my neighbours die", killed_min=7,
               killed_max=9)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "A confidential source" in page and "7–9" in page
    for secret_text in ("Umm Khalid", "I saw my neighbours die", "Interview with a survivor", "Casework field team"):
        assert secret_text not in page
    assert "1 confidential source is not listed" in page


def test_the_case_page_runs_the_same_queries_for_one_claim_and_for_thirty(client, editor):
    case = published(editor, parties=[make_party()])
    make_claim(case, killed_min=1)
    make_investigation(case).sources.add(make_source())
    client.get(f"/cases/{case.code}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.code}/")
    for number in range(29):
        make_claim(case, killed_min=number, source=make_source(is_confidential=number % 3 == 0))
    for _ in range(5):
        investigation = make_investigation(case)
        investigation.sources.add(make_source())
    with CaptureQueriesContext(connection) as thirty:
        client.get(f"/cases/{case.code}/")
    assert len(one) == len(thirty) <= 10


def test_the_history_page_shows_each_entry_with_its_hashes_and_no_internal_note(client, editor):
    case = make_incident()
    services.incident_start_review(case, actor=editor, internal_note="Ask the Syria desk about the second strike.")
    case = services.incident_publish(case, actor=editor, rationale="Ready.")
    page = client.get(f"/cases/{case.code}/history/").content.decode()
    for event in case.events.all():
        assert event.hash in page and event.prev_hash in page and event.internal_digest() in page
    assert "Ask the Syria desk" not in page
    assert "eddie.editor" not in page and "Editor" in page


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_one_h1_and_no_inline_script_or_style(client, demo, path):
    html = client.get(path).content.decode()
    assert h1_count(html) == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert "style=" not in html and "<style" not in html


def test_the_case_and_history_pages_have_one_h1_and_no_inline_script_or_style(client, demo):
    for path in (f"/cases/{demo.code}/", f"/cases/{demo.code}/history/"):
        html = client.get(path).content.decode()
        assert h1_count(html) == 1
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "style=" not in html and "<style" not in html


def test_arabic_place_names_render_in_their_own_direction(client, demo):
    page = client.get(f"/cases/{demo.code}/").content.decode()
    assert '<span lang="ar" dir="auto" class="local-name">الباغوز</span>' in page


def test_user_text_is_escaped_not_run(client, editor):
    case = published(editor, title='<script>alert("x")</script>', summary="<img src=x onerror=alert(1)>")
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert '<script>alert("x")</script>' not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_the_home_page_gives_totals_and_the_credible_deaths_range_with_its_method(client, cases, editor):
    page = client.get("/").content.decode()
    assert "<strong>3</strong> in all" in page
    assert "<strong>1</strong> credible" in page
    assert "<strong>4–80</strong>" in page
    assert "How this is counted" in page


def test_the_feed_lists_published_cases_only(client, cases):
    feed = client.get("/feeds/cases.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert cases["baghuz"].code in body and cases["hidden"].code not in body


def test_search_finds_the_same_single_words_on_either_database(client, demo):
    """The same results are asserted on SQLite and on PostgreSQL (the suite runs on both)."""
    expectations = {"baghuz": ["SY-0001"], "الباغوز": ["SY-0001"], "kabul": ["AF-0002"], "nothere": []}
    for word, expected in expectations.items():
        assert codes_in(client.get("/cases/", {"q": word})) == expected, word
    assert ReviewStatus.CREDIBLE == Incident.objects.get(code="SY-0001").status


def test_the_list_says_how_many_cases_match(client, editor):
    published(editor)
    assert "1 case matches; showing 1–1." in client.get("/cases/").content.decode()
    published(editor)
    assert "2 cases match; showing 1–2." in client.get("/cases/").content.decode()
