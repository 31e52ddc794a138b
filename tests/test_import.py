"""The spreadsheet import: all or nothing, idempotent, clear about every bad row."""

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.choices import ActorRole, ReviewStatus
from incidents.exchange import COLUMNS
from incidents.importer import apply_import, plan_import
from incidents.models import CaseEvent, Claim, ImportBatch, Incident, Party, Source
from tests.factories import make_claim, make_incident, make_party, make_source

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "import-sample.csv"


def row(**values):
    base = {
        "case_ref": "case-1", "title": "Strike on a house", "occurred_on": "2018-11-05", "country": "SY",
        "source_title": "Daily report", "source_publisher": "A monitor", "source_kind": "ngo_report",
        "claimant": "A monitor", "claimant_kind": "monitor", "stance": "alleges_harm", "killed_min": "2",
        "killed_max": "3",
    }
    base.update(values)
    return {column: base.get(column, "") for column in COLUMNS}


def csv_bytes(rows, *, columns=COLUMNS, bom=False, delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, dialect="excel", delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def counts():
    return (Incident.objects.count(), Claim.objects.count(), Source.objects.count(), CaseEvent.objects.count(),
            ImportBatch.objects.count())


def imported(data, actor=None):
    plan = plan_import(data, file_name="test.csv")
    assert plan.ok, [str(error) for error in plan.errors]
    return apply_import(plan, actor=actor)


def error_texts(data):
    plan = plan_import(data, file_name="test.csv")
    return [str(error) for error in plan.errors]


def test_the_sample_file_imports_as_new_unpublished_cases_logged_to_the_importer(researcher):
    make_party(name="US-led Coalition", short_name="CJTF-OIR", kind="coalition")
    result = imported(SAMPLE.read_bytes(), actor=researcher)
    case = Incident.objects.get(code=result.created_codes[0])
    assert (case.status, case.is_published) == (ReviewStatus.NEW, False)
    assert case.place_name_local == "هجين"
    assert case.claims.count() == 3 and Source.objects.count() == 3
    assert (case.killed_min, case.killed_max) == (5, 7)
    assert "\n" in case.claims.get(claimant="Example Monitor").excerpt  # a quoted newline survives
    events = case.events.all()
    assert {event.actor_role for event in events} == {ActorRole.IMPORTER}
    assert {event.actor for event in events} == {researcher}
    assert events.filter(kind="claim_added").count() == 3
    assert case.party_links.get().role == "suspected"


def test_a_dry_run_writes_nothing(researcher):
    before = counts()
    out = StringIO()
    call_command("import_cases", str(SAMPLE), "--dry-run", stdout=out)
    assert "Dry run: nothing was written." in out.getvalue()
    assert counts() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    data = csv_bytes([row(), row(claimant="Another monitor", killed_min="4", killed_max="4")])
    imported(data)
    before = counts()
    second = plan_import(data, file_name="again.csv")
    assert second.already_imported is not None and "already imported" in second.summary()
    assert apply_import(second, actor=None).batch is None
    assert counts() == before


def test_one_bad_row_among_a_thousand_and_nothing_is_written():
    rows = [row(case_ref=f"case-{n}", title=f"Strike {n}") for n in range(1000)]
    rows[736]["killed_min"] = "10"
    rows[736]["killed_max"] = "5"
    before = counts()
    errors = error_texts(csv_bytes(rows))
    assert errors == ["line 738, column killed_max: The highest civilians killed (5) is below the lowest (10)."]
    with pytest.raises(CommandError):
        call_command("import_cases", str(write_temp(csv_bytes(rows))), stderr=StringIO())
    assert counts() == before


def write_temp(data, name="upload.csv"):
    import tempfile

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


def test_line_numbers_count_quoted_newlines():
    rows = [row(excerpt="first line\nsecond line\nthird line"), row(case_ref="case-2", occurred_on="18/03/2019")]
    assert error_texts(csv_bytes(rows)) == [
        "line 5, column occurred_on: “18/03/2019” is not a date; write it as YYYY-MM-DD, e.g. 2019-03-18."
    ]


def test_every_bad_row_is_reported_with_its_column():
    rows = [
        row(stance="maybe"),
        row(case_ref="case-2", killed_min="-1"),
        row(case_ref="case-3", country="Atlantis"),
        row(case_ref="case-4", source_kind="", source_title="A leaflet nobody has seen"),
        row(case_ref="case-5", stated_on="2999-01-01"),
        row(case_ref="case-6", latitude="34.5"),
    ]
    errors = error_texts(csv_bytes(rows))
    assert errors[0].startswith("line 2, column stance: “maybe” is not one of: alleges_harm")
    assert "line 3, column killed_min: A count cannot be negative." in errors
    assert "line 4, column country: “Atlantis” is not a country code such as SY, IQ or AF." in errors
    assert any(error.startswith("line 5, column source_kind: Required.") for error in errors)
    assert any(error.startswith("line 6, column stated_on: 2999-01-01 is in the future") for error in errors)
    assert "line 7, column longitude: Give both latitude and longitude, or neither." in errors
    assert len(errors) == 6


def test_later_rows_of_a_broken_case_are_not_blamed_for_its_columns():
    rows = [row(occurred_on="someday"), row(title="", occurred_on="", country="", claimant="Second")]
    assert len(error_texts(csv_bytes(rows))) == 1


def test_a_case_column_that_contradicts_the_first_row_is_an_error():
    rows = [row(), row(title="A different title", claimant="Second")]
    assert error_texts(csv_bytes(rows)) == [
        "line 3, column title: Differs from line 2 of the same case (“Strike on a house”); leave it empty or "
        "repeat it exactly."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv_bytes([row()], columns=[c for c in COLUMNS if c != "stance"]), "Missing columns: stance."),
        (csv_bytes([{**row(), "notes": "x"}], columns=[*COLUMNS, "notes"]), "Unknown columns: notes."),
        (b"case_ref,case_ref\n", "Columns appear twice: case_ref."),
        (csv_bytes([row()]).replace(b"Strike", b"Stri\x00ke"), "NUL bytes"),
        (csv_bytes([row(title="Café")]).decode().encode("latin-1"), "is not UTF-8"),
        (b"", "The file is empty."),
        (csv_bytes([]), "no data rows"),
    ],
    ids=["missing", "unknown", "duplicate", "nul", "latin-1", "empty", "header-only"],
)
def test_malformed_files_are_refused_with_a_clear_message(data, message):
    errors = error_texts(data)
    assert errors and message in errors[0]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.CASEWORK_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    data = csv_bytes([row()]) + b"x" * (50 * 1024 * 1024)
    assert "The file is 50.0 MB; the largest accepted is 20.0 MB." in error_texts(data)[0]


