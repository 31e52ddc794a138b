"""`manage.py load_demo`: idempotent, valid demo cases, and demo accounts only in DEBUG."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from incidents import demo_data
from incidents.choices import DECIDED_STATUSES, NonCredibleReason, ReviewStatus
from incidents.management.commands.load_demo import EDITOR_PASSWORD, RESEARCHER_PASSWORD
from incidents.models import CaseCodeSequence, Claim, Incident, IncidentParty, Investigation, Party, Source
from incidents.roles import EDITORS, RESEARCHERS

pytestmark = pytest.mark.django_db

MODELS = [Party, Source, Incident, IncidentParty, Claim, Investigation, CaseCodeSequence, Group, get_user_model()]
TRACKED_MODELS = [Source, Incident, Claim, Investigation]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts of every model, and the update stamp and version of every tracked row."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["investigation sources"] = Investigation.sources.through.objects.count()
    stamps = {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at", "version")) for model in TRACKED_MODELS
    }
    passwords = sorted(get_user_model().objects.values_list("username", "password"))
    return counts, stamps, passwords


def baghuz():
    return Incident.objects.get(occurred_on=datetime.date(2019, 3, 18), place_name="Baghuz")


@pytest.mark.parametrize("debug", [False, True])
def test_loading_the_demo_twice_creates_and_changes_nothing_the_second_time(settings, debug):
    settings.DEBUG = debug
    load_demo()
    first = snapshot()
    output = load_demo()
    assert snapshot() == first
    assert "0 created" in output and " created, 0 already" not in output


def test_the_demo_holds_every_case_and_party_of_the_data_module():
    load_demo()
    assert Incident.objects.count() == len(demo_data.CASES) >= 5
    assert Claim.objects.count() == sum(len(case["claims"]) for case in demo_data.CASES)
    assert set(Party.objects.values_list("name", flat=True)) >= {
        "US-led Coalition",
        "United States military",
        "ISIS",
        "Syrian Democratic Forces",
    }
    for incident in Incident.objects.all():
        assert incident.code and incident.summary and incident.internal_notes
        assert incident.party_links.exists() and incident.claims.exists()


def test_the_baghuz_case_has_its_claims_and_the_conceded_figure_beside_the_range():
    load_demo()
    case = baghuz()
    assert case.code.startswith("SY-")
    assert set(case.claims.values_list("claimant", flat=True)) == {
        "US Central Command",
        "The New York Times",
        "World Socialist Web Site",
        "DailyMail.com",
        "The Jerusalem Post",
    }
    centcom = case.claims.get(claimant="US Central Command")
    assert (centcom.killed_min, centcom.injured_min, centcom.combatants_killed, centcom.uncharacterised_killed) == (
        4,
        8,
        16,
        60,
    )
    assert case.claims.get(claimant="The New York Times").killed_max == 64
    assert case.claims.get(claimant="World Socialist Web Site").killed_min == 80
    assert "March 19th" in case.claims.get(claimant="DailyMail.com").excerpt
    # Range: lowest minimum (CENTCOM's 4) to highest figure (WSWS's "at least 80"); the concession apart.
    assert (case.killed_min, case.killed_max) == (4, 80)
    assert (case.injured_min, case.injured_max) == (8, 8)
    assert (case.conceded_killed, case.conceded_injured) == (4, 8)


def test_the_baghuz_case_records_each_official_process_with_its_outcome():
    load_demo()
    outcomes = dict(baghuz().investigations.values_list("kind", "outcome"))
    assert outcomes == {
        "credibility_assessment": "credible",
        "command_investigation": "no_action",
        "inspector_general": "cancelled",
        "criminal_inquiry": "no_action",
        "legislative_inquiry": "pending",
    }
    senate = baghuz().investigations.get(kind="legislative_inquiry")
    assert senate.opened_on == datetime.date(2021, 5, 1) and "first day of the month" in senate.findings


def test_demo_cases_stay_new_and_unpublished_until_the_review_workflow_applies_them():
    load_demo()
    assert set(Incident.objects.values_list("status", "is_published")) == {(ReviewStatus.NEW, False)}


def test_every_case_plans_a_valid_review_and_non_credible_ones_give_a_reason():
    for case in demo_data.CASES:
        review = case["review"]
        assert review["status"] in DECIDED_STATUSES and review["rationale"]
        if review["status"] == ReviewStatus.NON_CREDIBLE:
            assert review["reason"] in NonCredibleReason.values
        else:
            assert "reason" not in review


def test_a_confidential_testimony_backs_a_claim_on_the_raqqa_case():
    load_demo()
    testimony = Source.objects.get(is_confidential=True)
    assert testimony.title == "Testimony of a Raqqa resident (name withheld)"
    assert testimony.claims.get().incident.place_name == "Raqqa"


def test_without_debug_no_demo_accounts_are_made_and_nothing_is_stamped(settings):
    settings.DEBUG = False
    output = load_demo()
    assert not get_user_model().objects.exists()
    assert "Skipped the demo accounts" in output
    assert not Incident.objects.filter(created_by__isnull=False).exists()


def test_with_debug_the_demo_accounts_are_staff_in_their_groups(settings):
    settings.DEBUG = True
    output = load_demo()
    users = get_user_model().objects
    researcher, editor = users.get(username="researcher"), users.get(username="editor")
    assert researcher.is_staff and researcher.check_password(RESEARCHER_PASSWORD)
    assert editor.is_staff and editor.check_password(EDITOR_PASSWORD)
    assert list(researcher.groups.values_list("name", flat=True)) == [RESEARCHERS]
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert "http://127.0.0.1:8000/admin/" in output
    for model in [Source, Claim, Investigation]:
        assert set(model.objects.values_list("created_by", "updated_by")) == {(researcher.pk, researcher.pk)}
    # The researcher recorded the cases; the editor's review decisions are the last change to each.
    assert set(Incident.objects.values_list("created_by", "updated_by")) == {(researcher.pk, editor.pk)}


def test_demo_reviews_are_taken_by_the_editor_through_the_services_and_logged(settings):
    settings.DEBUG = True
    load_demo()
    case = baghuz()
    assert case.status == ReviewStatus.CREDIBLE and case.is_published
    kinds = list(case.events.order_by("seq").values_list("kind", "actor__username"))
    assert kinds[0] == ("case_created", "researcher")
    assert kinds[-3:] == [("review_started", "editor"), ("marked_credible", "editor"), ("published", "editor")]
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert "The case log is intact" in out.getvalue()


def test_without_reviews_every_demo_case_waits_for_an_editor(settings):
    settings.DEBUG = True
    call_command("load_demo", "--without-reviews", stdout=StringIO())
    assert set(Incident.objects.values_list("status", "is_published")) == {(ReviewStatus.NEW, False)}


def test_a_second_run_keeps_a_demo_password_that_was_changed(settings):
    settings.DEBUG = True
    load_demo()
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("a-new-editor-password-42")
    editor.save()
    load_demo()
    assert get_user_model().objects.get(username="editor").check_password("a-new-editor-password-42")


def test_every_demo_object_passes_full_clean(settings):
    settings.DEBUG = True
    load_demo()
    for model in [Party, Source, Incident, IncidentParty, Claim, Investigation]:
        for obj in model.objects.all():
            obj.full_clean()
