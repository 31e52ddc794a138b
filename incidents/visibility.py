"""Which fields of each record a reader may see: the one list every public surface takes its
fields from (public pages, exports, the feed, the API and the public part of the case log).

Every concrete field of every model is in exactly one group, so that a field added later
must be placed here before the tests pass (tests/test_visibility.py), and the leak canary
plants its string in every field that is not public (tests/test_canary.py):

- PUBLIC: shown for a published case.
- PUBLIC_UNLESS_CONFIDENTIAL_SOURCE: a claim's fields that would identify its source; shown
  only when the source is not confidential. A confidential source shows none of its fields.
- DERIVED: built from public fields only, for search and filters; never shown as such.
- INTERNAL: bookkeeping and staff-only material; never on a public surface.
"""

from incidents.models import (
    FIGURE_FIELDS,
    CaseCodeSequence,
    CaseEvent,
    CaseLogHead,
    Claim,
    ImportBatch,
    Incident,
    IncidentParty,
    Investigation,
    Party,
    Source,
)

BOOKKEEPING = ("created_at", "created_by", "updated_at", "updated_by", "version")

PUBLIC_INCIDENT_FIELDS = (
    "code", "title", "summary", "occurred_on", "occurred_until", "date_precision", "time_of_day", "country",
    "admin_area", "place_name", "place_name_local", "latitude", "longitude", "location_precision", "strike_type",
    "status", "non_credible_reason",
    # The original's code, and only when the original is itself published (public_duplicate_of_code).
    "duplicate_of",
    "killed_min", "killed_max", "injured_min", "injured_max", "conceded_killed", "conceded_injured",
    "published_at", "updated_at",
)
# A claim's fields that are public whatever its source: the figures and how the claim stands.
PUBLIC_CLAIM_FIELDS = ("id", "incident", "stated_on", "stance", *FIGURE_FIELDS, "is_excluded", "exclusion_reason")
SOURCE_REVEALING_CLAIM_FIELDS = ("claimant", "claimant_kind", "source", "excerpt", "excerpt_language")
# A source's public description, when it is not confidential.
PUBLIC_SOURCE_FIELDS = ("title", "publisher", "kind", "url", "archive_url", "published_on", "language")
PUBLIC_INVESTIGATION_FIELDS = ("id", "incident", "authority", "kind", "opened_on", "closed_on", "outcome",
                               "conceded_killed", "conceded_injured", "findings")
PUBLIC_PARTY_FIELDS = ("id", "name", "short_name", "kind")
PUBLIC_EVENT_FIELDS = ("seq", "recorded_at", "incident", "kind", "actor_role", "rationale", "details", "prev_hash",
                       "hash")

PUBLIC = {
    Incident: PUBLIC_INCIDENT_FIELDS,
    Claim: PUBLIC_CLAIM_FIELDS,
    Source: PUBLIC_SOURCE_FIELDS,
    Investigation: PUBLIC_INVESTIGATION_FIELDS,
    Party: PUBLIC_PARTY_FIELDS,
    IncidentParty: ("incident", "party", "role"),
    CaseEvent: PUBLIC_EVENT_FIELDS,
    CaseLogHead: ("seq", "hash"),
    CaseCodeSequence: (),
    ImportBatch: (),
}
PUBLIC_UNLESS_CONFIDENTIAL_SOURCE = {Claim: SOURCE_REVEALING_CLAIM_FIELDS}
DERIVED = {Incident: ("search_document", "public_source_kinds")}
INTERNAL = {
    Incident: ("id", "created_at", "created_by", "updated_by", "version", "internal_notes", "is_published",
               "status_changed_at"),
    Claim: (*BOOKKEEPING, "claimant_party"),
    Source: ("id", *BOOKKEEPING, "file", "file_name", "file_sha256", "file_size", "file_content_type",
             "is_confidential", "internal_notes"),
    Investigation: (*BOOKKEEPING, "party", "internal_notes"),
    Party: ("description",),
    IncidentParty: ("id",),
    CaseEvent: ("id", "actor", "internal_note", "internal_details"),
    CaseLogHead: ("id",),
    CaseCodeSequence: ("country", "last_number"),
    ImportBatch: ("id", "file_sha256", "file_name", "imported_by", "imported_at", "rows", "cases_created",
                  "claims_created", "sources_created"),
}
GROUPS = {"public": PUBLIC, "public unless the source is confidential": PUBLIC_UNLESS_CONFIDENTIAL_SOURCE,
          "derived": DERIVED, "internal": INTERNAL}


def public_fields(model):
    """The fields of `model` a public surface may read (for a claim: also those its source reveals)."""
    return (*PUBLIC.get(model, ()), *PUBLIC_UNLESS_CONFIDENTIAL_SOURCE.get(model, ()))


def non_public_fields(model):
    """The fields of `model` no public surface may show (the leak canary's targets)."""
    return (*INTERNAL.get(model, ()), *DERIVED.get(model, ()))


def require_public(model, names, surface):
    """`names`, after checking that each is a public field of `model`; a surface that lists
    anything else fails at start, naming the field, instead of publishing it."""
    allowed = set(public_fields(model))
    stray = [name for name in names if name not in allowed]
    if stray:
        raise ValueError(f"{surface} lists fields of {model.__name__} that are not public: {', '.join(stray)} "
                         "(see incidents.visibility).")
    return tuple(names)