def test_bom_excel_line_endings_arabic_labels_and_semicolons_are_accepted():
    rows = [row(place_name_local="الباغوز", stance="Alleges harm", claimant_kind="MONITOR OR NGO",
                source_kind="NGO or monitor report", excerpt="قتل مدنيون")]
    for data in (csv_bytes(rows, bom=True), csv_bytes(rows, delimiter=";")):
        plan = plan_import(data, file_name="excel.csv")
        assert plan.ok, [str(error) for error in plan.errors]
        claim = plan.claims[0].claim
        assert (claim.stance, claim.claimant_kind, claim.excerpt) == ("alleges_harm", "monitor", "قتل مدنيون")


def test_formula_like_text_is_stored_as_text():
    result = imported(csv_bytes([row(title="=HYPERLINK(\"http://evil\",\"x\")")]))
    assert Incident.objects.get(code=result.created_codes[0]).title == '=HYPERLINK("http://evil","x")'


def test_one_source_cited_by_many_rows_is_stored_once_and_existing_ones_are_reused():
    existing = make_source(url="https://news.example.org/known", title="Known report")
    rows = [
        row(source_url="https://monitor.example.org/1"),
        row(case_ref="case-2", source_url="https://monitor.example.org/1"),
        row(case_ref="case-3", source_url="https://news.example.org/known", source_title="Known report"),
        row(case_ref="case-4", source_url="", source_title="Untitled leaflet", source_publisher="Someone"),
        row(case_ref="case-5", source_url="", source_title="Untitled leaflet", source_publisher="Someone"),
    ]
    before = Source.objects.count()
    imported(csv_bytes(rows))
    assert Source.objects.count() == before + 2
    assert Claim.objects.filter(source=existing).count() == 1


