"""Crafted input gets a clear message or a safe rendering: never an error page, never a widened
or changed result set, never markup of its own on a page.

Every text input is tried: the public filters and search, the API's parameters, the exports'
parameters, the admin's searches and filters, the admin's forms and the import.
"""

import pytest

from incidents.importer import plan_import
from incidents.models import Incident
from tests.factories import make_claim, make_source
from tests.public_pages import published

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE incidents_incident; --",
    "%' OR 1=1 --",
    "x" * 5000,
    "bakery\x00",
    "\x00",
    "\x07\x1b[31mred\x08",
    "\u202eyrekab\u202c",  # a right-to-left override that reverses what follows
    "\u2066bakery\u2069",
    "Ѕуria bakery",  # Cyrillic letters that look Latin
    "bakery مخبز",
    "{{ 7|add:7 }}",
    "../../etc/passwd",
    "\ufffd",
]
PUBLIC_FILTERS = ["q", "status", "country", "party", "date_from", "date_to", "min_killed", "source_kind",
                  "investigation", "sort", "page"]


@pytest.fixture
def cases(editor):
    bakery = published(editor, title="Strike on a bakery", country="SY")
    make_claim(bakery, source=make_source(kind="news_report"), excerpt="The bakery was hit at dawn.", killed_min=4)
    school = published(editor, title="Strike on a school", country="IQ")
    make_claim(school, killed_min=2)
    return {bakery.code, school.code}


def words_of(text):
    from incidents.search import words

    return words(text)


def bakery_code(cases):
    return Incident.objects.get(title="Strike on a bakery").code


def listed_codes(response):
    return {row.code for row in response.context["page"].object_list}


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_filter_values_get_a_message_or_a_narrower_list_never_an_error(client, cases, value):
    for name in PUBLIC_FILTERS:
        response = client.get("/cases/", {name: value})
        assert response.status_code == 200, (name, value)
        body = response.content.decode()
        assert SCRIPT not in body and "<img src=x" not in body
        assert listed_codes(response) <= cases, (name, value)
        if name == "q" and response.context["valid"]:
            # Words the cases do not hold find nothing: no injected condition widens the search. A
            # search of no words at all (only signs) is no search, the whole list.
            words = words_of(value)
            expected = cases if not words else ({bakery_code(cases)} if words == ["bakery"] else set())
            assert listed_codes(response) == expected, value
        if not response.context["valid"]:
            assert response.context["page"].object_list == []
            assert 'class="field-error' in body or "form-errors" in body, (name, value)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_api_and_export_parameters_are_refused_or_answered_never_an_error(client, cases, value):
    for name in [*PUBLIC_FILTERS, "cursor", "format"]:
        response = client.get("/api/cases/", {name: value})
        assert response.status_code in (200, 400, 404), (name, value, response.status_code)
        if response.status_code == 200:
            assert {case["code"] for case in response.json()["results"]} <= cases
        else:
            assert response["Content-Type"].startswith("application/json")
    for path in ("/cases/export.csv", "/cases/claims.csv", "/cases/export.json", "/cases/export.geojson"):
        response = client.get(path, {"q": value, "country": value})
        assert response.status_code in (200, 400), (path, value)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SCRIPT.encode() not in body


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_admin_searches_and_filters_never_give_an_error_page(editor_client, cases, value):
    for model in ("incident", "claim", "source", "investigation", "party", "importbatch"):
        for params in ({"q": value}, {"status__exact": value}, {"o": value}, {"p": value}):
            response = editor_client.get(f"/admin/incidents/{model}/", params)
            assert response.status_code in (200, 302), (model, params, response.status_code)
            assert SCRIPT not in response.content.decode()


def admin_case_form(**changes):
    form = {
        "title": "Strike on a market", "summary": "", "internal_notes": "", "occurred_on": "2019-03-18",
        "occurred_until": "", "date_precision": "day", "time_of_day": "", "country": "SY", "admin_area": "",
        "place_name": "Baghuz", "place_name_local": "", "latitude": "", "longitude": "",
        "location_precision": "unknown", "strike_type": "airstrike",
        "party_links-TOTAL_FORMS": "0", "party_links-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        "investigations-TOTAL_FORMS": "0", "investigations-INITIAL_FORMS": "0",
    }
    form.update(changes)
    return form


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_the_admin_case_form_is_refused_with_a_message_or_kept_and_shown_safely(
        editor_client, client, value, editor):
    before = Incident.objects.count()
    response = editor_client.post("/admin/incidents/incident/add/", admin_case_form(title=value, place_name=value))
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # refused: the form is shown again with the reason beside the field
        assert Incident.objects.count() == before
        assert 'class="errorlist' in response.content.decode()
        assert SCRIPT not in response.content.decode()
        return
    case = Incident.objects.latest("id")
    assert case.title == value  # kept exactly as typed
    from incidents import services

    services.incident_publish(case, actor=editor)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert SCRIPT not in page and "<img src=x" not in page


@pytest.mark.parametrize("value", ["bakery\x00", "\x07\x1b[31mred", "\u202eyrekab\u202c"])
def test_control_characters_and_direction_overrides_are_refused_with_a_message(editor_client, value):
    response = editor_client.post("/admin/incidents/incident/add/", admin_case_form(title=value))
    assert response.status_code == 200
    assert Incident.objects.count() == 0
    page = response.content.decode()
    assert "not allowed" in page.lower() or "control character" in page.lower()


def import_row(**changes):
    from incidents.exchange import COLUMNS

    row = dict.fromkeys(COLUMNS, "")
    row.update({"case_ref": "case-1", "title": "Strike on a bakery", "occurred_on": "2019-03-18", "country": "SY",
                "source_title": "Daily report", "source_kind": "ngo_report", "claimant": "A monitor",
                "claimant_kind": "monitor", "stance": "alleges_harm", "killed_min": "3"})
    row.update(changes)
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_an_import_is_refused_by_line_and_column_or_kept_exactly(value):
    for column in ("title", "place_name", "claimant", "excerpt", "source_title", "country", "killed_min"):
        plan = plan_import(import_row(**{column: value}), file_name="hostile.csv")
        if plan.ok:
            continue
        assert plan.errors, column
        assert all(error.line == 2 for error in plan.errors), (column, [str(e) for e in plan.errors])
    assert Incident.objects.count() == 0  # planning never writes


TEXT_COLUMNS = ("title", "summary", "admin_area", "place_name", "place_name_local", "parties", "source_title",
                "source_publisher", "claimant", "excerpt")


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_direction_override_in_any_text_column_of_an_import_is_refused_at_that_column(column):
    plan = plan_import(import_row(**{column: "Strike on a \u202eyrekab\u202c"}), file_name="override.csv")
    assert [(error.line, error.column) for error in plan.errors] == [(2, column)], [str(e) for e in plan.errors]
    assert "direction-override" in plan.errors[0].message


def test_a_nul_in_an_admin_search_is_removed_with_a_message_not_sent_to_the_database(editor_client, cases):
    response = editor_client.get("/admin/incidents/claim/", {"q": "bakery\x00", "o": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/incidents/claim/?q=bakery&o=1"
    page = editor_client.get(response["Location"])
    assert page.status_code == 200
    assert "Invisible control characters were removed from the search." in page.content.decode()
