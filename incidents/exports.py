"""The open-data exports: what each row holds, and writers that stream it.

Four files describe whatever the public case list's filter selects: cases as CSV, their claims
as CSV in the import format (incidents.exchange.COLUMNS), cases with claims and investigations
as JSON, and cases as GeoJSON points. docs/data-dictionary.md describes every column.

Three rules hold for all of them:

- Only what a public page may show. A claim resting on a confidential source keeps its figures
  and stance but is attributed to "A confidential source", with no claimant kind, excerpt or
  source (the rule of incidents.public); internal notes and log notes are never even loaded.
- The same bytes in every language: stored choice values, ISO dates, numbers as Python writes
  them, and the confidential attribution in English whatever language is active.
- Constant memory: cases are read with `iterator(chunk_size=CHUNK_SIZE)`, whose prefetches run
  once per chunk, and written as they come, in pieces of about FLUSH_CHARS characters.
"""

import csv
import datetime
import json
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation

from incidents.choices import PartyRole
from incidents.exchange import (
    CASE_COLUMNS,
    CLAIM_COLUMNS,
    COLUMNS,
    PARTY_SEPARATOR,
    SOURCE_COLUMNS,
    neutralise_formula,
)
from incidents.models import FIGURE_FIELDS, Claim, Incident, IncidentParty, Investigation
from incidents.public import CONFIDENTIAL_SOURCE, public_duplicate_of_code
from incidents.visibility import PUBLIC_SOURCE_FIELDS, require_public

# Cases read (and prefetched for) at a time: memory is bounded by one chunk, queries grow by
# one set of prefetches per chunk. Measured (bench/): 2,000 cases with their ~20,000 claims and
# sources held over 100 MB in a worker; 250 keep it near a tenth of that, for ~3 small queries
# per 250 cases.
CHUNK_SIZE = 250
# Text is handed to the server in pieces of about this many characters.
FLUSH_CHARS = 64 * 1024
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8 (Arabic place names, excerpts)

CASE_FIELDS = (
    "code",
    "title",
    "occurred_on",
    "occurred_until",
    "date_precision",
    "country",
    "admin_area",
    "place_name",
    "place_name_local",
    "latitude",
    "longitude",
    "location_precision",
    "strike_type",
    "parties",
    "status",
    "non_credible_reason",
    "duplicate_of",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "conceded_killed",
    "conceded_injured",
    "claims",
    "published_at",
    "updated_at",
    "url",
)
CLAIM_FIELDS = (
    "number",
    "claimant",
    "claimant_kind",
    "stated_on",
    "stance",
    *FIGURE_FIELDS,
    "excerpt",
    "excerpt_language",
    "is_excluded",
    "exclusion_reason",
    "source",
)
SOURCE_FIELDS = PUBLIC_SOURCE_FIELDS
INVESTIGATION_FIELDS = require_public(Investigation, (
    "authority", "kind", "opened_on", "closed_on", "outcome", "conceded_killed", "conceded_injured", "findings",
), "the exports")
CASE_PARTY_SEPARATOR = "; "
WITHOUT_COORDINATES = "casework:cases_without_coordinates"

# Incident columns read from the database: public ones only (never internal_notes or the
# search document), checked against incidents.visibility.
_INCIDENT_COLUMNS = require_public(Incident, (
    "code", "title", "occurred_on", "occurred_until", "date_precision", "country", "admin_area", "place_name",
    "place_name_local", "latitude", "longitude", "location_precision", "strike_type", "status",
    "non_credible_reason", "killed_min", "killed_max", "injured_min", "injured_max", "conceded_killed",
    "conceded_injured", "published_at", "updated_at",
), "the exports")
_PARTY_LINKS = Prefetch(
    "party_links",
    queryset=IncidentParty.objects.select_related("party").only("incident", "role", "party__name")
    .order_by("party__name", "id"),
)
# Claims in the order the case page numbers them.
_CLAIMS = Prefetch(
    "claims",
    queryset=Claim.objects.select_related("source").only(
        *require_public(Claim, ("incident", "source", "claimant", "claimant_kind", "stated_on", "stance",
                                *FIGURE_FIELDS, "excerpt", "excerpt_language", "is_excluded", "exclusion_reason"),
                        "the exports"),
        "source__is_confidential",  # read to withhold the source, never written out
        *(f"source__{name}" for name in SOURCE_FIELDS),
    ).order_by(F("stated_on").asc(nulls_last=True), "id"),
)
_INVESTIGATIONS = Prefetch(
    "investigations",
    queryset=Investigation.objects.only("incident", *INVESTIGATION_FIELDS).order_by("opened_on", "id"),
)


