"""Every invariant is refused twice: by full_clean() with a message on the right field, and
by the database itself when validation is bypassed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents import services
from incidents.choices import NonCredibleReason, ReviewStatus
from incidents.models import Claim, Incident, Investigation, Source
from tests.factories import make_claim, make_incident, make_investigation, make_source

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2999, 1, 1)


def tomorrow_plus(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def assert_field_error(instance, field, fragment):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    errors = caught.value.message_dict
    assert field in errors, f"expected an error on {field}, got {errors}"
    assert any(fragment in message for message in errors[field]), errors[field]


def assert_database_refuses(model, pk, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**values)


# --- claims -----------------------------------------------------------------------------

CLAIM_CASES = [
    # (values, field with the error, words in the message)
    ({"killed_min": 10, "killed_max": 5}, "killed_max", "below the lowest"),
    ({"injured_min": 3, "injured_max": 2}, "injured_max", "below the lowest"),
    ({"children_killed_min": 4, "children_killed_max": 1}, "children_killed_max", "below the lowest"),
    ({"women_killed_min": 4, "women_killed_max": 1}, "women_killed_max", "below the lowest"),
    ({"killed_min": -1}, "killed_min", "negative"),
    ({"combatants_killed": -5}, "combatants_killed", "negative"),
    ({"uncharacterised_killed": -5}, "uncharacterised_killed", "negative"),
    ({"killed_max": 10, "children_killed_min": 7, "women_killed_min": 4}, "children_killed_min", "more than"),
    ({"killed_max": 3, "women_killed_min": 4}, "women_killed_min", "more than"),
    ({"stated_on": FAR_FUTURE}, "stated_on", "in the future"),
    ({"is_excluded": True, "exclusion_reason": ""}, "exclusion_reason", "Say why"),
    ({"is_excluded": False, "exclusion_reason": "old"}, "exclusion_reason", "Only an excluded claim"),
]


@pytest.mark.parametrize(("values", "field", "fragment"), CLAIM_CASES)
def test_claim_invariant_is_refused_by_validation_and_by_the_database(values, field, fragment):
    claim = make_claim(make_incident())
    for name, value in values.items():
        setattr(claim, name, value)
    assert_field_error(claim, field, fragment)
    assert_database_refuses(Claim, claim.pk, **values)


def test_claim_with_unknown_figures_is_valid_because_unknown_is_not_zero():
    claim = make_claim(make_incident(), killed_min=None, killed_max=None, children_killed_min=3)
    claim.full_clean()
    assert Claim.objects.get(pk=claim.pk).killed_max is None


# --- incidents --------------------------------------------------------------------------

INCIDENT_CASES = [
    ({"occurred_on": datetime.date(2019, 3, 18), "occurred_until": datetime.date(2019, 3, 17)},
     "occurred_until", "before the start"),
    ({"occurred_on": FAR_FUTURE}, "occurred_on", "in the future"),
    ({"occurred_until": FAR_FUTURE}, "occurred_until", "in the future"),
    ({"latitude": 34.46, "longitude": None}, "longitude", "both latitude and longitude"),
    ({"latitude": None, "longitude": 40.9}, "latitude", "both latitude and longitude"),
    ({"latitude": 91, "longitude": 40}, "latitude", "between -90 and 90"),
    ({"latitude": 34, "longitude": -181}, "longitude", "between -180 and 180"),
    ({"status": ReviewStatus.NON_CREDIBLE, "non_credible_reason": ""}, "non_credible_reason", "must give its reason"),
    ({"status": ReviewStatus.CREDIBLE, "non_credible_reason": NonCredibleReason.COMBATANTS},
     "non_credible_reason", "Only a non-credible case"),
    ({"status": ReviewStatus.DUPLICATE, "duplicate_of": None}, "duplicate_of", "must name the case"),
]


@pytest.mark.parametrize(("values", "field", "fragment"), INCIDENT_CASES)
def test_incident_invariant_is_refused_by_validation_and_by_the_database(values, field, fragment):
    incident = make_incident()
    for name, value in values.items():
        setattr(incident, name, value)
    assert_field_error(incident, field, fragment)
    assert_database_refuses(Incident, incident.pk, **values)


def test_a_case_cannot_be_a_duplicate_of_itself():
    incident = make_incident()
    incident.status = ReviewStatus.DUPLICATE
    incident.duplicate_of = incident
    assert_field_error(incident, "duplicate_of", "duplicate of itself")
    assert_database_refuses(Incident, incident.pk, status=ReviewStatus.DUPLICATE, duplicate_of=incident)


def test_only_a_duplicate_names_another_case():
    original, incident = make_incident(), make_incident()
    incident.duplicate_of = original
    assert_field_error(incident, "duplicate_of", "Only a case marked duplicate")
    assert_database_refuses(Incident, incident.pk, duplicate_of=original)


def test_a_duplicate_points_at_the_original_not_at_another_duplicate(editor):
    original = make_incident()
    first_copy = services.incident_mark_duplicate(make_incident(), actor=editor, original=original)
    second_copy = make_incident()
    second_copy.status = ReviewStatus.DUPLICATE
    second_copy.duplicate_of = first_copy
    assert_field_error(second_copy, "duplicate_of", original.code)


def test_an_unknown_status_is_refused_by_the_database():
    incident = make_incident()
    assert_database_refuses(Incident, incident.pk, status="approved")


def test_todays_date_is_accepted_but_the_day_after_tomorrow_is_not():
    incident = make_incident(occurred_on=timezone.localdate())
    assert incident.pk
    assert_database_refuses(Incident, incident.pk, occurred_on=tomorrow_plus(2))


# --- sources and investigations ---------------------------------------------------------


def test_source_published_in_the_future_is_refused():
    source = make_source()
    source.published_on = FAR_FUTURE
    assert_field_error(source, "published_on", "in the future")
    assert_database_refuses(Source, source.pk, published_on=FAR_FUTURE)


def test_source_fingerprint_must_be_a_sha256_in_the_database():
    source = make_source()
    assert_database_refuses(Source, source.pk, file_sha256="not-a-hash")


INVESTIGATION_CASES = [
    ({"opened_on": datetime.date(2020, 1, 2), "closed_on": datetime.date(2020, 1, 1)}, "closed_on",
     "before the opening"),
    ({"opened_on": FAR_FUTURE}, "opened_on", "in the future"),
    ({"closed_on": FAR_FUTURE}, "closed_on", "in the future"),
    ({"conceded_killed": -1}, "conceded_killed", "negative"),
]


@pytest.mark.parametrize(("values", "field", "fragment"), INVESTIGATION_CASES)
def test_investigation_invariant_is_refused_by_validation_and_by_the_database(values, field, fragment):
    investigation = make_investigation(make_incident())
    for name, value in values.items():
        setattr(investigation, name, value)
    assert_field_error(investigation, field, fragment)
    assert_database_refuses(Investigation, investigation.pk, **values)
