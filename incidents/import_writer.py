"""Writing a checked import plan in bulk, in one transaction.

The result is what saving each row through the services would give (incidents.services:
incident_save, incident_record_parties, claim_save), entry for entry in the case log, but in
a number of queries that does not grow with the rows: codes are reserved per country, rows are
inserted in bulk (incidents.bulk), figures and search documents of new cases are computed from
the rows in hand, and the log entries are chained under one lock of its head. Cases that
already existed get their figures recomputed from the database, one query set per case.
"""

from collections import defaultdict
from datetime import date

from django.db import connection
from django.utils import timezone

from incidents.bulk import insert_rows, new_instance
from incidents.choices import ActorRole, EventKind, source_kinds_mask
from incidents.figures import figures_from_rows, refresh_incident_figures
from incidents.history import (
    LOGGED_CLAIM_FIELDS,
    LOGGED_INCIDENT_FIELDS,
    PendingEvent,
    append_events,
    snapshot,
)
from incidents.models import CaseCodeSequence, IncidentParty
from incidents.search import document_of
from incidents.visibility import SOURCE_REVEALING_CLAIM_FIELDS


def write_plan(plan, *, actor):
    """Write the parties, sources, cases, claims and log entries of `plan`; returns the new codes.

    Runs inside the caller's transaction, so that a failure anywhere writes nothing.
    """
    now = timezone.now()
    insert_rows(plan.new_parties)
    insert_rows([_stamped(source, actor, now) for source in plan.new_sources])

    claims_by_case = defaultdict(list)
    for planned in plan.claims:
        _relate(planned.claim, "source", plan.sources[planned.source_key])
        claims_by_case[id(planned.case)].append(planned.claim)

    new_cases = plan.new_cases
    _assign_codes(new_cases)
    in_claim_order = claim_order()
    for case in new_cases:
        incident = _stamped(case.incident, actor, now)
        incident.status_changed_at = now
        claims = claims_by_case[id(case)]
        incident.__dict__.update(figures_from_rows(claims))
        public = sorted((claim for claim in claims if not claim.source.is_confidential), key=in_claim_order)
        incident.search_document = document_of(incident, [claim.excerpt for claim in public])
        incident.public_source_kinds = source_kinds_mask(claim.source.kind for claim in public)
    insert_rows([case.incident for case in new_cases])

    links, pending = [], []
    for case in new_cases:
        pending.append(PendingEvent(case.incident, EventKind.CASE_CREATED,
                                    {"fields": snapshot(case.incident, LOGGED_INCIDENT_FIELDS)}))
        chosen = {}
        for party, role in case.parties:
            chosen.setdefault(party.pk, (party, role))  # the first mention of a party decides its role
        links.extend(new_instance(IncidentParty, incident_id=case.incident.pk, party_id=party.pk, role=role)
                     for party, role in chosen.values())
        if chosen:
            after = sorted(f"{party.name} ({role})" for party, role in chosen.values())
            pending.append(PendingEvent(case.incident, EventKind.CASE_EDITED,
                                        {"changes": {"parties": [[], after]}, "version": case.incident.version}))
    insert_rows(links)

    claims = []
    for planned in plan.claims:
        claim = _stamped(planned.claim, actor, now)
        _relate(claim, "incident", planned.case.incident)  # its excerpt_language was set from the source when planned
        claims.append(claim)
    insert_rows(claims)
    for claim in claims:
        pending.append(PendingEvent(claim.incident, EventKind.CLAIM_ADDED,
                                    {"claim": claim.pk, **snapshot(claim, LOGGED_CLAIM_FIELDS)},
                                    snapshot(claim, SOURCE_REVEALING_CLAIM_FIELDS)))
    append_events(pending, actor=actor, role=ActorRole.IMPORTER, insert=insert_rows)

    for case in plan.existing_cases:
        refresh_incident_figures(case.incident.pk)
    return [case.incident.code for case in new_cases]


def claim_order():
    """A sort key giving claims' default order (date stated, then id, which follows the file's
    order), with an unknown date where the database puts NULL: last on PostgreSQL, first on SQLite."""
    nulls_last = connection.vendor == "postgresql"

    def key(claim):
        unknown = claim.stated_on is None
        return (unknown if nulls_last else not unknown, claim.stated_on or date.min)
    return key


def _assign_codes(new_cases):
    by_country = defaultdict(list)
    for case in new_cases:
        by_country[str(case.incident.country).upper()].append(case.incident)
    for country in sorted(by_country):  # always the same order, so that two imports never deadlock
        incidents = by_country[country]
        for incident, code in zip(incidents, CaseCodeSequence.reserve_codes(country, len(incidents)), strict=True):
            incident.code = code


def _stamped(row, actor, now):
    """A new row stamped as TrackedModel.stamp() would, by id: the related-object descriptors'
    checks cost a tenth of the writing time of a large file."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    row.__dict__.update(created_by_id=actor_id, updated_by_id=actor_id, created_at=now, updated_at=now)
    return row


def _relate(row, name, related):
    """row.<name> = related for a new row whose relation is not loaded, without the descriptor's
    checks (a tenth of the writing time of a large file). `related` already has its id."""
    field = row._meta.get_field(name)
    row.__dict__[field.attname] = related.pk
    row._state.fields_cache[name] = related