def confidential_attribution():
    """How a claim on a confidential source is attributed: in English, whatever the language."""
    with translation.override(None):
        return str(CONFIDENTIAL_SOURCE)


# --- what is read -----------------------------------------------------------------------------


def _claim_count():
    counted = Claim.objects.filter(incident=OuterRef("pk")).order_by().values("incident").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), Value(0))


def _cases(queryset, *extra_columns):
    return queryset.only(*_INCIDENT_COLUMNS, *extra_columns).annotate(duplicate_of_code=public_duplicate_of_code())


def cases_for_table(queryset):
    """Cases with what one row of the cases CSV or GeoJSON needs: parties and a claim count."""
    return _cases(queryset).annotate(claim_count=_claim_count()).prefetch_related(_PARTY_LINKS)


def cases_for_claims(queryset):
    """Cases with what the claims CSV repeats on each claim row, and their claims and sources."""
    return _cases(queryset, "summary").prefetch_related(_PARTY_LINKS, _CLAIMS)


def cases_for_json(queryset):
    """Cases with their parties, claims (and sources) and investigations."""
    return _cases(queryset).prefetch_related(_PARTY_LINKS, _CLAIMS, _INVESTIGATIONS)


def in_chunks(queryset):
    """Each case once, CHUNK_SIZE at a time; the prefetches run once per chunk."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


# --- one record each --------------------------------------------------------------------------


def case_parties(case):
    """ "Name; Other name (suspected)", in name order."""
    return CASE_PARTY_SEPARATOR.join(
        link.party.name + (" (suspected)" if link.role == PartyRole.SUSPECTED else "")
        for link in case.party_links.all()
    )


def case_record(case, url, *, claims):
    """One case as the cases CSV, the JSON and the GeoJSON properties give it (typed values)."""
    return {
        "code": case.code,
        "title": case.title,
        "occurred_on": case.occurred_on,
        "occurred_until": case.occurred_until,
        "date_precision": case.date_precision,
        "country": case.country.code,
        "admin_area": case.admin_area,
        "place_name": case.place_name,
        "place_name_local": case.place_name_local,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "location_precision": case.location_precision,
        "strike_type": case.strike_type,
        "parties": case_parties(case),
        "status": case.status,
        "non_credible_reason": case.non_credible_reason,
        "duplicate_of": case.duplicate_of_code,
        "killed_min": case.killed_min,
        "killed_max": case.killed_max,
        "injured_min": case.injured_min,
        "injured_max": case.injured_max,
        "conceded_killed": case.conceded_killed,
        "conceded_injured": case.conceded_injured,
        "claims": claims,
        "published_at": case.published_at,
        "updated_at": case.updated_at,
        "url": url,
    }


def claim_record(claim, number, attribution):
    """One claim as the JSON gives it; a confidential source's claim keeps figures and stance only."""
    # The rule of incidents.public.public_claim: the source's confidentiality decides.
    confidential = claim.rests_on_confidential_source
    record = {
        "number": number,
        "claimant": attribution if confidential else claim.claimant,
        "claimant_kind": "" if confidential else claim.claimant_kind,
        "stated_on": claim.stated_on,
        "stance": claim.stance,
        **{name: getattr(claim, name) for name in FIGURE_FIELDS},
        "excerpt": "" if confidential else claim.excerpt,
        "excerpt_language": "" if confidential else claim.excerpt_language,
        "is_excluded": claim.is_excluded,
        "exclusion_reason": claim.exclusion_reason if claim.is_excluded else "",
        "source": None,
    }
    if not confidential:
        # What incidents.public.public_source shows, with the kind's stored value, not its label.
        record["source"] = {name: getattr(claim.source, name) for name in SOURCE_FIELDS}
    return record


def investigation_record(investigation):
    return {name: getattr(investigation, name) for name in INVESTIGATION_FIELDS}


def case_json(case, url, attribution):
    """One case for the JSON export: the CSV's fields, then its claims and investigations."""
    claims = [claim_record(claim, number, attribution) for number, claim in enumerate(case.claims.all(), start=1)]
    record = case_record(case, url, claims=None)
    del record["claims"]  # the count is the length of the list below
    record["claims"] = claims
    record["investigations"] = [investigation_record(inv) for inv in case.investigations.all()]
    return record