def test_rows_with_an_existing_code_add_claims_to_that_case_and_skip_ones_already_there(editor):
    case = make_incident(title="Known case")
    source = make_source(url="https://monitor.example.org/2")
    make_claim(case, source=source, claimant="A monitor", stance="alleges_harm", killed_min=2, killed_max=3,
               stated_on=None)
    rows = [
        row(case_ref=case.code, title="", occurred_on="", country="", source_url="https://monitor.example.org/2"),
        row(case_ref=case.code.lower(), title="", occurred_on="", country="", claimant="A second monitor",
            killed_min="9", killed_max="9", source_url="https://monitor.example.org/2"),
    ]
    plan = plan_import(csv_bytes(rows), file_name="more.csv")
    assert plan.ok and plan.duplicate_claims == 1 and len(plan.claims) == 1 and not plan.new_cases
    apply_import(plan, actor=editor)
    case.refresh_from_db()
    assert case.claims.count() == 2 and case.killed_max == 9


def test_unknown_parties_are_created_with_kind_other_and_named_in_the_preview():
    make_party(name="US-led Coalition", short_name="CJTF-OIR")
    plan = plan_import(csv_bytes([row(parties="CJTF-OIR (known); Wagner Group")]), file_name="p.csv")
    assert [party.name for party in plan.new_parties] == ["Wagner Group"]
    result = apply_import(plan, actor=None)
    case = Incident.objects.get(code=result.created_codes[0])
    assert sorted((link.party.name, link.role) for link in case.party_links.all()) == [
        ("US-led Coalition", "known"), ("Wagner Group", "suspected")]
    assert Party.objects.get(name="Wagner Group").kind == "other"


# --- the admin ------------------------------------------------------------------------------


UPLOAD = reverse("admin:incidents_importbatch_upload")


def test_researcher_previews_then_confirms_an_import_in_the_admin(researcher_client, researcher):
    data = csv_bytes([row(), row(case_ref="case-2", title="Second strike")])
    before = counts()
    preview = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile("cases.csv", data)})
    assert preview.status_code == 200
    assert "2 rows: 2 new cases" in preview.content.decode()
    assert counts() == before  # the preview writes nothing
    plan = preview.context["plan"]
    confirmed = researcher_client.post(UPLOAD, {"confirm": "1", "sha256": plan.sha256, "file_name": "cases.csv"})
    assert confirmed.status_code == 302
    assert Incident.objects.count() == before[0] + 2
    assert ImportBatch.objects.get().imported_by == researcher


def test_the_preview_lists_every_error_and_offers_no_confirmation(researcher_client):
    data = csv_bytes([row(killed_min="x"), row(case_ref="case-2", stance="")])
    page = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile("bad.csv", data)}).content.decode()
    assert "2 problems found. Nothing was imported" in page
    assert "“x” is not a whole number" in page and 'name="confirm"' not in page


def test_someone_without_a_role_cannot_import(client, outsider, django_user_model):
    staff = django_user_model.objects.create_user(username="staff.only", password="a-long-password-1", is_staff=True)
    client.force_login(staff)
    assert client.get(UPLOAD).status_code == 403
    client.force_login(outsider)
    assert client.get(UPLOAD).status_code == 302  # to the login page


def empty_the_case_tables():
    """As good as a new database for cases: the log's triggers lifted inside this test's transaction."""
    from importlib import import_module

    from django.db import connection

    import_module("incidents.migrations.0004_case_log_append_only").drop_triggers(connection)
    tables = ["incidents_caseevent", "incidents_investigation_sources", "incidents_investigation", "incidents_claim",
              "incidents_incidentparty", "incidents_incident", "incidents_source", "incidents_party",
              "incidents_casecodesequence", "incidents_importbatch"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        cursor.execute("UPDATE incidents_caseloghead SET seq = 0, hash = %s", ["0" * 64])


def case_figures():
    return sorted(
        (case.title, case.occurred_on, str(case.country), case.killed_min, case.killed_max, case.injured_min,
         case.injured_max, case.claims.count())
        for case in Incident.objects.all()
    )


def test_round_trip_the_demos_claims_export_imports_into_an_empty_database(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    expected = case_figures()
    response = client.get("/cases/claims.csv")
    data = b"".join(response.streaming_content)

    empty_the_case_tables()
    assert Incident.objects.count() == 0
    result = imported(data)

    assert len(result.created_codes) == len(expected)
    assert case_figures() == expected
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert "intact" in out.getvalue()
