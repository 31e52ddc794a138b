"""Each case gets a stable public code from its country and a number, never reused."""

import pytest
from django.db.models import ProtectedError

from incidents.models import Incident
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def test_codes_count_up_per_country():
    codes = [make_incident(country=country).code for country in ("SY", "SY", "IQ", "SY")]
    assert codes == ["SY-0001", "SY-0002", "IQ-0001", "SY-0003"]


def test_code_does_not_change_when_the_country_is_corrected():
    incident = make_incident(country="SY")
    incident.country = "IQ"
    incident.save()
    assert Incident.objects.get(pk=incident.pk).code == "SY-0001"


def test_code_of_a_deleted_case_is_never_handed_out_again():
    # Only a case without any history can be deleted at all (see below); its number stays used.
    Incident.objects.create(title="Entered by mistake", occurred_on="2021-08-29", country="AF").delete()
    assert make_incident(country="AF").code == "AF-0002"


def test_a_case_with_history_is_never_deleted():
    incident = make_incident()
    with pytest.raises(ProtectedError):
        incident.delete()
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_code_cannot_be_set_through_a_save():
    incident = make_incident(country="SY")
    incident.code = "SY-9999"
    incident.save()
    assert Incident.objects.get(pk=incident.pk).code == "SY-0001"