def claim_rows(case, attribution):
    """The claims-CSV rows of one case, in the order of incidents.exchange.COLUMNS."""
    case_cells = {
        "case_ref": case.code,
        "title": case.title,
        "occurred_on": case.occurred_on,
        "occurred_until": case.occurred_until,
        "country": case.country.code,
        "admin_area": case.admin_area,
        "place_name": case.place_name,
        "place_name_local": case.place_name_local,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "location_precision": case.location_precision,
        # The role always written out: the importer takes a bare name as suspected.
        "parties": PARTY_SEPARATOR.join(f"{link.party.name} ({link.role})" for link in case.party_links.all()),
        "strike_type": case.strike_type,
        "summary": case.summary,
    }
    case_cells = [case_cells[name] for name in CASE_COLUMNS]
    for number, claim in enumerate(case.claims.all(), start=1):
        if claim.is_excluded:
            # Only claims that count: excluding is an editor's decision, which an import by a
            # researcher must not undo. The JSON export lists excluded claims with their reason.
            continue
        record = claim_record(claim, number, attribution)
        if record["source"] is None:
            # A confidential source: nothing of it, but enough for the row to import again.
            record["claimant_kind"] = "other"
            source = {**dict.fromkeys(SOURCE_FIELDS, ""), "title": attribution, "kind": "other"}
        else:
            source = record["source"]
        yield [
            *case_cells,
            *(source[name.removeprefix("source_")] for name in SOURCE_COLUMNS),
            *(record[name] for name in CLAIM_COLUMNS),
        ]


def feature(record):
    """A GeoJSON Point Feature (RFC 7946: longitude first) for a case that has coordinates."""
    return {
        "type": "Feature",
        "id": record["code"],
        "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
        "properties": record,
    }


# --- how values are written -------------------------------------------------------------------


def iso_datetime(value):
    """UTC, to the second: 2024-05-01T10:00:00Z."""
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def csv_cell(value):
    """A value as CSV text: empty for unknown, ISO dates, plain numbers, text safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return iso_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise_formula(str(value))


class ExportEncoder(json.JSONEncoder):
    """JSON numbers for coordinates, ISO text for dates and times."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        if isinstance(o, datetime.datetime):
            return iso_datetime(o)
        if isinstance(o, datetime.date):
            return o.isoformat()
        return super().default(o)


_encoder = ExportEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(value):
    return _encoder.encode(value)


# --- streaming writers ------------------------------------------------------------------------


def in_pieces(texts):
    """Join small strings into UTF-8 pieces of about FLUSH_CHARS, as they come."""
    pending, size = [], 0
    for text in texts:
        pending.append(text)
        size += len(text)
        if size >= FLUSH_CHARS:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


class _Line:
    """A file whose write() hands back the line, so that csv.writer formats one row at a time."""

    def write(self, text):
        return text


def csv_lines(header, rows):
    """BOM, header and rows, CRLF-terminated (the Excel dialect); every cell through csv_cell."""
    writer = csv.writer(_Line(), dialect="excel")
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def json_lines(head, items, tail):
    """`head`, the items as a JSON array one per line, then `tail`: one item in memory at a time."""
    yield head + "[\n"
    separator = ""
    for item in items:
        yield separator + to_json(item)
        separator = ",\n"
    yield "\n]" + tail + "\n"


# --- the four files ---------------------------------------------------------------------------


def cases_csv(queryset, case_url):
    def rows():
        for case in in_chunks(cases_for_table(queryset)):
            record = case_record(case, case_url(case.code), claims=case.claim_count)
            yield [record[name] for name in CASE_FIELDS]

    return in_pieces(csv_lines(CASE_FIELDS, rows()))


def claims_csv(queryset):
    def rows():
        attribution = confidential_attribution()
        for case in in_chunks(cases_for_claims(queryset)):
            yield from claim_rows(case, attribution)

    return in_pieces(csv_lines(COLUMNS, rows()))


def cases_json(queryset, case_url):
    def items():
        attribution = confidential_attribution()
        for case in in_chunks(cases_for_json(queryset)):
            yield case_json(case, case_url(case.code), attribution)

    return in_pieces(json_lines('{"cases":', items(), "}"))


def cases_without_coordinates(queryset):
    """How many selected cases the GeoJSON leaves out (coordinates are both given or neither)."""
    return queryset.order_by().filter(latitude__isnull=True).count()


def cases_geojson(queryset, case_url, without_coordinates):
    def features():
        for case in in_chunks(cases_for_table(queryset.filter(latitude__isnull=False))):
            yield feature(case_record(case, case_url(case.code), claims=case.claim_count))

    head = ('{"type":"FeatureCollection",' + to_json(WITHOUT_COORDINATES) + ":" + str(without_coordinates)
            + ',"features":')
    return in_pieces(json_lines(head, features(), "}"))
