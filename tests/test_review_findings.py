"""Defects found in review, each kept fixed by a test."""

import pytest
from django.core.exceptions import ValidationError

from incidents import services
from incidents.admin_decisions import CASE_DECISIONS, available_decisions
from incidents.importer import plan_import
from incidents.models import Incident
from tests.factories import make_claim, make_incident, make_source
from tests.public_pages import published
from tests.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_the_public_log_never_holds_the_kind_of_a_confidential_claimant(researcher):
    case = make_incident()
    secret = make_source(is_confidential=True)
    make_claim(case, source=secret, claimant="A survivor", claimant_kind="local", actor=researcher)
    event = case.events.get(kind="claim_added")
    assert "claimant_kind" not in event.details and event.internal_details["claimant_kind"] == "local"


def test_an_unpublished_original_is_never_named_publicly(client, editor):
    original = make_incident(title="Not yet public")
    duplicate = services.incident_mark_duplicate(published(editor), actor=editor, original=original)
    for path in (f"/cases/{duplicate.code}/", f"/cases/{duplicate.code}/history/", f"/api/cases/{duplicate.code}/",
                 "/cases/export.csv", "/cases/export.json"):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert original.code.encode() not in body, path
    services.incident_publish(original, actor=editor)
    assert original.code in client.get(f"/cases/{duplicate.code}/").content.decode()


def test_a_case_that_has_duplicates_cannot_become_a_duplicate(editor):
    first, second, third = make_incident(), make_incident(), make_incident()
    services.incident_mark_duplicate(second, actor=editor, original=first)
    with pytest.raises(ValidationError, match="are duplicates of this one"):
        services.incident_mark_duplicate(first, actor=editor, original=third)
    assert Incident.objects.get(pk=first.pk).status == "new"


def test_the_party_filter_offers_only_parties_of_published_cases(client, editor):
    from tests.factories import make_party

    public_party, hidden_party = make_party(name="Named in public"), make_party(name="Only in a draft")
    published(editor, parties=[public_party])
    make_incident(parties=[hidden_party])
    page = client.get("/cases/").content.decode()
    assert "Named in public" in page and "Only in a draft" not in page


@pytest.mark.parametrize(("column", "value"), [("latitude", "NaN"), ("longitude", "Infinity"), ("killed_min", "²")])
def test_odd_numbers_in_a_spreadsheet_get_a_message_not_a_crash(column, value):
    values = {column: value, "latitude": "34.5", "longitude": "40.9"} | {column: value}
    plan = plan_import(csv_bytes([row(**values)]), file_name="odd.csv")
    assert [error.column for error in plan.errors] == [column]


def test_adding_a_claim_moves_the_cases_last_update(editor):
    case = published(editor)
    before = Incident.objects.get(pk=case.pk).updated_at
    make_claim(case, killed_min=900)
    assert Incident.objects.get(pk=case.pk).updated_at > before


def test_a_claim_cannot_be_moved_to_another_case(researcher):
    first, second = make_incident(), make_incident()
    claim = make_claim(first)
    claim.incident = second
    with pytest.raises(ValidationError, match="stays with the case"):
        services.claim_save(claim, actor=researcher)
    assert first.claims.count() == 1 and second.claims.count() == 0


def test_the_creator_is_not_offered_the_credibility_decisions(editor, second_editor):
    case = make_incident(actor=editor)
    mine = {name for name, _label in available_decisions(CASE_DECISIONS, case, editor)}
    theirs = {name for name, _label in available_decisions(CASE_DECISIONS, case, second_editor)}
    assert "mark_credible" not in mine and "mark_non_credible" not in mine and "start_review" in mine
    assert {"mark_credible", "mark_non_credible"} <= theirs


def test_a_claims_export_imported_back_into_the_same_cases_adds_nothing(client, editor):
    case = published(editor)
    make_claim(case, source=make_source(is_confidential=True), claimant="A survivor", killed_min=3)
    make_claim(case, claimant="A monitor", killed_min=4, stated_on=None)
    data = b"".join(client.get("/cases/claims.csv").streaming_content)
    plan = plan_import(data, file_name="back.csv")
    assert plan.ok and plan.claims == [] and plan.new_sources == [] and plan.duplicate_claims == 2


def test_staff_without_a_role_see_neither_unpublished_cases_nor_source_files(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = django_user_model.objects.create_user(username="staff.only", password="a-long-password-1", is_staff=True)
    case = make_incident()
    source = make_source(file=SimpleUploadedFile("note.txt", b"a note"))
    client.force_login(staff)
    assert client.get(f"/cases/{case.code}/").status_code == 404
    assert client.get(source.file.url).status_code == 403
