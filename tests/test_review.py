"""Every review transition, allowed and refused: the new state and exactly one log entry,
or no change and no entry at all."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction

from incidents import services
from incidents.choices import EventKind, NonCredibleReason, ReviewStatus
from incidents.models import CaseEvent, Incident
from incidents.services import TransitionNotAllowed
from tests.factories import make_claim, make_incident

pytestmark = pytest.mark.django_db

ACTIONS = {
    "start_review": lambda case, actor, other: services.incident_start_review(case, actor=actor),
    "mark_credible": lambda case, actor, other: services.incident_mark_credible(
        case, actor=actor, rationale="More likely than not that the strike killed civilians."),
    "mark_non_credible": lambda case, actor, other: services.incident_mark_non_credible(
        case, actor=actor, reason=NonCredibleReason.COMBATANTS, rationale="Those killed were fighters."),
    "mark_duplicate": lambda case, actor, other: services.incident_mark_duplicate(case, actor=actor, original=other),
    "reopen": lambda case, actor, other: services.incident_reopen(
        case, actor=actor, new_information="New video of the site."),
}
TARGETS = {
    "start_review": (ReviewStatus.UNDER_REVIEW, EventKind.REVIEW_STARTED),
    "mark_credible": (ReviewStatus.CREDIBLE, EventKind.MARKED_CREDIBLE),
    "mark_non_credible": (ReviewStatus.NON_CREDIBLE, EventKind.MARKED_NON_CREDIBLE),
    "mark_duplicate": (ReviewStatus.DUPLICATE, EventKind.MARKED_DUPLICATE),
    "reopen": (ReviewStatus.UNDER_REVIEW, EventKind.REOPENED),
}
ALLOWED = {
    ReviewStatus.NEW: {"start_review", "mark_credible", "mark_non_credible", "mark_duplicate"},
    ReviewStatus.UNDER_REVIEW: {"mark_credible", "mark_non_credible", "mark_duplicate"},
    ReviewStatus.CREDIBLE: {"reopen"},
    ReviewStatus.NON_CREDIBLE: {"reopen"},
    ReviewStatus.DUPLICATE: {"reopen"},
}
REACH = {  # how to bring a new case to each status
    ReviewStatus.NEW: [],
    ReviewStatus.UNDER_REVIEW: ["start_review"],
    ReviewStatus.CREDIBLE: ["mark_credible"],
    ReviewStatus.NON_CREDIBLE: ["mark_non_credible"],
    ReviewStatus.DUPLICATE: ["mark_duplicate"],
}


def case_in(status, editor, original):
    case = make_incident()
    for action in REACH[status]:
        case = ACTIONS[action](case, editor, original)
    return Incident.objects.get(pk=case.pk)


def events_of(case):
    return CaseEvent.objects.filter(incident=case).count()


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_transition_is_allowed_or_refused_as_the_rules_say(status, action, editor):
    original = make_incident(title="The original report")
    case = case_in(status, editor, original)
    before = events_of(case)

    if action in ALLOWED[status]:
        result = ACTIONS[action](case, editor, original)
        target, kind = TARGETS[action]
        case.refresh_from_db()
        assert case.status == target == result.status
        assert events_of(case) == before + 1
        event = case.events.latest("seq")
        assert (event.kind, event.actor, event.details["from"], event.details["to"]) == (kind, editor, status, target)
    else:
        with pytest.raises(TransitionNotAllowed) as refusal:
            ACTIONS[action](case, editor, original)
        case.refresh_from_db()
        assert case.status == status
        assert events_of(case) == before
        assert "an editor may:" in refusal.value.messages[0]


def test_refusal_names_the_allowed_transitions(editor):
    case = services.incident_mark_credible(make_incident(), actor=editor, rationale="Conceded by the party.")
    with pytest.raises(TransitionNotAllowed) as refusal:
        services.incident_mark_non_credible(case, actor=editor, reason="combatants", rationale="x")
    assert refusal.value.messages == [f"{case.code} is credible: it cannot mark non-credible. "
                                      "From credible an editor may: reopen."]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda case, editor: services.incident_mark_credible(case, actor=editor, rationale="  "), "rationale"),
        (lambda case, editor: services.incident_mark_non_credible(case, actor=editor, reason="", rationale="x"),
         "reason"),
        (lambda case, editor: services.incident_mark_non_credible(
            case, actor=editor, reason="insufficient_information", rationale=""), "rationale"),
        (lambda case, editor: services.incident_mark_duplicate(case, actor=editor, original=None), "original"),
        (lambda case, editor: services.incident_unpublish(case, actor=editor, reason=""), "reason"),
    ],
)
def test_a_decision_without_its_reason_is_refused_and_nothing_is_written(call, field, editor):
    case = make_incident()
    before = events_of(case)
    with pytest.raises(ValidationError) as refusal:
        call(case, editor)
    assert field in refusal.value.message_dict
    case.refresh_from_db()
    assert case.status == ReviewStatus.NEW and events_of(case) == before


def test_reopen_needs_what_is_new_and_clears_the_previous_decision(editor):
    original = make_incident()
    case = services.incident_mark_duplicate(make_incident(), actor=editor, original=original)
    with pytest.raises(ValidationError):
        services.incident_reopen(case, actor=editor, new_information="")
    case = services.incident_reopen(case, actor=editor, new_information="A second strike, not the same one.")
    case.refresh_from_db()
    assert (case.status, case.duplicate_of, case.non_credible_reason) == (ReviewStatus.UNDER_REVIEW, None, "")
    assert case.events.latest("seq").rationale == "A second strike, not the same one."


def test_non_credible_records_its_reason_and_public_rationale(editor):
    case = services.incident_mark_non_credible(
        make_incident(), actor=editor, reason=NonCredibleReason.NO_STRIKE_BY_PARTY,
        rationale="No coalition strike in that area that day.", internal_note="Checked the strike logs.",
    )
    event = case.events.latest("seq")
    assert case.non_credible_reason == NonCredibleReason.NO_STRIKE_BY_PARTY
    assert event.details["reason"] == NonCredibleReason.NO_STRIKE_BY_PARTY
    assert (event.rationale, event.internal_note) == ("No coalition strike in that area that day.",
                                                      "Checked the strike logs.")


def test_publish_and_unpublish_each_write_one_entry_and_refuse_repeats(editor):
    case = make_incident()
    case = services.incident_publish(case, actor=editor, rationale="Ready for readers.")
    assert case.is_published and case.events.latest("seq").kind == EventKind.PUBLISHED
    with pytest.raises(TransitionNotAllowed):
        services.incident_publish(case, actor=editor)
    case = services.incident_unpublish(case, actor=editor, reason="A witness named in the summary asked us to.")
    assert not case.is_published
    assert case.events.latest("seq").rationale == "A witness named in the summary asked us to."
    with pytest.raises(TransitionNotAllowed):
        services.incident_unpublish(case, actor=editor, reason="again")
    assert case.events.filter(kind__in=[EventKind.PUBLISHED, EventKind.UNPUBLISHED]).count() == 2


def test_a_non_credible_case_stays_public(editor):
    case = services.incident_publish(make_incident(), actor=editor)
    case = services.incident_mark_non_credible(case, actor=editor, reason="insufficient_information",
                                               rationale="No date or place given.")
    assert Incident.objects.public().filter(pk=case.pk).exists()


def test_excluding_and_restoring_a_claim_each_write_one_entry(editor):
    case = make_incident()
    claim = make_claim(case, killed_min=1, killed_max=3)
    before = events_of(case)
    with pytest.raises(ValidationError):
        services.claim_exclude(claim, actor=editor, reason="")
    claim = services.claim_exclude(claim, actor=editor, reason="Superseded by the monitor's own correction.")
    assert claim.is_excluded
    with pytest.raises(TransitionNotAllowed):
        services.claim_exclude(claim, actor=editor, reason="again")
    claim = services.claim_restore(claim, actor=editor, reason="The correction was withdrawn.")
    assert not claim.is_excluded and claim.exclusion_reason == ""
    kinds = list(case.events.filter(seq__gt=0).order_by("seq").values_list("kind", flat=True))[before:]
    assert kinds == [EventKind.CLAIM_EXCLUDED, EventKind.CLAIM_RESTORED]


@pytest.mark.parametrize("action", [*ACTIONS, "publish", "unpublish", "exclude", "restore"])
def test_researchers_are_refused_every_decision(action, researcher, editor):
    original = make_incident()
    case = make_incident()
    claim = make_claim(case)
    if action == "reopen":
        case = services.incident_mark_credible(case, actor=editor, rationale="Conceded.")
    if action == "unpublish":
        case = services.incident_publish(case, actor=editor)
    if action == "restore":
        claim = services.claim_exclude(claim, actor=editor, reason="Unreliable.")
    before = events_of(case)
    calls = {
        **ACTIONS,
        "publish": lambda c, a, o: services.incident_publish(c, actor=a),
        "unpublish": lambda c, a, o: services.incident_unpublish(c, actor=a, reason="r"),
        "exclude": lambda c, a, o: services.claim_exclude(claim, actor=a, reason="r"),
        "restore": lambda c, a, o: services.claim_restore(claim, actor=a, reason="r"),
    }
    state = Incident.objects.filter(pk=case.pk).values("status", "is_published").get()
    with pytest.raises(PermissionDenied):
        calls[action](case, researcher, original)
    assert Incident.objects.filter(pk=case.pk).values("status", "is_published").get() == state
    assert events_of(case) == before


def test_four_eyes_an_editor_cannot_decide_credibility_of_a_case_they_recorded(editor, second_editor):
    case = make_incident(actor=editor)
    services.incident_start_review(case, actor=editor)  # starting a review is not a decision
    for decide in (
        lambda: services.incident_mark_credible(case, actor=editor, rationale="Mine."),
        lambda: services.incident_mark_non_credible(case, actor=editor, reason="combatants", rationale="Mine."),
    ):
        before = events_of(case)
        with pytest.raises(PermissionDenied, match="Four-eyes"):
            decide()
        assert events_of(case) == before
    case = services.incident_mark_credible(case, actor=second_editor, rationale="Checked by a second editor.")
    assert case.status == ReviewStatus.CREDIBLE


def test_four_eyes_can_be_switched_off(settings, editor):
    settings.CASEWORK_FOUR_EYES = False
    case = services.incident_mark_credible(make_incident(actor=editor), actor=editor, rationale="Alone.")
    assert case.status == ReviewStatus.CREDIBLE


def test_a_rolled_back_decision_leaves_no_state_and_no_entry(editor):
    case = make_incident()
    before = events_of(case)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.incident_mark_credible(case, actor=editor, rationale="About to fail.")
        raise RuntimeError("something after the decision failed")
    case.refresh_from_db()
    assert case.status == ReviewStatus.NEW and events_of(case) == before


@pytest.mark.django_db(transaction=True)
def test_two_editors_deciding_the_same_case_at_once_exactly_one_wins(editor, second_editor):
    case = make_incident()
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(actor, call):
        try:
            barrier.wait()
            call(actor)
            outcomes.append("decided")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    calls = [
        (editor, lambda actor: services.incident_mark_credible(case, actor=actor, rationale="Credible.")),
        (second_editor, lambda actor: services.incident_mark_non_credible(
            case, actor=actor, reason="combatants", rationale="Fighters.")),
    ]
    threads = [threading.Thread(target=decide, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"]
    case.refresh_from_db()
    decisions = case.events.filter(kind__in=[EventKind.MARKED_CREDIBLE, EventKind.MARKED_NON_CREDIBLE])
    assert decisions.count() == 1
    assert decisions.get().details["to"] == case.status
