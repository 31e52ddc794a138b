"""Editors decide with buttons on the case page; researchers never can, however they ask."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.choices import EventKind, ReviewStatus
from incidents.models import CaseEvent, Incident
from tests.factories import make_claim, make_incident

pytestmark = pytest.mark.django_db

DECISION_POSTS = {
    "start_review": {},
    "mark_credible": {"rationale": "Conceded by the party."},
    "mark_non_credible": {"reason": "combatants", "rationale": "Fighters."},
    "mark_duplicate": {"original": "SY-0001"},
    "publish": {},
}


def decide_url(case, action):
    return reverse("admin:incidents_incident_decide", args=[case.pk, action])


def change_url(case):
    return reverse("admin:incidents_incident_change", args=[case.pk])


def test_editor_sees_the_decisions_that_the_case_allows(editor_client):
    case = make_incident()
    page = editor_client.get(change_url(case)).content.decode()
    for action in ("start_review", "mark_credible", "mark_non_credible", "mark_duplicate", "publish"):
        assert decide_url(case, action) in page
    assert decide_url(case, "reopen") not in page and decide_url(case, "unpublish") not in page


def test_researcher_sees_no_decision_buttons(researcher_client):
    case = make_incident()
    page = researcher_client.get(change_url(case)).content.decode()
    assert "/decide/" not in page


@pytest.mark.parametrize("action", list(DECISION_POSTS))
def test_researcher_is_refused_each_decision_by_crafted_post(researcher_client, action):
    make_incident()  # SY-0001, the original for mark_duplicate
    case = make_incident()
    before = CaseEvent.objects.count()
    assert researcher_client.get(decide_url(case, action)).status_code == 403
    assert researcher_client.post(decide_url(case, action), DECISION_POSTS[action]).status_code == 403
    case.refresh_from_db()
    assert (case.status, case.is_published) == (ReviewStatus.NEW, False)
    assert CaseEvent.objects.count() == before


def test_editor_marks_credible_with_rationale_and_note(editor_client, editor):
    case = make_incident()
    response = editor_client.post(
        decide_url(case, "mark_credible"),
        {"rationale": "CENTCOM concedes four civilians killed.", "internal_note": "Second opinion from the desk."},
    )
    assert response.status_code == 302 and response["Location"] == change_url(case)
    case.refresh_from_db()
    assert case.status == ReviewStatus.CREDIBLE
    event = case.events.latest("seq")
    assert (event.kind, event.actor, event.rationale, event.internal_note) == (
        EventKind.MARKED_CREDIBLE, editor, "CENTCOM concedes four civilians killed.", "Second opinion from the desk.",
    )


def test_a_decision_without_its_rationale_shows_the_message_beside_the_field(editor_client):
    case = make_incident()
    before = CaseEvent.objects.count()
    response = editor_client.post(decide_url(case, "mark_non_credible"), {"reason": "combatants", "rationale": ""})
    assert response.status_code == 200
    assert "rationale" in response.context["form"].errors
    assert CaseEvent.objects.count() == before


def test_a_duplicate_must_name_an_existing_case(editor_client):
    case = make_incident()
    response = editor_client.post(decide_url(case, "mark_duplicate"), {"original": "SY-9999"})
    assert "There is no case SY-9999." in response.context["form"].errors["original"]
    response = editor_client.post(decide_url(case, "mark_duplicate"), {"original": case.code.lower()})
    assert "A case cannot be a duplicate of itself." in response.context["form"].errors["original"]


def test_an_illegal_transition_is_refused_with_what_is_allowed(editor_client):
    case = make_incident()
    response = editor_client.post(decide_url(case, "reopen"), {"new_information": "New footage."})
    assert response.status_code == 409
    assert "From new an editor may: start review, mark credible, mark non-credible, mark duplicate." in (
        response.content.decode()
    )
    assert not case.events.filter(kind=EventKind.REOPENED).exists()


def test_four_eyes_refusal_is_explained_on_the_form(editor_client, editor):
    case = make_incident(actor=editor)
    response = editor_client.post(decide_url(case, "mark_credible"), {"rationale": "I recorded it myself."})
    assert response.status_code == 403
    assert "Four-eyes rule" in response.content.decode()
    case.refresh_from_db()
    assert case.status == ReviewStatus.NEW


def test_editor_excludes_and_restores_a_claim_from_the_case_page(editor_client):
    case = make_incident()
    claim = make_claim(case, killed_min=300, killed_max=400)
    url = reverse("admin:incidents_claim_decide", args=[claim.pk, "exclude"])
    assert url in editor_client.get(change_url(case)).content.decode()
    response = editor_client.post(url, {"reason": "A typo in the source: 30, not 300."})
    assert response.status_code == 302
    claim.refresh_from_db()
    case.refresh_from_db()
    assert claim.is_excluded and case.killed_max is None
    restore = reverse("admin:incidents_claim_decide", args=[claim.pk, "restore"])
    assert editor_client.post(restore, {"reason": ""}).status_code == 200  # a reason is required
    assert editor_client.post(restore, {"reason": "The source stands by 300."}).status_code == 302
    claim.refresh_from_db()
    assert not claim.is_excluded


def test_case_page_shows_the_history_newest_first(editor_client, editor):
    case = make_incident()
    services.incident_start_review(case, actor=editor, internal_note="For the Syria desk.")
    services.incident_mark_credible(case, actor=editor, rationale="Conceded.")
    page = editor_client.get(change_url(case)).content.decode()
    history = page[page.index("History (newest first)"):]
    assert history.index("Assessed credible") < history.index("Review started") < history.index("Case recorded")
    assert "For the Syria desk." in history


def test_review_queue_lists_waiting_cases_longest_waiting_first(researcher_client, editor):
    waiting_longest = make_incident(title="Waiting longest")
    decided = services.incident_mark_credible(make_incident(title="Already decided"), actor=editor, rationale="Yes.")
    reopened = services.incident_reopen(decided, actor=editor, new_information="New video.")
    newest = make_incident(title="Newest report")
    Incident.objects.filter(pk=waiting_longest.pk).update(
        status_changed_at=timezone.now() - timezone.timedelta(days=40)
    )
    response = researcher_client.get(reverse("admin:incidents_incident_review_queue"))
    assert response.status_code == 200
    assert [case.pk for case in response.context["page"].object_list] == [waiting_longest.pk, reopened.pk, newest.pk]
    assert "1\xa0month" in response.content.decode()  # timesince joins with no-break spaces


def test_an_editor_takes_the_demo_baghuz_case_through_review_reopening_and_a_new_decision(
    settings, client, editor
):
    """The scenario of the review-workflow issue, end to end through the admin."""
    settings.DEBUG = True
    call_command("load_demo", "--without-reviews", stdout=StringIO())
    baghuz = Incident.objects.get(place_name="Baghuz")
    client.force_login(editor)
    steps = [
        ("start_review", {"internal_note": "Reading the CENTCOM statement first."}),
        ("mark_credible", {"rationale": "CENTCOM concedes at least four civilians killed."}),
        ("publish", {"rationale": "Ready for readers."}),
        ("reopen", {"new_information": "The New York Times reports up to 64 women and children killed."}),
        ("mark_credible", {"rationale": "Credible; the figures now range from 4 to 80."}),
    ]
    for action, data in steps:
        response = client.post(decide_url(baghuz, action), data)
        assert response.status_code == 302, (action, response.content.decode()[:2000])

    baghuz.refresh_from_db()
    assert (baghuz.status, baghuz.is_published) == (ReviewStatus.CREDIBLE, True)
    decisions = list(
        baghuz.events.exclude(kind__in=["case_created", "case_edited", "claim_added", "investigation_added"])
        .order_by("seq").values_list("kind", "rationale")
    )
    assert decisions == [
        ("review_started", ""),
        ("marked_credible", "CENTCOM concedes at least four civilians killed."),
        ("published", "Ready for readers."),
        ("reopened", "The New York Times reports up to 64 women and children killed."),
        ("marked_credible", "Credible; the figures now range from 4 to 80."),
    ]
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert "intact" in out.getvalue()

    # A direct edit of the database, past the triggers, is caught.
    from importlib import import_module

    import_module("incidents.migrations.0004_case_log_append_only").drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_caseevent SET rationale = 'Not credible.' WHERE kind = 'marked_credible'")
    with pytest.raises(CommandError, match="does not match its hash"):
        call_command("verify_log", stdout=StringIO())
