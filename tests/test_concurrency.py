"""Two saves of the same version can never both succeed."""

import threading

import pytest

from incidents.models import Claim, ConcurrentEditError, Incident, Source
from tests.factories import make_claim, make_incident, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model_maker", ["incident", "claim", "source"])
def test_second_save_from_the_same_version_is_refused(model_maker):
    if model_maker == "incident":
        original, model = make_incident(), Incident
    elif model_maker == "claim":
        original, model = make_claim(make_incident()), Claim
    else:
        original, model = make_source(), Source
    first, second = model.objects.get(pk=original.pk), model.objects.get(pk=original.pk)

    first.save()
    with pytest.raises(ConcurrentEditError):
        second.save()
    assert model.objects.get(pk=original.pk).version == original.version + 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_same_version_exactly_one_wins():
    incident = make_incident()
    barrier = threading.Barrier(2)
    outcomes = []

    def save_title(title):
        from django.db import connections

        try:
            copy = Incident.objects.get(pk=incident.pk)
            barrier.wait()
            copy.title = title
            copy.save()
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save_title, args=(f"Title {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert Incident.objects.get(pk=incident.pk).version == 2
