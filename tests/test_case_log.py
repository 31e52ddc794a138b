"""The case log is append-only in the application and in the database, and verify_log finds
any entry changed behind their backs."""

import hashlib
import json
from importlib import import_module
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from incidents import services
from incidents.models import GENESIS_HASH, AppendOnlyError, CaseEvent
from tests.factories import make_claim, make_incident

pytestmark = pytest.mark.django_db
LOG_TRIGGERS = import_module("incidents.migrations.0004_case_log_append_only")


@pytest.fixture
def history(editor):
    """A published, credible case with a claim: a handful of entries."""
    case = make_incident()
    make_claim(case, killed_min=4, killed_max=4)
    services.incident_start_review(case, actor=editor, internal_note="Assigned to the Syria desk.")
    services.incident_mark_credible(case, actor=editor, rationale="Conceded by the party.")
    services.incident_publish(case, actor=editor)
    return case


def verify(*args):
    out = StringIO()
    call_command("verify_log", *args, stdout=out)
    return out.getvalue()


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_entries_form_an_unbroken_chain(history):
    events = list(CaseEvent.objects.order_by("seq"))
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.prev_hash == earlier.hash
    assert all(event.hash == event.compute_hash() for event in events)


def test_the_documented_algorithm_recomputes_every_hash_from_public_content(history):
    """A reader following docs/verifying-the-history.md, with only public fields and the internal digest."""
    def canonical(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    previous = "0" * 64
    for event in CaseEvent.objects.order_by("seq"):
        public = {
            "seq": event.seq,
            "recorded_at": event.recorded_at.isoformat(timespec="microseconds").replace("Z", "+00:00"),
            "case": event.incident.code,
            "kind": event.kind,
            "actor_role": event.actor_role,
            "rationale": event.rationale,
            "details": event.details,
        }
        public_digest = hashlib.sha256(canonical(public)).hexdigest()
        chained = f"{previous}\n{public_digest}\n{event.internal_digest()}".encode()
        assert hashlib.sha256(chained).hexdigest() == event.hash
        previous = event.hash


def test_the_application_refuses_to_change_or_delete_an_entry(history):
    event = CaseEvent.objects.first()
    event.rationale = "Rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).update(rationale="Rewritten")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE incidents_caseevent SET rationale = 'Rewritten'", "DELETE FROM incidents_caseevent"],
)
def test_the_database_refuses_sql_that_changes_or_deletes_entries(history, statement):
    count = CaseEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql(statement)
    assert CaseEvent.objects.count() == count
    assert not CaseEvent.objects.filter(rationale="Rewritten").exists()


def test_postgresql_refuses_truncating_the_log(history):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    # Check pending foreign keys now, or PostgreSQL refuses the TRUNCATE for that reason first.
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("TRUNCATE incidents_caseevent CASCADE")


def test_verify_log_passes_on_an_untouched_log(history):
    head = CaseEvent.objects.latest("seq")
    assert f"intact: {head.seq} entries; head {head.seq}:{head.hash}" in verify()


def test_verify_log_names_the_entry_whose_stored_content_was_changed(history):
    target = CaseEvent.objects.get(kind="marked_credible")
    LOG_TRIGGERS.drop_triggers(connection)  # undone with the test's transaction
    sql("UPDATE incidents_caseevent SET rationale = %s WHERE id = %s", ["Not credible after all.", target.pk])
    with pytest.raises(CommandError, match=f"entry {target.seq} \\(case {history.code}, marked_credible"):
        verify()


def test_verify_log_sees_a_changed_internal_note(history):
    target = CaseEvent.objects.get(kind="review_started")
    LOG_TRIGGERS.drop_triggers(connection)
    sql("UPDATE incidents_caseevent SET internal_note = '' WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"entry {target.seq} .*does not match its hash"):
        verify()


def test_verify_log_notices_a_deleted_entry_in_the_middle(history):
    target = CaseEvent.objects.get(kind="review_started")
    LOG_TRIGGERS.drop_triggers(connection)
    sql("DELETE FROM incidents_caseevent WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"entry {target.seq} is missing"):
        verify()


def test_verify_log_notices_entries_removed_from_the_end(history):
    last = CaseEvent.objects.latest("seq")
    LOG_TRIGGERS.drop_triggers(connection)
    sql("DELETE FROM incidents_caseevent WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="entries were removed from the end"):
        verify()


def test_a_checkpoint_written_down_earlier_is_proved_later(history, editor):
    head = CaseEvent.objects.latest("seq")
    services.incident_unpublish(history, actor=editor, reason="A witness asked for a delay.")
    output = verify("--checkpoint", f"{head.seq}:{head.hash}")
    assert f"Checkpoint {head.seq}:{head.hash} is in the log." in output


def test_a_checkpoint_that_no_longer_matches_fails(history):
    head = CaseEvent.objects.latest("seq")
    with pytest.raises(CommandError, match=f"checkpoint {head.seq} does not match"):
        verify("--checkpoint", f"{head.seq}:{'a' * 64}")
    with pytest.raises(CommandError, match=f"checkpoint {head.seq + 5} is not in the log"):
        verify("--checkpoint", f"{head.seq + 5}:{head.hash}")
    with pytest.raises(CommandError, match="is not a checkpoint"):
        verify("--checkpoint", "yesterday")


def test_the_public_log_page_shows_the_current_head(client, history):
    head = CaseEvent.objects.latest("seq")
    page = client.get("/log/").content.decode()
    assert f'id="log-head-seq">{head.seq}<' in page and head.hash in page
    assert "Assigned to the Syria desk." not in page
    assert client.get("/log/head.json").json() == {
        "seq": head.seq, "hash": head.hash, "recorded_at": head.recorded_at.isoformat()
    }


def test_an_edit_of_a_public_field_is_logged_with_before_and_after(researcher):
    case = make_incident(title="Strike on a market", place_name="Hajin")
    case.title, case.place_name = "Strike on the Hajin market", "Hajin"
    services.incident_save(case, actor=researcher)
    event = case.events.latest("seq")
    assert event.kind == "case_edited" and event.actor == researcher and event.actor_role == "researcher"
    assert event.details["changes"] == {"title": ["Strike on a market", "Strike on the Hajin market"]}


def test_an_edit_of_internal_notes_only_writes_no_public_entry(researcher):
    case = make_incident()
    before = case.events.count()
    case.internal_notes = "Call the family back on Monday."
    services.incident_save(case, actor=researcher)
    assert case.events.count() == before


def test_a_claim_on_a_confidential_source_keeps_the_claimant_out_of_the_public_details(researcher):
    from tests.factories import make_source

    case = make_incident()
    secret = make_source(title="Testimony of a resident", is_confidential=True)
    claim = make_claim(case, source=secret, claimant="Umm Ahmad, a neighbour", killed_min=3, actor=researcher)
    event = case.events.get(kind="claim_added")
    assert event.details["claim"] == claim.pk and event.details["killed_min"] == 3
    assert "Umm Ahmad" not in json.dumps(event.details, ensure_ascii=False)
    assert event.internal_details["claimant"] == "Umm Ahmad, a neighbour"


def test_staff_read_each_entry_as_plain_lines(researcher):
    case = make_incident(title="Strike on a market")
    case.title = "Strike on the Hajin market"
    services.incident_save(case, actor=researcher)
    event = case.events.latest("seq")
    assert event.detail_lines() == ["title: Strike on a market → Strike on the Hajin market"]
    assert event.hash == event.compute_hash()  # describing an entry never alters what was hashed
