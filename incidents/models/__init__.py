"""Casework's data model, one module per topic."""

from incidents.models.base import ConcurrentEditError, TrackedModel
from incidents.models.claims import FIGURE_FIELDS, FIGURE_RANGES, Claim
from incidents.models.history import GENESIS_HASH, AppendOnlyError, CaseEvent, CaseLogHead
from incidents.models.imports import ImportBatch
from incidents.models.incidents import (
    DERIVED_FIGURE_FIELDS,
    REVIEW_FIELDS,
    CaseCodeSequence,
    Incident,
    IncidentParty,
)
from incidents.models.investigations import Investigation
from incidents.models.parties import Party
from incidents.models.sources import Source

__all__ = [
    "GENESIS_HASH",
    "AppendOnlyError",
    "CaseEvent",
    "CaseLogHead",
    "DERIVED_FIGURE_FIELDS",
    "FIGURE_FIELDS",
    "FIGURE_RANGES",
    "REVIEW_FIELDS",
    "CaseCodeSequence",
    "Claim",
    "ConcurrentEditError",
    "ImportBatch",
    "Incident",
    "IncidentParty",
    "Investigation",
    "Party",
    "Source",
    "TrackedModel",
]
