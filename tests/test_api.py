"""The read-only public API: the list and its filters as on the page, cursor pages, one case by
the public rules, no writes, no leaks, a valid schema, docs without a CDN, fixed query counts,
throttling, and the same bytes in every language."""

import datetime
import json
import re
from base64 import urlsafe_b64encode
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle

from incidents import services
from incidents.choices import ReviewStatus
from incidents.filters import SORTS
from incidents.models import GENESIS_HASH, CaseEvent, Claim, Incident, Investigation, Party, Source
from incidents.models.history import canonical_json, sha256_hex
from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source
from tests.public_pages import codes_in, published

pytestmark = pytest.mark.django_db

CANARY = "CANARY5d21c0"
LIST_FIELDS = {
    "code", "url", "html_url", "title", "occurred_on", "occurred_until", "date_precision", "country", "place_name",
    "place_name_local", "latitude", "longitude", "location_precision", "strike_type", "parties", "status",
    "non_credible_reason", "duplicate_of", "killed_min", "killed_max", "injured_min", "injured_max",
    "conceded_killed", "conceded_injured", "published_at", "updated_at",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """DRF's throttle counts requests in Django's cache; every test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


def api(client, path, params=None, **extra):
    response = client.get(path, params or {}, **extra)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    return response.json()


def api_codes(client, params=None):
    return [item["code"] for item in api(client, "/api/cases/", params)["results"]]


def walk(client, first_url, link):
    """Follow `link` ("next" or "previous") from `first_url`; the codes page by page."""
    pages, url = [], first_url
    while url:
        body = api(client, url)
        pages.append([item["code"] for item in body["results"]])
        url = body[link]
    return pages


# --- the list and its filters -----------------------------------------------------------------


@pytest.fixture
def cases(editor):
    coalition, russia = make_party(name="US-led Coalition"), make_party(name="Russian Armed Forces")
    baghuz = published(editor, title="Strikes on a camp", place_name="Baghuz", country="SY",
                       occurred_on=datetime.date(2019, 3, 18), parties=[coalition], latitude="34.462500",
                       longitude="40.936900", location_precision="village_or_town")
    make_claim(baghuz, killed_min=4, killed_max=80, source=make_source(kind="news_report"))
    make_investigation(baghuz, kind="command_investigation")
    services.incident_mark_credible(baghuz, actor=editor, rationale="Conceded.")
    mosul = published(editor, title="Strike on a house", place_name="Mosul", country="IQ",
                      occurred_on=datetime.date(2017, 6, 1), parties=[coalition])
    make_claim(mosul, killed_min=2, killed_max=3, source=make_source(kind="ngo_report"))
    idlib = published(editor, title="Strike on a market", place_name="Idlib", country="SY",
                      occurred_on=datetime.date(2020, 1, 15), parties=[russia])
    make_claim(idlib, killed_min=20, killed_max=30, source=make_source(kind="witness_testimony", is_confidential=True))
    hidden = make_incident(title="Unpublished strike", place_name="Raqqa", country="SY", parties=[russia])
    return {"baghuz": baghuz, "mosul": mosul, "idlib": idlib, "hidden": hidden, "coalition": coalition,
            "russia": russia}


def test_the_list_shows_published_cases_newest_first_with_stored_values(client, cases):
    body = api(client, "/api/cases/")
    assert [item["code"] for item in body["results"]] == [cases[n].code for n in ("idlib", "baghuz", "mosul")]
    assert body["previous"] is None and body["next"] is None
    baghuz = body["results"][1]
    assert set(baghuz) == LIST_FIELDS
    code = cases["baghuz"].code
    assert baghuz["url"] == f"http://testserver/api/cases/{code}/"
    assert baghuz["html_url"] == f"http://testserver/cases/{code}/"
    assert baghuz["occurred_on"] == "2019-03-18" and baghuz["occurred_until"] is None
    assert baghuz["country"] == "SY" and baghuz["status"] == "credible" and baghuz["strike_type"] == "unknown"
    assert baghuz["latitude"] == 34.4625 and baghuz["longitude"] == 40.9369  # numbers, not strings
    assert baghuz["killed_min"] == 4 and baghuz["killed_max"] == 80 and baghuz["injured_min"] is None
    assert baghuz["parties"] == [{"id": cases["coalition"].pk, "name": "US-led Coalition",
                                  "short_name": cases["coalition"].short_name, "role": "suspected"}]
    assert baghuz["duplicate_of"] is None and baghuz["non_credible_reason"] == ""
    assert "summary" not in baghuz and "internal_notes" not in baghuz


def test_a_duplicate_names_its_original_by_code(client, cases, editor):
    copy = published(editor, title="The camp strike again", occurred_on=datetime.date(2019, 3, 18))
    services.incident_mark_duplicate(copy, actor=editor, original=cases["baghuz"], rationale="Same strike.")
    item = next(i for i in api(client, "/api/cases/")["results"] if i["code"] == copy.code)
    assert item["status"] == "duplicate" and item["duplicate_of"] == cases["baghuz"].code


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "credible"}, ["baghuz"]),
        ({"country": "SY"}, ["idlib", "baghuz"]),
        ({"country": "SY", "status": "credible"}, ["baghuz"]),
        ({"date_from": "2018-01-01"}, ["idlib", "baghuz"]),
        ({"date_to": "2019-12-31"}, ["baghuz", "mosul"]),
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
        ({"sort": "date"}, ["mosul", "baghuz", "idlib"]),
        ({"sort": "-deaths"}, ["baghuz", "idlib", "mosul"]),
        ({"sort": "deaths", "country": "SY"}, ["idlib", "baghuz"]),
    ],
)
def test_each_filter_narrows_the_list_as_on_the_page(client, cases, params, expected):
    assert api_codes(client, params) == [cases[name].code for name in expected]
    assert api_codes(client, params) == codes_in(client.get("/cases/", params))


def test_the_party_filter_takes_an_id_from_the_parties_endpoint(client, cases):
    parties = api(client, "/api/parties/")
    russia = next(party for party in parties if party["name"] == "Russian Armed Forces")
    assert api_codes(client, {"party": russia["id"]}) == [cases["idlib"].code]
    assert api_codes(client, {"party": cases["coalition"].pk}) == [cases["baghuz"].code, cases["mosul"].code]


def test_invalid_filter_values_give_400_with_a_message_per_field(client, cases):
    bad = {"date_from": "yesterday", "date_to": "2019-02-30", "min_killed": "-1", "status": "sort-of",
           "country": "XX", "party": "999999", "source_kind": "rumour", "investigation": "séance", "sort": "sideways"}
    response = client.get("/api/cases/", bad)
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == set(bad)
    assert all(isinstance(messages, list) and messages and all(messages) for messages in errors.values())
    assert errors["date_from"] == ["Enter a valid date."]
    assert client.get("/api/cases/", {"status": "credible", "min_killed": "many"}).json() == {
        "min_killed": ["Enter a number."]}


def test_the_parties_endpoint_lists_only_parties_in_published_cases(client, cases):
    make_party(name="A party in no case")
    only_hidden = make_party(name="Only in an unpublished case")
    make_incident(parties=[only_hidden])
    assert api(client, "/api/parties/") == [
        {"id": p.pk, "name": p.name, "short_name": p.short_name, "kind": p.kind}
        for p in (cases["russia"], cases["coalition"])
    ]


# --- cursor pages ---------------------------------------------------------------------------------


@pytest.fixture
def many_cases(editor):
    """Thirteen cases with repeated dates, repeated figures and cases without any figure."""
    parties = [make_party(), make_party()]
    days = [datetime.date(2018, 1, 1), datetime.date(2018, 1, 1), datetime.date(2019, 5, 5)]
    made = []
    for n in range(13):
        case = published(editor, title=f"Strike {n}", occurred_on=days[n % 3], parties=parties[: n % 3])
        if n % 4:  # every fourth case has no claim, so no figure at all
            make_claim(case, killed_min=0, killed_max=(n % 3) * 10)
        made.append(case)
    return made


@pytest.mark.parametrize("sort", ["", *SORTS])
def test_cursor_pages_walk_every_case_once_in_the_pages_order_both_ways(client, many_cases, sort):
    params = {"sort": sort} if sort else {}
    expected = codes_in(client.get("/cases/", params))  # 13 cases: one page of the public list
    assert len(expected) == 13
    query = f"?sort={sort}&page_size=4" if sort else "?page_size=4"
    forward = walk(client, f"/api/cases/{query}", "next")
    assert [len(page) for page in forward] == [4, 4, 4, 1]
    assert [code for page in forward for code in page] == expected

    # From the last page back to the first, by the `previous` links.
    last = api(client, f"/api/cases/{query}")
    while last["next"]:
        last = api(client, last["next"])
    backward = walk(client, last["previous"], "previous")
    assert [code for page in reversed(backward) for code in page] == expected[:-1]


def test_a_page_stays_put_when_a_case_is_published_before_it(client, many_cases, editor):
    first = api(client, "/api/cases/", {"page_size": 5})
    published(editor, title="A newer strike", occurred_on=datetime.date(2020, 2, 2))
    second = api(client, first["next"])
    assert second["results"][0]["code"] not in [item["code"] for item in first["results"]]
    assert len(second["results"]) == 5


def test_a_bad_cursor_or_one_from_another_sort_is_refused(client, many_cases):
    first = api(client, "/api/cases/", {"page_size": 4})
    cursor = re.search(r"cursor=([^&]+)", first["next"]).group(1)
    assert client.get("/api/cases/", {"cursor": cursor}).status_code == 200
    assert client.get("/api/cases/", {"cursor": cursor, "sort": "-deaths"}).status_code == 404
    forged = urlsafe_b64encode(json.dumps(["-date", 0, ["2019-05-05", "DROP TABLE"]]).encode()).decode()
    for bad in ("not-a-cursor", "e30", forged):
        response = client.get("/api/cases/", {"cursor": bad})
        assert response.status_code == 404 and response.json() == {"detail": "Invalid cursor."}


# --- one case -------------------------------------------------------------------------------------


@pytest.fixture
def case_with_three_claims(editor):
    case = published(editor, title="Strike on a bakery", summary="A bakery was hit at dawn.",
                     occurred_on=datetime.date(2019, 3, 18), parties=[make_party(name="US-led Coalition")])
    normal = make_claim(case, claimant="Airwars", killed_min=4, killed_max=5, excerpt="Four to five civilians.",
                        source=make_source(title="Airwars report", published_on=datetime.date(2019, 3, 20)))
    post = make_source(title="A post", kind="social_media", published_on=datetime.date(2019, 3, 19))
    excluded = make_claim(case, claimant="A local page", killed_min=40, killed_max=40, source=post)
    services.claim_exclude(excluded, actor=editor, reason="Counted another strike.")
    secret = make_source(title="Witness statement", publisher="Field team", is_confidential=True)
    confidential = make_claim(case, claimant="A neighbour", excerpt="I saw it.", killed_min=6, killed_max=7,
                              stance="alleges_harm", source=secret)
    investigation = make_investigation(case, authority="CENTCOM", kind="credibility_assessment",
                                       outcome="credible", closed_on=datetime.date(2019, 9, 1), conceded_killed=2,
                                       findings="Two civilians killed.")
    investigation.sources.add(secret, normal.source)
    services.incident_mark_credible(case, actor=editor, rationale="The accounts agree.")
    return case, normal, excluded, confidential


def test_a_case_shows_its_claims_by_the_public_rules(client, case_with_three_claims):
    case, normal, excluded, confidential = case_with_three_claims
    body = api(client, f"/api/cases/{case.code}/")
    assert set(body) >= LIST_FIELDS | {"summary", "claims", "investigations", "sources", "confidential_sources",
                                       "history"}
    assert body["summary"] == "A bakery was hit at dawn." and body["status"] == "credible"
    assert body["killed_min"] == 4 and body["killed_max"] == 7 and body["conceded_killed"] == 2
    claims = {claim["id"]: claim for claim in body["claims"]}

    shown = claims[normal.pk]
    assert shown["claimant"] == "Airwars" and shown["claimant_kind"] == "monitor" and not shown["confidential"]
    assert shown["excerpt"] == "Four to five civilians." and shown["excerpt_language"] == "en"
    assert shown["source"]["title"] == "Airwars report" and shown["source"]["kind"] == "news_report"
    assert shown["stated_on"] == "2021-11-13" and shown["killed_min"] == 4 and shown["women_killed_min"] is None
    assert shown["is_excluded"] is False and shown["exclusion_reason"] == ""

    left_out = claims[excluded.pk]
    assert left_out["is_excluded"] is True and left_out["exclusion_reason"] == "Counted another strike."
    assert left_out["killed_max"] == 40

    hidden = claims[confidential.pk]
    assert hidden["claimant"] == "A confidential source" and hidden["confidential"] is True
    assert hidden["claimant_kind"] == "" and hidden["excerpt"] == "" and hidden["excerpt_language"] == ""
    assert hidden["source"] is None
    assert (hidden["killed_min"], hidden["killed_max"], hidden["stance"]) == (6, 7, "alleges_harm")

    [investigation] = body["investigations"]
    assert investigation["authority"] == "CENTCOM" and investigation["outcome"] == "credible"
    assert investigation["closed_on"] == "2019-09-01" and investigation["findings"] == "Two civilians killed."
    assert [source["title"] for source in investigation["sources"]] == ["Airwars report"]
    assert [source["title"] for source in body["sources"]] == ["A post", "Airwars report"]  # oldest first
    assert body["confidential_sources"] == 1
    body_text = json.dumps(body)
    assert "Witness statement" not in body_text and "A neighbour" not in body_text and "I saw it." not in body_text


def test_a_cases_history_is_its_log_entries_and_each_hash_can_be_recomputed(client, case_with_three_claims):
    case = case_with_three_claims[0]
    history = api(client, f"/api/cases/{case.code}/")["history"]
    events = list(CaseEvent.objects.filter(incident=case).order_by("seq"))
    assert [entry["seq"] for entry in history] == [event.seq for event in events]
    assert [entry["kind"] for entry in history][-1] == "marked_credible"
    for entry, event in zip(history, events, strict=True):
        assert set(entry) == {"seq", "recorded_at", "kind", "actor_role", "rationale", "details", "internal_digest",
                              "prev_hash", "hash"}
        assert entry["hash"] == event.hash and entry["prev_hash"] == event.prev_hash
        # What a reader can recompute from the response alone, as docs/verifying-the-history.md says.
        public = {key: entry[key] for key in ("seq", "recorded_at", "kind", "actor_role", "rationale", "details")}
        public_digest = sha256_hex(canonical_json({**public, "case": case.code}))
        recomputed = sha256_hex(f"{entry['prev_hash']}\n{public_digest}\n{entry['internal_digest']}".encode())
        assert recomputed == entry["hash"]
    assert history[-1]["actor_role"] == "editor" and history[-1]["rationale"] == "The accounts agree."


def test_an_unpublished_or_unknown_case_is_not_found_and_a_lower_case_code_is_found(client, editor):
    hidden = make_incident(title="Still being checked")
    assert client.get(f"/api/cases/{hidden.code}/").status_code == 404
    assert client.get("/api/cases/ZZ-9999/").status_code == 404
    shown = published(editor)
    assert client.get(f"/api/cases/{shown.code.lower()}/").json()["code"] == shown.code
    services.incident_unpublish(shown, actor=editor, reason="Checking the place again.")
    assert client.get(f"/api/cases/{shown.code}/").status_code == 404
    assert api(client, "/api/cases/")["results"] == []


# --- the log head, the root, the methods ------------------------------------------------------------


def test_the_log_head_is_the_newest_entry_or_zeros_when_the_log_is_empty(client, editor):
    assert api(client, "/api/log/head/") == {"seq": 0, "hash": GENESIS_HASH, "recorded_at": None}
    published(editor)
    newest = CaseEvent.objects.order_by("-seq").first()
    assert api(client, "/api/log/head/") == {
        "seq": newest.seq, "hash": newest.hash,
        "recorded_at": newest.recorded_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
    }
    assert api(client, "/log/head.json")["hash"] == newest.hash  # the page says the same


def test_the_api_root_sends_readers_to_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == "/api/docs/"


def endpoint_paths(code):
    return ["/api/", "/api/cases/", f"/api/cases/{code}/", "/api/parties/", "/api/log/head/", "/api/schema/",
            "/api/docs/"]


def state():
    return (
        list(Incident.objects.order_by("pk").values_list("pk", "version", "is_published", "status")),
        [model.objects.count() for model in (Claim, Source, Investigation, Party, CaseEvent)],
    )


def test_every_endpoint_answers_head_and_options(client, case_with_three_claims):
    for path in endpoint_paths(case_with_three_claims[0].code):
        assert client.head(path).status_code in (200, 302), path
        assert client.options(path).status_code == 200, path


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405_on_every_endpoint_and_change_nothing(case_with_three_claims, method):
    client = Client(enforce_csrf_checks=True)  # as a browser would send them
    case = case_with_three_claims[0]
    before = state()
    for path in endpoint_paths(case.code):
        response = getattr(client, method)(path, data=json.dumps({"status": "non_credible", "title": "Changed"}),
                                           content_type="application/json")
        assert response.status_code == 405, (method, path, response.status_code)
        assert "POST" not in response.get("Allow", "")
    assert state() == before


# --- nothing internal leaks --------------------------------------------------------------------------


@pytest.fixture
def planted(editor):
    case = published(editor, title="Strike on a bakery", internal_notes=f"Call {CANARY} back", parties=[make_party()])
    secret = make_source(
        title=f"Testimony of {CANARY}", publisher=f"{CANARY} field team", url=f"https://example.org/{CANARY}",
        archive_url=f"https://archive.example.org/{CANARY}", internal_notes=f"Met {CANARY} at night",
        kind="witness_testimony", is_confidential=True,
    )
    make_claim(case, source=secret, claimant=f"{CANARY} (a neighbour)", excerpt=f"{CANARY} saw it",
               killed_min=5, killed_max=6)
    make_claim(case, claimant="Airwars", killed_min=4, killed_max=5,
               source=make_source(internal_notes=f"{CANARY} vouches for it"))
    make_investigation(case, internal_notes=f"{CANARY} is the investigator's source").sources.add(secret)
    services.incident_mark_credible(case, actor=editor, rationale="Several accounts agree.",
                                    internal_note=f"Relied on {CANARY}")
    assert CaseEvent.objects.filter(internal_note__contains=CANARY).exists()
    return case


def test_the_canary_appears_in_no_api_response(client, planted):
    paths = [
        *endpoint_paths(planted.code), "/api/schema/?format=json", "/api/docs/?script=",
        f"/api/cases/?q={CANARY}", f"/api/cases/?q={planted.code}", "/api/cases/?source_kind=witness_testimony",
        "/api/cases/?sort=-deaths", f"/api/cases/{planted.code.lower()}/",
    ]
    for path in paths:
        for method in ("get", "options"):
            response = getattr(client, method)(path, follow=True)
            assert response.status_code == 200, (method, path)
            assert CANARY.encode() not in response.content, f"the canary leaked in {method.upper()} {path}"
    assert api(client, "/api/cases/", {"q": CANARY})["results"] == []
    claims = api(client, f"/api/cases/{planted.code}/")["claims"]
    assert {(c["claimant"], c["killed_max"]) for c in claims} == {("A confidential source", 6), ("Airwars", 5)}


# --- schema and docs ------------------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_3_without_a_warning(client, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"),
                 stdout=StringIO(), stderr=StringIO())
    schema = api(client, "/api/schema/", {"format": "json"})
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/cases/", "/api/cases/{code}/", "/api/parties/", "/api/log/head/"}
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    parameters = {p["name"] for p in schema["paths"]["/api/cases/"]["get"]["parameters"]}
    assert parameters == {"q", "status", "country", "party", "date_from", "date_to", "min_killed", "source_kind",
                          "investigation", "sort", "cursor", "page_size"}
    assert client.get("/api/schema/").content.startswith(b"openapi: 3.")  # YAML by default


def test_the_docs_page_loads_its_scripts_and_styles_from_static_files_only(client):
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="' in attributes for attributes in scripts)  # no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "//" not in "".join(sources)  # no other host
    static = [url for url in sources if url.startswith("/static/")]
    assert {url.rsplit("/", 1)[-1] for url in static} >= {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                                                          "swagger-ui.css"}
    assert all(finders.find(url.removeprefix("/static/")) for url in static)
    [init] = [url for url in sources if not url.startswith("/static/")]
    script = client.get(init.replace("&amp;", "&"))
    assert script["Content-Type"].startswith("application/javascript") and b"/api/schema/" in script.content


# --- query counts, throttling, language -------------------------------------------------------------------


def count_queries(client, path):
    client.get(path)  # warm up: content types, country list and the like are not what is measured
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_one_case_and_for_thirty(client, editor):
    parties = [make_party(), make_party()]
    original = published(editor, parties=parties)
    one = count_queries(client, "/api/cases/?page_size=50")
    for n in range(29):
        case = published(editor, title=f"Strike {n}", parties=parties)
        make_claim(case, killed_min=n, killed_max=n + 1)
        if n % 5 == 0:
            services.incident_mark_duplicate(case, actor=editor, original=original, rationale="The same.")
    assert len(api(client, "/api/cases/?page_size=50")["results"]) == 30
    thirty = count_queries(client, "/api/cases/?page_size=50")
    assert one == thirty == 2  # the page of cases (duplicate codes joined in), their party links
    # Checking the party and country: the log head's number, for the cached choices in use.
    assert count_queries(client, f"/api/cases/?page_size=50&party={parties[0].pk}&country=SY") == 3


def test_a_case_runs_the_same_queries_for_one_claim_and_for_thirty(client, editor):
    case = published(editor, parties=[make_party(), make_party()])
    make_claim(case, killed_min=1, killed_max=2)
    make_investigation(case).sources.add(make_source())
    path = f"/api/cases/{case.code}/"
    one = count_queries(client, path)
    for n in range(29):
        claim = make_claim(case, killed_min=n, killed_max=n + 2,
                           source=make_source(is_confidential=bool(n % 3 == 0)))
        if n % 4 == 0:
            services.claim_exclude(claim, actor=editor, reason="Superseded.")
        if n % 10 == 0:
            make_investigation(case).sources.add(claim.source, make_source(is_confidential=True))
    assert len(api(client, path)["claims"]) == 30
    thirty = count_queries(client, path)
    # The case, party links, claims with their sources, investigations, their sources, log entries.
    assert one == thirty == 6


def test_throttling_answers_429_once_the_anonymous_rate_is_spent(client, settings, monkeypatch):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    # AnonRateThrottle read the rates when DRF was imported; give it the overridden ones.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    assert [client.get("/api/log/head/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/cases/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="192.0.2.7")  # counted per address
    assert other.get("/api/log/head/").status_code == 200


def test_responses_are_the_same_bytes_in_arabic_and_english(client, case_with_three_claims, editor):
    case = case_with_three_claims[0]
    paths = ["/api/cases/", "/api/cases/?sort=-deaths&page_size=1", f"/api/cases/{case.code}/", "/api/parties/",
             "/api/log/head/", "/api/schema/?format=json", "/api/cases/?date_from=yesterday&min_killed=x",
             "/api/cases/ZZ-9999/", "/api/docs/"]
    for path in paths:
        with translation.override("ar"):
            arabic = client.get(path)
            options_ar = client.options(path)
        with translation.override("en"):
            english = client.get(path)
            options_en = client.options(path)
        assert arabic.content == english.content, path
        assert options_ar.content == options_en.content, path
    assert client.get("/api/cases/?date_from=yesterday").json() == {"date_from": ["Enter a valid date."]}
    assert ReviewStatus.CREDIBLE.value.encode() in client.get(f"/api/cases/{case.code}/").content
