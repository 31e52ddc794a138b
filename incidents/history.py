"""Appending to the case log, and describing records for it.

Only incidents.services calls `append_event`; the functions here keep the shape of each
entry (what is public, what is internal) in one place.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from incidents.bulk import new_instance
from incidents.choices import ActorRole
from incidents.models import FIGURE_FIELDS, CaseEvent, CaseLogHead, Claim, Incident, Investigation
from incidents.roles import EDITORS, RESEARCHERS
from incidents.visibility import require_public

# Public fields of a case whose edits the log records with before and after values.
LOGGED_INCIDENT_FIELDS = require_public(Incident, (
    "title", "summary", "occurred_on", "occurred_until", "date_precision", "time_of_day", "country", "admin_area",
    "place_name", "place_name_local", "latitude", "longitude", "location_precision", "strike_type",
), "the case log")
# Claim fields that are public whatever the source: the figures and how the claim stands.
LOGGED_CLAIM_FIELDS = require_public(Claim, ("stated_on", "stance", *FIGURE_FIELDS), "the case log")
# SOURCE_REVEALING_CLAIM_FIELDS (incidents.visibility) are logged as internal detail only,
# because a source can be made confidential after the entry is written.
LOGGED_INVESTIGATION_FIELDS = require_public(Investigation, (
    "authority", "kind", "opened_on", "closed_on", "outcome", "conceded_killed", "conceded_injured", "findings",
), "the case log")


_AS_THEY_ARE = frozenset({type(None), bool, int, str})


def plain(value):
    """A field value as JSON can hold it exactly (dates as ISO strings, decimals as text)."""
    if type(value) in _AS_THEY_ARE or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def snapshot(instance, fields):
    # Stored values are read from the instance's __dict__ where they are: a country's descriptor,
    # say, builds a Country object with its translated name only for plain() to take its code.
    stored = instance.__dict__
    return {name: plain(stored[attname] if attname in stored else getattr(instance, attname))
            for name, attname in _attnames(type(instance), tuple(fields))}


@functools.cache
def _attnames(model, fields):
    """(name, attname) of each field: looked up once, not at every one of an import's entries."""
    return tuple((name, model._meta.get_field(name).attname) for name in fields)


def changes_between(before, after):
    """{field: [before, after]} for the fields whose values differ."""
    return {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}


def role_of(user):
    if user is None:
        return ActorRole.SYSTEM
    if user.is_superuser:
        return ActorRole.ADMINISTRATOR
    groups = {group.name for group in user.groups.all()}
    if EDITORS in groups:
        return ActorRole.EDITOR
    if RESEARCHERS in groups:
        return ActorRole.RESEARCHER
    return ActorRole.ADMINISTRATOR


def append_event(incident, *, kind, actor, role=None, rationale="", internal_note="", details=None,
                 internal_details=None):
    """Add one entry to the log, chained to the newest one. Runs inside the caller's transaction.

    The head row is locked first, so that concurrent appends take numbers one after the
    other and each links to the entry really before it.
    """
    [event] = append_events([
        PendingEvent(incident, kind, details, internal_details, rationale=rationale, internal_note=internal_note)
    ], actor=actor, role=role)
    return event


@dataclass
class PendingEvent:
    """An entry to add to the log: the case, its kind and what it records."""

    incident: object
    kind: str
    details: dict = None
    internal_details: dict = None
    rationale: str = ""
    internal_note: str = ""


def append_events(pending, *, actor, role=None, insert=None):
    """Add entries to the log in the order given, by one actor, under one lock of the log's head.

    For bulk writes (an import) this keeps the chain exactly as one append_event call per
    entry would, in a few queries instead of several per entry. `insert` writes the new
    CaseEvent rows (default: save them one by one).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_event must run inside the transaction that makes the change it records.")
    head, _created = CaseLogHead.objects.select_for_update().get_or_create(pk=1)
    seq, prev_hash, recorded_at = head.seq, head.hash, timezone.now()
    actor_row = actor if actor is not None and actor.is_authenticated else None
    actor_role = role or role_of(actor)
    events = []
    for entry in pending:
        seq += 1
        event = new_instance(
            CaseEvent,
            seq=seq,
            recorded_at=recorded_at,
            incident_id=entry.incident.pk,
            kind=entry.kind,
            actor_id=actor_row.pk if actor_row else None,
            actor_role=actor_role,
            rationale=(entry.rationale or "").strip(),
            internal_note=(entry.internal_note or "").strip(),
            details=entry.details or {},
            internal_details=entry.internal_details or {},
            prev_hash=prev_hash,
        )
        # Kept for callers, without a query; set in the relations' cache directly, as the
        # descriptors' checks cost more than the rest of a bulk-written entry.
        event._state.fields_cache.update(incident=entry.incident, actor=actor_row)
        event.hash = prev_hash = event.compute_hash(entry.incident.code)
        events.append(event)
    if not events:
        return events
    if insert is None:
        for event in events:
            event.save()
    else:
        insert(events)
    CaseLogHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev_hash)
    return events


def recorded_changes_since(instance, version):
    """The field changes the log holds for `instance` after it was at `version`, oldest first.

    Returns (field name, before, after) triples, or None for a kind of record the case log
    does not follow field by field (sources).
    """
    from incidents.choices import EventKind
    from incidents.models import Claim, Incident

    if isinstance(instance, Incident):
        events = CaseEvent.objects.filter(incident=instance, kind=EventKind.CASE_EDITED)
    elif isinstance(instance, Claim):
        events = CaseEvent.objects.filter(kind=EventKind.CLAIM_EDITED, details__claim=instance.pk)
    else:
        return None
    changes = []
    for event in events.filter(details__version__gt=version).order_by("seq"):
        recorded = {**event.details.get("changes", {}), **event.internal_details.get("changes", {})}
        changes.extend((name, before, after) for name, (before, after) in recorded.items())
    return changes
