"""A case's figures are derived from its included claims and investigations, never typed in."""

import pytest

from incidents import services
from incidents.choices import ClaimantKind, Stance
from incidents.models import Incident
from tests.factories import make_claim, make_incident, make_investigation

pytestmark = pytest.mark.django_db


def reloaded(incident):
    return Incident.objects.get(pk=incident.pk)


def test_a_case_without_claims_has_unknown_figures_not_zero():
    case = reloaded(make_incident())
    assert (case.killed_min, case.killed_max, case.conceded_killed) == (None, None, None)


def test_deaths_range_runs_from_lowest_minimum_to_highest_maximum():
    incident = make_incident()
    make_claim(incident, killed_min=4, killed_max=4, injured_min=8, injured_max=8)
    make_claim(incident, killed_min=None, killed_max=64)
    make_claim(incident, killed_min=30, killed_max=50, injured_min=2, injured_max=20)
    case = reloaded(incident)
    assert (case.killed_min, case.killed_max) == (4, 64)
    assert (case.injured_min, case.injured_max) == (2, 20)


def test_an_at_least_figure_counts_towards_the_highest_figure():
    incident = make_incident()
    make_claim(incident, killed_min=None, killed_max=64)
    make_claim(incident, killed_min=80, killed_max=None)
    case = reloaded(incident)
    assert (case.killed_min, case.killed_max) == (80, 80)


def test_excluded_claims_do_not_count_and_restoring_them_counts_again(editor):
    incident = make_incident()
    make_claim(incident, killed_min=10, killed_max=12)
    outlier = make_claim(incident, killed_min=300, killed_max=400)
    assert reloaded(incident).killed_max == 400

    services.claim_exclude(outlier, actor=editor, reason="Superseded by the same monitor's correction.")
    assert (reloaded(incident).killed_min, reloaded(incident).killed_max) == (10, 12)

    services.claim_restore(outlier, actor=editor, reason="The correction was itself withdrawn.")
    assert reloaded(incident).killed_max == 400


def test_an_ordinary_save_never_writes_the_exclusion_fields():
    incident = make_incident()
    claim = make_claim(incident, killed_min=300, killed_max=400)
    claim.is_excluded, claim.exclusion_reason = True, "Typed into a form"
    claim.save()
    claim.refresh_from_db()
    assert not claim.is_excluded and reloaded(incident).killed_max == 400


def test_conceded_figure_is_kept_apart_from_the_range():
    incident = make_incident()
    make_claim(incident, claimant="CENTCOM", claimant_kind=ClaimantKind.BELLIGERENT,
               stance=Stance.CONCEDES_HARM, killed_min=4, killed_max=4, injured_min=8, injured_max=8)
    make_claim(incident, killed_min=None, killed_max=64)
    case = reloaded(incident)
    assert case.conceded_killed == 4
    assert case.conceded_injured == 8
    assert (case.killed_min, case.killed_max) == (4, 64)


def test_conceded_figure_is_the_highest_of_concessions_and_investigations():
    incident = make_incident()
    make_claim(incident, stance=Stance.CONCEDES_HARM, killed_min=4, killed_max=4)
    investigation = make_investigation(incident, conceded_killed=6)
    assert reloaded(incident).conceded_killed == 6
    investigation.delete()
    assert reloaded(incident).conceded_killed == 4


def test_deleting_or_moving_a_claim_recomputes_both_cases():
    first, second = make_incident(), make_incident()
    claim = make_claim(first, killed_min=5, killed_max=9)
    claim.incident = second
    claim.save()
    assert reloaded(first).killed_max is None
    assert reloaded(second).killed_max == 9
    claim.delete()
    assert reloaded(second).killed_max is None


def test_a_form_save_of_the_case_never_overwrites_derived_figures():
    incident = make_incident()
    stale = Incident.objects.get(pk=incident.pk)
    make_claim(incident, killed_min=3, killed_max=7)
    stale.title = "A corrected title"
    stale.save()
    case = reloaded(incident)
    assert case.title == "A corrected title"
    assert (case.killed_min, case.killed_max) == (3, 7)
