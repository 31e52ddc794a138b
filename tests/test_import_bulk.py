"""The import writes in bulk: the same rows and log entries the services would write, in a
number of queries that does not grow with the file, and still all or nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import benchdata
from incidents.choices import ActorRole, EventKind
from incidents.figures import compute_incident_figures
from incidents.history import LOGGED_CLAIM_FIELDS, LOGGED_INCIDENT_FIELDS, snapshot
from incidents.importer import ImportRefused, apply_import, plan_import
from incidents.models import CaseCodeSequence, CaseEvent, CaseLogHead, Claim, Incident, IncidentParty, Party, Source
from incidents.search import public_index_of
from incidents.verification import verify_chain
from incidents.visibility import SOURCE_REVEALING_CLAIM_FIELDS
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def generated_file(cases, seed=3):
    return benchdata.import_file(seed=seed, cases=cases, claims_per_case=4)


def test_every_new_case_has_the_figures_document_parties_and_log_the_services_would_give(researcher):
    make_incident(title="An earlier case")  # the log and the code counters do not start empty
    plan = plan_import(generated_file(30), file_name="generated.csv")
    assert plan.ok, plan.errors[:3]
    result = apply_import(plan, actor=researcher)

    cases = Incident.objects.filter(code__in=result.created_codes).order_by("id")
    assert cases.count() == 30 == len(set(result.created_codes))
    for case in cases:
        assert {name: getattr(case, name) for name in compute_incident_figures(case.pk)} == \
            compute_incident_figures(case.pk)
        assert {"search_document": case.search_document, "public_source_kinds": case.public_source_kinds} == \
            public_index_of(case)
        events = list(case.events.order_by("seq"))
        assert {event.actor for event in events} == {researcher}
        assert {event.actor_role for event in events} == {ActorRole.IMPORTER}
        assert events[0].kind == EventKind.CASE_CREATED
        assert events[0].details == {"fields": snapshot(case, LOGGED_INCIDENT_FIELDS)}
        parties = sorted(f"{link.party.name} ({link.role})" for link in case.party_links.select_related("party"))
        assert parties, "every generated case names at least one party"
        assert events[1].kind == EventKind.CASE_EDITED
        assert events[1].details == {"changes": {"parties": [[], parties]}, "version": 1}
        claims = list(case.claims.order_by("id"))
        added = events[2:]
        assert [event.kind for event in added] == [EventKind.CLAIM_ADDED] * len(claims)
        for claim, event in zip(claims, added, strict=True):
            assert event.details == {"claim": claim.pk, **snapshot(claim, LOGGED_CLAIM_FIELDS)}
            assert event.internal_details == snapshot(claim, SOURCE_REVEALING_CLAIM_FIELDS)
            assert (claim.created_by, claim.excerpt_language) == (researcher, claim.source.language)
    assert verify_chain().intact
    head = CaseLogHead.objects.get()
    assert head.seq == CaseEvent.objects.count()


def test_codes_continue_each_countrys_counter_without_gaps(researcher):
    earlier = make_incident(country="SY")
    plan = plan_import(generated_file(40), file_name="generated.csv")
    result = apply_import(plan, actor=researcher)
    syrian = sorted(int(code.split("-")[1]) for code in result.created_codes if code.startswith("SY-"))
    first = int(earlier.code.split("-")[1]) + 1
    assert syrian == list(range(first, first + len(syrian)))
    assert CaseCodeSequence.objects.get(country="SY").last_number == syrian[-1]


def queries_to_import(cases, actor, seed):
    plan = plan_import(generated_file(cases, seed=seed), file_name=f"{cases}.csv")
    assert plan.ok
    with CaptureQueriesContext(connection) as captured:
        apply_import(plan, actor=actor)
    return len(captured), len(plan.claims)


def test_the_number_of_queries_does_not_grow_with_the_rows(researcher):
    few, few_claims = queries_to_import(3, researcher, seed=4)
    many, many_claims = queries_to_import(60, researcher, seed=5)
    assert many_claims > 10 * few_claims
    # What grows: the code counters, at most six queries for each country of the new cases (six
    # countries here), and on SQLite, whose statements take a limited number of parameters, one
    # INSERT per some hundred rows. Nothing is written row by row.
    rows = many_claims * 3  # each claim, its log entry and its share of the cases and sources
    assert many <= few + 6 * len(benchdata.COUNTRY_WEIGHTS) + rows // 100


def test_a_row_the_database_refuses_while_writing_leaves_nothing_behind(researcher):
    make_incident(title="An earlier case")
    before = {model: model.objects.count() for model in (Incident, Claim, Source, Party, IncidentParty, CaseEvent)}
    counters = dict(CaseCodeSequence.objects.values_list("country", "last_number"))
    head = CaseLogHead.objects.values_list("seq", "hash").get()
    plan = plan_import(generated_file(10), file_name="generated.csv")
    assert plan.ok
    # A value that got past the checks but breaks a database constraint, in the last claim: the
    # parties, sources, cases and most claims are written before the database refuses it.
    plan.claims[-1].claim.killed_min, plan.claims[-1].claim.killed_max = 9, 2
    with pytest.raises(ImportRefused):
        apply_import(plan, actor=researcher)
    assert {model: model.objects.count() for model in before} == before
    assert dict(CaseCodeSequence.objects.values_list("country", "last_number")) == counters
    assert CaseLogHead.objects.values_list("seq", "hash").get() == head
