"""`manage.py generate_bench_data`: realistic, reproducible rows that obey every rule of the model."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from incidents import benchdata
from incidents.choices import EventKind, ReviewStatus
from incidents.figures import compute_incident_figures
from incidents.models import (
    DERIVED_FIGURE_FIELDS,
    CaseCodeSequence,
    CaseEvent,
    CaseLogHead,
    Claim,
    Incident,
    IncidentParty,
    Investigation,
    Source,
)
from incidents.search import public_index_of

pytestmark = pytest.mark.django_db

SMALL = ("--cases", "40", "--claims-per-case", "3", "--seed", "1")


def generate(*args):
    out = StringIO()
    call_command("generate_bench_data", *args, stdout=out)
    return out.getvalue()


def pure_run(seed=1, cases=40, claims_per_case=3):
    start = benchdata.StartState(party_ids={name: number for number, (name, *_rest) in
                                            enumerate(benchdata.PARTIES, start=1)})
    return list(benchdata.generate(seed=seed, cases=cases, claims_per_case=claims_per_case, start=start))


def fingerprint(batches):
    """What two runs must share: every case's text, figures and history, and every claim."""
    return (
        [(i.code, i.title, i.summary, i.place_name_local, i.occurred_on, i.status, i.search_document,
          *(getattr(i, name) for name in DERIVED_FIGURE_FIELDS)) for b in batches for i in b.incidents],
        [(c.id, c.excerpt, c.killed_min, c.killed_max, c.source_id) for b in batches for c in b.claims],
        [event.hash for b in batches for event in b.events],
    )


@pytest.fixture
def generated():
    return generate(*SMALL)


def test_small_run_creates_the_cases_claims_and_history_it_reports(generated):
    expected = pure_run()
    assert Incident.objects.count() == 40
    assert Claim.objects.count() == sum(len(b.claims) for b in expected)
    assert Source.objects.count() == sum(len(b.sources) for b in expected)
    assert Investigation.objects.count() == sum(len(b.investigations) for b in expected)
    assert IncidentParty.objects.count() == sum(len(b.links) for b in expected)
    assert CaseEvent.objects.count() == sum(len(b.events) for b in expected)
    assert CaseEvent.objects.filter(kind=EventKind.CASE_CREATED).count() == 40
    assert "Generated 40 cases" in generated and "rows/s" in generated


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    assert fingerprint(pure_run(seed=1)) == fingerprint(pure_run(seed=1))
    assert fingerprint(pure_run(seed=1)) != fingerprint(pure_run(seed=2))


def test_stored_cases_are_the_ones_the_seed_generates(generated):
    expected = [(i.code, i.title, i.search_document) for b in pure_run() for i in b.incidents]
    stored = list(Incident.objects.order_by("id").values_list("code", "title", "search_document"))
    assert stored == expected


def test_case_log_verifies_after_generation(generated):
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert "intact" in out.getvalue()
    last = CaseEvent.objects.order_by("-seq").first()
    head = CaseLogHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (last.seq, last.hash)


def test_codes_are_numbered_per_country_and_counters_hold_the_last_number(generated):
    for sequence in CaseCodeSequence.objects.all():
        codes = Incident.objects.filter(country=sequence.country).values_list("code", flat=True)
        numbers = sorted(int(code.split("-")[1]) for code in codes)
        assert numbers == list(range(1, sequence.last_number + 1))
    assert sum(CaseCodeSequence.objects.values_list("last_number", flat=True)) == 40


def test_generated_rows_pass_full_clean(generated):
    for model in (Incident, Claim, Source, Investigation):
        for row in model.objects.order_by("id")[:60]:
            row.full_clean(validate_constraints=False)


def test_derived_figures_equal_what_figures_computes(generated):
    for incident in Incident.objects.all():
        stored = {name: getattr(incident, name) for name in DERIVED_FIGURE_FIELDS}
        assert stored == compute_incident_figures(incident.pk), incident.code


def test_search_document_and_source_kinds_equal_what_search_computes(generated):
    for incident in Incident.objects.all():
        stored = {"search_document": incident.search_document, "public_source_kinds": incident.public_source_kinds}
        assert stored == public_index_of(incident), incident.code
    assert Incident.objects.exclude(public_source_kinds=0).exists()


def test_duplicates_point_to_originals_and_non_credible_cases_give_a_reason():
    generate("--cases", "400", "--claims-per-case", "2", "--seed", "3")
    duplicates = Incident.objects.filter(status=ReviewStatus.DUPLICATE).select_related("duplicate_of")
    assert duplicates.exists()
    assert all(case.duplicate_of.status != ReviewStatus.DUPLICATE for case in duplicates)
    assert not Incident.objects.filter(status=ReviewStatus.NON_CREDIBLE, non_credible_reason="").exists()
    assert Incident.objects.filter(is_published=True).count() > 200
    assert Source.objects.filter(is_confidential=True).exists()


def test_refuses_to_add_to_existing_cases_without_append(generated):
    with pytest.raises(CommandError, match="--append"):
        generate(*SMALL)
    assert Incident.objects.count() == 40


def test_append_continues_the_codes_and_the_log(generated):
    last_numbers = dict(CaseCodeSequence.objects.values_list("country", "last_number"))
    generate("--cases", "10", "--claims-per-case", "2", "--seed", "2", "--append")
    assert Incident.objects.count() == 50
    for country, number in last_numbers.items():
        assert Incident.objects.filter(code=f"{country}-{number:04d}").exists()
    assert sum(CaseCodeSequence.objects.values_list("last_number", flat=True)) == 50
    call_command("verify_log", stdout=StringIO())
    assert Incident.objects.create(title="after", occurred_on="2024-01-01", country="SY").pk > 0
