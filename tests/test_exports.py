"""The open-data exports: cases CSV, claims CSV (the import format), JSON and GeoJSON of
whatever the public list's filter selects; streamed, in stored values, with nothing that is
not public, and with a query count that does not grow with the number of cases."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from incidents import exports, services
from incidents.choices import NonCredibleReason, PartyRole
from incidents.exchange import COLUMNS
from incidents.importer import plan_import
from incidents.models import CaseEvent, IncidentParty
from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source
from tests.public_pages import published

pytestmark = pytest.mark.django_db

CASES_CSV, CLAIMS_CSV, JSON, GEOJSON = "export-csv", "export-claims-csv", "export-json", "export-geojson"
EXPORTS = [CASES_CSV, CLAIMS_CSV, JSON, GEOJSON]
BOM = b"\xef\xbb\xbf"
CANARY = "CANARY7f3a9e"


def download(client, name, params=None):
    response = client.get(reverse(f"data:{name}"), params or {})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def csv_rows(body):
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body[len(BOM):].decode("utf-8"), newline="")))


def codes_in(name, body):
    """The case codes an export holds, in its order (once per case, even in the claims CSV)."""
    if name == CASES_CSV:
        codes = [row["code"] for row in csv_rows(body)]
    elif name == CLAIMS_CSV:
        codes = [row["case_ref"] for row in csv_rows(body)]
    elif name == JSON:
        codes = [case["code"] for case in json.loads(body)["cases"]]
    else:
        codes = [feature["properties"]["code"] for feature in json.loads(body)["features"]]
    return list(dict.fromkeys(codes))


@pytest.fixture
def cases(editor):
    coalition, russia = make_party(name="US-led Coalition"), make_party(name="Russian Armed Forces")
    baghuz = published(editor, title="Strikes on a camp", country="SY", admin_area="Deir ez-Zor",
                       occurred_on=datetime.date(2019, 3, 18), latitude="34.4606", longitude="40.9383",
                       location_precision="village_or_town", strike_type="airstrike", summary="Two strikes.",
                       parties=[russia])
    IncidentParty.objects.create(incident=baghuz, party=coalition, role=PartyRole.KNOWN)
    report = make_source(title="Airwars report", publisher="Airwars", kind="ngo_report",
                         url="https://airwars.example.org/sy-1", archive_url="https://archive.example.org/sy-1",
                         published_on=datetime.date(2019, 4, 2), language="ar")
    make_claim(baghuz, source=report, claimant="Airwars", claimant_kind="monitor", stated_on=datetime.date(2019, 4, 2),
               killed_min=4, killed_max=80, injured_min=8, injured_max=8, children_killed_min=2,
               combatants_killed=30, excerpt="قتل ٤ مدنيين على الأقل", excerpt_language="ar")
    superseded = make_claim(baghuz, claimant="A local council", killed_min=100, killed_max=120,
                            stated_on=datetime.date(2019, 3, 20))
    services.claim_exclude(superseded, actor=editor, reason="Superseded by the council's own correction.")
    make_investigation(baghuz, authority="CENTCOM", kind="credibility_assessment", opened_on=datetime.date(2019, 5, 1),
                       closed_on=datetime.date(2019, 9, 1), outcome="credible", conceded_killed=4,
                       findings="Four civilians were killed.")
    services.incident_mark_credible(baghuz, actor=editor, rationale="Conceded.")
    mosul = published(editor, title="Strike on a house", country="IQ", place_name="Mosul",
                      occurred_on=datetime.date(2017, 6, 1), occurred_until=datetime.date(2017, 6, 3))
    make_claim(mosul, killed_min=2, killed_max=3)
    services.incident_mark_non_credible(mosul, actor=editor, reason=NonCredibleReason.COMBATANTS,
                                        rationale="Those killed were fighters.")
    hidden = make_incident(title="Unpublished strike", place_name="Raqqa", country="SY")
    make_claim(hidden, killed_min=1, killed_max=1)
    return {"baghuz": baghuz, "mosul": mosul, "hidden": hidden}


# --- the cases CSV ------------------------------------------------------------------------------


def test_the_cases_csv_has_one_row_per_published_case_in_stored_values(client, cases):
    response, body = download(client, CASES_CSV)
    rows = csv_rows(body)
    assert list(rows[0]) == list(exports.CASE_FIELDS)
    baghuz, mosul = cases["baghuz"], cases["mosul"]
    assert [row["code"] for row in rows] == [baghuz.code, mosul.code]
    baghuz.refresh_from_db()
    assert rows[0] == {
        "code": baghuz.code, "title": "Strikes on a camp", "occurred_on": "2019-03-18", "occurred_until": "",
        "date_precision": "day", "country": "SY", "admin_area": "Deir ez-Zor", "place_name": "Baghuz",
        "place_name_local": "الباغوز", "latitude": "34.460600", "longitude": "40.938300",
        "location_precision": "village_or_town", "strike_type": "airstrike",
        "parties": "Russian Armed Forces (suspected); US-led Coalition", "status": "credible",
        "non_credible_reason": "", "duplicate_of": "", "killed_min": "4", "killed_max": "80", "injured_min": "8",
        "injured_max": "8", "conceded_killed": "4", "conceded_injured": "", "claims": "2",
        "published_at": baghuz.published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updated_at": baghuz.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "url": f"http://testserver/cases/{baghuz.code}/",
    }
    assert rows[1]["status"] == "non_credible" and rows[1]["non_credible_reason"] == "combatants"
    assert rows[1]["occurred_until"] == "2017-06-03" and rows[1]["latitude"] == ""


def test_a_duplicate_names_its_original_by_code(client, cases, editor):
    copy = published(editor, title="The camp strikes again", occurred_on=datetime.date(2019, 3, 17))
    services.incident_mark_duplicate(copy, actor=editor, original=cases["baghuz"])
    rows = {row["code"]: row for row in csv_rows(download(client, CASES_CSV)[1])}
    assert rows[copy.code]["status"] == "duplicate"
    assert rows[copy.code]["duplicate_of"] == cases["baghuz"].code


@pytest.mark.parametrize(("name", "prefix"), [(CASES_CSV, "casework-cases-"), (CLAIMS_CSV, "casework-claims-")])
def test_csv_files_are_utf8_attachments_with_a_bom_and_excel_line_endings(client, cases, name, prefix):
    response, body = download(client, name)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{prefix}{today}.csv"'
    assert body.startswith(BOM) and body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert "الباغوز" in body.decode("utf-8")


# --- the claims CSV -----------------------------------------------------------------------------


def test_the_claims_csv_header_is_the_import_format(client, cases):
    body = download(client, CLAIMS_CSV)[1]
    header = next(csv.reader(io.StringIO(body[len(BOM):].decode("utf-8"))))
    assert tuple(header) == COLUMNS


def test_the_claims_csv_has_one_row_per_claim_that_counts_with_its_case_and_source(client, cases):
    rows = csv_rows(download(client, CLAIMS_CSV)[1])
    baghuz, mosul = cases["baghuz"].code, cases["mosul"].code
    # The excluded claim is left out: an import must not bring back what an editor excluded.
    assert [row["case_ref"] for row in rows] == [baghuz, mosul]
    airwars = rows[0]
    assert airwars == {
        "case_ref": baghuz, "title": "Strikes on a camp", "occurred_on": "2019-03-18", "occurred_until": "",
        "country": "SY", "admin_area": "Deir ez-Zor", "place_name": "Baghuz", "place_name_local": "الباغوز",
        "latitude": "34.460600", "longitude": "40.938300", "location_precision": "village_or_town",
        "parties": "Russian Armed Forces (suspected);US-led Coalition (known)", "strike_type": "airstrike",
        "summary": "Two strikes.",
        "source_title": "Airwars report", "source_publisher": "Airwars", "source_kind": "ngo_report",
        "source_url": "https://airwars.example.org/sy-1", "source_archive_url": "https://archive.example.org/sy-1",
        "source_published_on": "2019-04-02", "source_language": "ar",
        "claimant": "Airwars", "claimant_kind": "monitor", "stance": "alleges_harm", "stated_on": "2019-04-02",
        "killed_min": "4", "killed_max": "80", "injured_min": "8", "injured_max": "8", "children_killed_min": "2",
        "children_killed_max": "", "women_killed_min": "", "women_killed_max": "", "excerpt": "قتل ٤ مدنيين على الأقل",
    }
    assert all(row["claimant"] != "A local council" for row in rows)


def test_a_claim_on_a_confidential_source_keeps_its_figures_and_stance_but_not_who_said_it(client, cases):
    secret = make_source(title="Testimony", publisher="Field team", url="https://example.org/t", is_confidential=True)
    make_claim(cases["mosul"], source=secret, claimant="A neighbour", claimant_kind="local", stance="alleges_harm",
               excerpt="I saw it", killed_min=5, killed_max=6)
    row = [row for row in csv_rows(download(client, CLAIMS_CSV)[1]) if row["killed_min"] == "5"][0]
    assert row["claimant"] == "A confidential source"
    assert (row["stance"], row["killed_max"]) == ("alleges_harm", "6")
    # Nothing of the source, only what lets the row import again.
    assert (row["claimant_kind"], row["excerpt"], row["source_title"], row["source_kind"]) == (
        "other", "", "A confidential source", "other")
    assert all(row[column] == "" for column in COLUMNS
               if column.startswith("source_") and column not in ("source_title", "source_kind"))
    case = next(case for case in json.loads(download(client, JSON)[1])["cases"] if case["code"] == cases["mosul"].code)
    claim = next(claim for claim in case["claims"] if claim["killed_min"] == 5)
    assert claim["claimant"] == "A confidential source" and claim["source"] is None
    assert claim["claimant_kind"] == claim["excerpt"] == claim["excerpt_language"] == ""
    assert (claim["stance"], claim["killed_max"]) == ("alleges_harm", 6)


def test_the_claims_csv_imports_again(client, cases):
    body = download(client, CLAIMS_CSV)[1]
    plan = plan_import(body, file_name="casework-claims.csv")
    assert plan.errors == []
    assert plan.rows == 2 and plan.duplicate_claims == 2 and plan.claims == []  # the excluded claim is not exported


def test_the_claims_csv_imports_as_new_cases_with_the_same_details(client, cases):
    rows = csv_rows(download(client, CLAIMS_CSV)[1])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({**row, "case_ref": f"copy-of-{row['case_ref']}"} for row in rows)
    plan = plan_import(out.getvalue().encode(), file_name="copy.csv")
    assert plan.errors == []
    copy = plan.cases[f"copy-of-{cases['baghuz'].code}"]
    assert (copy.incident.title, copy.incident.latitude, copy.incident.place_name_local) == (
        "Strikes on a camp", Decimal("34.460600"), "الباغوز")
    assert sorted((party.name, role) for party, role in copy.parties) == [
        ("Russian Armed Forces", "suspected"), ("US-led Coalition", "known")]
    assert len(plan.claims) == 2


# --- JSON and GeoJSON ---------------------------------------------------------------------------


def test_the_json_export_gives_each_case_with_its_public_claims_and_investigations(client, cases):
    response, body = download(client, JSON)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="casework-cases-')
    data = json.loads(body)
    assert list(data) == ["cases"]
    baghuz = data["cases"][0]
    assert list(baghuz) == [field for field in exports.CASE_FIELDS if field != "claims"] + ["claims", "investigations"]
    assert (baghuz["latitude"], baghuz["longitude"], baghuz["killed_max"]) == (34.4606, 40.9383, 80)
    assert baghuz["occurred_until"] is None and baghuz["conceded_killed"] == 4
    excluded, airwars = baghuz["claims"]
    assert airwars == {
        "number": 2, "claimant": "Airwars", "claimant_kind": "monitor", "stated_on": "2019-04-02",
        "stance": "alleges_harm", "killed_min": 4, "killed_max": 80, "injured_min": 8, "injured_max": 8,
        "children_killed_min": 2, "children_killed_max": None, "women_killed_min": None, "women_killed_max": None,
        "combatants_killed": 30, "uncharacterised_killed": None, "excerpt": "قتل ٤ مدنيين على الأقل",
        "excerpt_language": "ar", "is_excluded": False, "exclusion_reason": "",
        "source": {"title": "Airwars report", "publisher": "Airwars", "kind": "ngo_report",
                   "url": "https://airwars.example.org/sy-1", "archive_url": "https://archive.example.org/sy-1",
                   "published_on": "2019-04-02", "language": "ar"},
    }
    assert excluded["number"] == 1 and excluded["is_excluded"] is True
    assert excluded["exclusion_reason"] == "Superseded by the council's own correction."
    assert (excluded["killed_min"], excluded["killed_max"]) == (100, 120)
    assert baghuz["investigations"] == [{
        "authority": "CENTCOM", "kind": "credibility_assessment", "opened_on": "2019-05-01",
        "closed_on": "2019-09-01", "outcome": "credible", "conceded_killed": 4, "conceded_injured": None,
        "findings": "Four civilians were killed.",
    }]
    assert "الباغوز".encode() in body  # UTF-8, not \u escapes


def test_the_geojson_export_is_a_feature_collection_of_points_longitude_first(client, cases):
    response, body = download(client, GEOJSON)
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith('attachment; filename="casework-cases-')
    assert response["Content-Disposition"].endswith('.geojson"')
    data = json.loads(body)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]  # Mosul has no coordinates
    assert feature["type"] == "Feature" and feature["id"] == cases["baghuz"].code
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.9383, 34.4606]}
    assert list(feature["properties"]) == list(exports.CASE_FIELDS)
    assert feature["properties"]["claims"] == 2 and feature["properties"]["status"] == "credible"


def test_cases_without_coordinates_are_left_out_of_the_geojson_and_counted(client, cases, editor):
    published(editor, title="Somewhere in Idlib", country="SY")
    response, body = download(client, GEOJSON)
    assert response["X-Cases-Without-Coordinates"] == "2"
    assert json.loads(body)[exports.WITHOUT_COORDINATES] == 2
    response, body = download(client, GEOJSON, {"country": "IQ"})
    assert response["X-Cases-Without-Coordinates"] == "1"
    assert json.loads(body) == {"type": "FeatureCollection", exports.WITHOUT_COORDINATES: 1, "features": []}


# --- what is selected ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["baghuz", "mosul"]),
    ({"country": "SY"}, ["baghuz"]),
    ({"q": "house"}, ["mosul"]),
    ({"status": "non_credible"}, ["mosul"]),
    ({"sort": "date"}, ["mosul", "baghuz"]),
])
def test_the_filter_in_the_query_string_selects_what_every_export_holds(client, cases, name, params, expected):
    if name == GEOJSON:
        expected = [key for key in expected if key != "mosul"]  # no coordinates
    assert codes_in(name, download(client, name, params)[1]) == [cases[key].code for key in expected]


@pytest.mark.parametrize("name", EXPORTS)
def test_an_invalid_filter_exports_nothing(client, cases, name):
    body = download(client, name, {"date_from": "not-a-date"})[1]
    assert codes_in(name, body) == []


@pytest.mark.parametrize("name", EXPORTS)
def test_unpublished_cases_are_never_exported(client, cases, editor, name):
    services.incident_unpublish(cases["baghuz"], actor=editor, reason="Under legal review.")
    body = download(client, name, {"q": "strike"})[1] + download(client, name)[1]
    assert cases["hidden"].code.encode() not in body and b"Unpublished strike" not in body
    assert cases["baghuz"].code.encode() not in body and b"Strikes on a camp" not in body


# --- what is never exported, and formulas -------------------------------------------------------


@pytest.fixture
def planted(editor):
    case = published(editor, title="Strike on a bakery", internal_notes=f"Call {CANARY} back",
                     latitude="36.2", longitude="37.1", parties=[make_party()])
    secret = make_source(
        title=f"Testimony of {CANARY}", publisher=f"{CANARY} field team", url=f"https://example.org/{CANARY}",
        archive_url=f"https://archive.example.org/{CANARY}", internal_notes=f"Met {CANARY} at night",
        is_confidential=True,
    )
    make_claim(case, source=secret, claimant=f"{CANARY} (a neighbour)", excerpt=f"{CANARY} saw it",
               killed_min=5, killed_max=6)
    make_claim(case, claimant="Airwars", killed_min=4, killed_max=5, excerpt="Bakery hit")
    make_investigation(case, internal_notes=f"{CANARY} is the investigator's source").sources.add(secret)
    services.incident_mark_credible(case, actor=editor, rationale="Several accounts agree.",
                                    internal_note=f"Relied on {CANARY}")
    assert CaseEvent.objects.filter(internal_note__contains=CANARY).exists()
    return case


@pytest.mark.parametrize("name", EXPORTS)
def test_the_canary_appears_in_no_export(client, planted, name):
    for params in ({}, {"q": "bakery"}, {"source_kind": "news_report"}):
        body = download(client, name, params)[1]
        assert planted.code.encode() in body
        assert CANARY.encode() not in body, f"the canary leaked in {name} with {params}"
    assert codes_in(name, download(client, name, {"q": CANARY})[1]) == []


@pytest.mark.parametrize("name", [CASES_CSV, CLAIMS_CSV])
def test_formulas_are_neutralised_in_csv_cells_but_negative_numbers_are_not(client, editor, name):
    formula = '=HYPERLINK("https://evil.example","Click")'
    case = published(editor, title=formula, place_name="-Somewhere", latitude="-33.5", longitude="-70.25")
    make_claim(case, claimant="@someone", excerpt="+1 dead", killed_min=3)
    [row] = csv_rows(download(client, name)[1])
    assert row["title"] == "'" + formula
    assert row["place_name"] == "'-Somewhere"
    assert (row["latitude"], row["longitude"]) == ("-33.500000", "-70.250000")
    if name == CLAIMS_CSV:
        assert (row["claimant"], row["excerpt"], row["killed_min"]) == ("'@someone", "'+1 dead", "3")


def test_json_keeps_text_as_written(client, editor):
    published(editor, title="=1+1")
    assert json.loads(download(client, JSON)[1])["cases"][0]["title"] == "=1+1"


# --- streaming, queries and languages -----------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_streamed(client, cases, name):
    response = client.get(reverse(f"data:{name}"))
    assert isinstance(response, StreamingHttpResponse)


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_answer_only_reads(client, name):
    assert client.post(reverse(f"data:{name}")).status_code == 405


def add_full_case(editor, n):
    case = published(editor, title=f"Strike {n}", latitude="34.5", longitude="40.9",
                     occurred_on=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
                     parties=[make_party(), make_party()])
    make_claim(case, killed_min=1, killed_max=2)
    make_claim(case, source=make_source(is_confidential=True), killed_min=3)
    make_investigation(case)
    return case


# Queries per download: the cases, then per chunk one for each prefetch (parties; claims with
# their sources; investigations); the GeoJSON first counts the cases without coordinates.
QUERY_BUDGETS = {CASES_CSV: 2, CLAIMS_CSV: 3, JSON: 4, GEOJSON: 3}
PREFETCHES_PER_CHUNK = {CASES_CSV: 1, CLAIMS_CSV: 2, JSON: 3, GEOJSON: 1}


@pytest.mark.parametrize("name", EXPORTS)
def test_the_number_of_queries_is_the_same_for_one_case_and_for_forty(client, editor, name,
                                                                     django_assert_num_queries):
    assert exports.CHUNK_SIZE > 40
    add_full_case(editor, 0)
    with django_assert_num_queries(QUERY_BUDGETS[name]):
        body = download(client, name)[1]
    assert len(codes_in(name, body)) == 1
    for n in range(1, 40):
        add_full_case(editor, n)
    with django_assert_num_queries(QUERY_BUDGETS[name]):
        body = download(client, name)[1]
    assert len(codes_in(name, body)) == 40


@pytest.mark.parametrize("name", EXPORTS)
def test_small_chunks_give_the_same_file_with_one_set_of_prefetches_per_chunk(client, editor, name, monkeypatch,
                                                                            django_assert_num_queries):
    for n in range(5):
        add_full_case(editor, n)
    whole = download(client, name)[1]
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    with django_assert_num_queries(QUERY_BUDGETS[name] + 2 * PREFETCHES_PER_CHUNK[name]):  # 3 chunks
        chunked = download(client, name)[1]
    assert chunked == whole


@pytest.mark.parametrize("name", EXPORTS)
def test_the_first_cases_are_sent_before_the_last_ones_are_read(client, editor, name, monkeypatch):
    for n in range(5):
        add_full_case(editor, n)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "FLUSH_CHARS", 1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"data:{name}"))
        pieces = iter(response.streaming_content)
        sent = b""
        while b"Strike 4" not in sent:  # the newest case comes first
            sent += next(pieces)
        assert len(queries) == QUERY_BUDGETS[name]  # only the first chunk has been read
        rest = b"".join(pieces)
    assert len(queries) == QUERY_BUDGETS[name] + 2 * PREFETCHES_PER_CHUNK[name]
    assert b"Strike 0" in rest


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_the_same_bytes_in_every_language(client, cases, name):
    secret = make_source(is_confidential=True)
    make_claim(cases["baghuz"], source=secret, killed_min=7)
    with translation.override("en"):
        english = download(client, name)[1]
    with translation.override("ar"):
        arabic = download(client, name)[1]
    assert english == arabic
    if name in (CLAIMS_CSV, JSON):
        assert b"A confidential source" in arabic

