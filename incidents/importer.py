"""Importing cases and claims from a spreadsheet (CSV), all or nothing.

`plan_import` reads and validates the whole file without writing anything and returns a
plan: what would be created, and every error with its line and column. `apply_import`
writes a plan without errors in one transaction, in bulk (incidents.import_writer), with the
same case-log entries as the admin's services would write, attributed to the importer. The format
is in docs/import-format.md; the columns are incidents.exchange.COLUMNS.
"""

import csv
import functools
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_countries import countries

from incidents.bulk import new_instance
from incidents.choices import (
    ClaimantKind,
    LocationPrecision,
    PartyKind,
    PartyRole,
    SourceKind,
    Stance,
    StrikeType,
)
from incidents.exchange import CASE_COLUMNS, COLUMNS, PARTY_SEPARATOR, restore_formula
from incidents.exports import confidential_attribution
from incidents.import_writer import write_plan
from incidents.languages import LANGUAGE_CODES
from incidents.models import Claim, ImportBatch, Incident, Party, Source
from incidents.models.validation import check_plain_text, same_day

CHOICE_COLUMNS = {
    "location_precision": LocationPrecision,
    "strike_type": StrikeType,
    "source_kind": SourceKind,
    "claimant_kind": ClaimantKind,
    "stance": Stance,
}
CHOICE_VALUES = {column: frozenset(choices.values) for column, choices in CHOICE_COLUMNS.items()}
DATE_COLUMNS = ("occurred_on", "occurred_until", "source_published_on", "stated_on")
NUMBER_COLUMNS = tuple(column for column in COLUMNS if column.endswith(("_min", "_max")))
# Model field name -> CSV column, where they differ.
INCIDENT_COLUMN = {name: name for name in CASE_COLUMNS}
SOURCE_COLUMN = {"title": "source_title", "publisher": "source_publisher", "kind": "source_kind", "url": "source_url",
                 "archive_url": "source_archive_url", "published_on": "source_published_on",
                 "language": "source_language"}
CLAIM_COLUMN = {name: name for name in COLUMNS}
# Case columns that may be left empty on the second and later rows of the same case.
CASE_FIELD_COLUMNS = tuple(column for column in CASE_COLUMNS if column != "case_ref")


# Messages here are read by researchers, many of whom work in Arabic: each is translated in the
# language of the request (the admin's), keeping the line and the column name, which are the
# file's own and never translated.


def listed(names):
    return pgettext("list separator", ", ").join(names)


@dataclass
class RowError:
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.line is not None and self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        if self.line is not None:
            return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        if self.column:
            return _("column %(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return self.message


@dataclass
class PlannedCase:
    ref: str
    line: int
    incident: Incident
    parties: list            # [(Party, role)]
    existing: bool = False
    first_row: dict = field(default_factory=dict)


@dataclass
class PlannedClaim:
    line: int
    case: PlannedCase
    claim: Claim
    source_key: tuple


@dataclass
class ImportPlan:
    file_name: str
    sha256: str = ""
    rows: int = 0
    errors: list = field(default_factory=list)
    cases: dict = field(default_factory=dict)          # ref -> PlannedCase
    sources: dict = field(default_factory=dict)        # key -> Source (new ones have no pk)
    claims: list = field(default_factory=list)
    duplicate_claims: int = 0
    already_imported: ImportBatch | None = None

    @property
    def ok(self):
        return not self.errors

    @property
    def new_cases(self):
        return [case for case in self.cases.values() if not case.existing]

    @property
    def existing_cases(self):
        return [case for case in self.cases.values() if case.existing]

    @property
    def new_parties(self):
        unique = {id(party): party for case in self.new_cases for party, _role in case.parties if party.pk is None}
        return list(unique.values())

    @property
    def new_sources(self):
        return [source for source in self.sources.values() if source.pk is None]

    def summary(self):
        if self.already_imported:
            batch = self.already_imported
            who = batch.imported_by.get_username() if batch.imported_by_id else _("someone")
            return _("This file was already imported on %(when)s by %(who)s; importing it again changes nothing.") % {
                "when": f"{batch.imported_at:%Y-%m-%d %H:%M}", "who": who}
        rows, new_cases, existing = self.rows, len(self.new_cases), len(self.existing_cases)
        claims, sources, parties = len(self.claims), len(self.new_sources), len(self.new_parties)
        return _("%(rows)s: %(new_cases)s, claims added to %(existing_cases)s, %(claims)s (%(present)s already "
                 "present), %(sources)s, %(parties)s.") % {
            "rows": ngettext("%(count)s row", "%(count)s rows", rows) % {"count": rows},
            "new_cases": ngettext("%(count)s new case", "%(count)s new cases", new_cases) % {"count": new_cases},
            "existing_cases": ngettext("%(count)s existing case", "%(count)s existing cases", existing)
            % {"count": existing},
            "claims": ngettext("%(count)s new claim", "%(count)s new claims", claims) % {"count": claims},
            "present": self.duplicate_claims,
            "sources": ngettext("%(count)s new source", "%(count)s new sources", sources) % {"count": sources},
            "parties": ngettext("%(count)s new party", "%(count)s new parties", parties) % {"count": parties},
        }


@dataclass
class ImportResult:
    batch: ImportBatch | None
    plan: ImportPlan
    created_codes: list = field(default_factory=list)


class ImportRefused(Exception):
    """The plan has errors (or the file was imported meanwhile): nothing was written."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__("; ".join(str(error) for error in plan.errors) or plan.summary())


# --- reading the file --------------------------------------------------------------------------


def read_rows(data, plan):
    """Decode and parse the CSV; return [(line number, {column: text})] or record why not."""
    limit = settings.CASEWORK_IMPORT_MAX_BYTES
    if len(data) > limit:
        plan.errors.append(RowError(None, None, _(
            "The file is %(size)s MB; the largest accepted is %(limit)s MB. Split it into smaller files.") % {
            "size": f"{len(data) / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.1f}"}))
        return []
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        plan.errors.append(RowError(line, None, _("The file contains NUL bytes: it is not a text CSV file. "
                                                  "Save it from your spreadsheet as “CSV UTF-8”.")))
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        plan.errors.append(RowError(line, None, _("The file is not UTF-8 (perhaps Latin-1 or Windows-1256). In "
                                                  "Excel, save it as “CSV UTF-8 (Comma delimited)”.")))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        plan.errors.append(RowError(None, None, _("The file is empty.")))
        return []
    except csv.Error as error:
        plan.errors.append(RowError(1, None, _("The header row cannot be read: %(error)s.") % {"error": error}))
        return []
    columns = [name.strip().lower() for name in header]
    if not check_header(columns, plan):
        return []
    rows, line = [], reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                plan.errors.append(RowError(start, None, _(
                    "This row has %(cells)s cells; the header has %(columns)s. Check for a stray separator or "
                    "quote.") % {"cells": len(record), "columns": len(columns)}))
                continue
            cells = [cell.strip() for cell in record]
            rows.append((start, dict(zip(columns, [restore_formula(cell) if cell[:1] == "'" else cell
                                                   for cell in cells], strict=True))))
    except csv.Error as error:
        plan.errors.append(RowError(line, None, _("This row cannot be read: %(error)s. Check its quotes.")
                                    % {"error": error}))
    return rows


def check_header(columns, plan):
    seen, duplicates = set(), []
    for name in columns:
        if name in seen:
            duplicates.append(name)
        seen.add(name)
    missing = [name for name in COLUMNS if name not in seen]
    unknown = [name for name in columns if name not in COLUMNS]
    if duplicates:
        plan.errors.append(RowError(1, None, _("Columns appear twice: %(columns)s.") % {"columns": listed(duplicates)}))
    if missing:
        plan.errors.append(RowError(1, None, _("Missing columns: %(columns)s. See docs/import-format.md for the full "
                                               "header row.") % {"columns": listed(missing)}))
    if unknown:
        plan.errors.append(RowError(1, None, _("Unknown columns: %(columns)s. Rename or remove them; see "
                                               "docs/import-format.md.") % {"columns": listed(unknown)}))
    return not (duplicates or missing or unknown)


# --- reading the cells -------------------------------------------------------------------------


class CellError(Exception):
    def __init__(self, column, message):
        self.column, self.message = column, message


def parse_date(row, column):
    text = row[column]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(column, _("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2019-03-18.")
                        % {"text": text}) from None


def parse_count(row, column):
    text = row[column].replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        value = int(text) if text.lstrip("-").isascii() else None
    except ValueError:
        value = None
    if value is None:
        raise CellError(column, _("“%(text)s” is not a whole number; leave it empty when unknown.")
                        % {"text": row[column]})
    if value < 0:
        raise CellError(column, _("A count cannot be negative."))
    if value > 10_000_000:
        raise CellError(column, _("%(value)s is not a believable count.") % {"value": value})
    return value


def parse_decimal(row, column):
    text = row[column]
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) > 1000:
        raise CellError(column, _("“%(text)s” is not a coordinate in decimal degrees, e.g. 34.4606.") % {"text": text})
    return value.quantize(Decimal("0.000001"))


def parse_choice(row, column, required=False):
    text = row[column]
    choices = CHOICE_COLUMNS[column]
    if text in CHOICE_VALUES[column]:
        return text  # the common case, checked without going through the labels
    if not text:
        if required:
            raise CellError(column, _("Required. One of: %(values)s.") % {"values": ", ".join(choices.values)})
        return None
    value = choice_by_label(column).get(label_key(text))
    if value is not None:
        return value
    raise CellError(column, _("“%(text)s” is not one of: %(values)s (or their English or Arabic labels).")
                    % {"text": text, "values": ", ".join(choices.values)})


# Arabic short vowels, shadda, sukun and the tatweel: written or left out at will, so not compared.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0653), 0x0640])


def label_key(text):
    return text.translate(_ARABIC_MARKS).casefold().strip()


@functools.cache
def choice_by_label(column):
    """{value or label, compared loosely: value} for a choice column, with the labels of every
    language the site has: a file means the same whichever language the admin shows."""
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.update({label_key(str(label)): value for value, label in CHOICE_COLUMNS[column].choices})
    found.update({label_key(value): value for value in CHOICE_COLUMNS[column].values})
    return found


def parse_country(row):
    text = row["country"]
    if not text:
        raise CellError("country", _("Required: the ISO 3166-1 code, e.g. SY, IQ, AF."))
    code = text.upper() if len(text) == 2 else countries.by_name(text)
    if not code or code not in country_codes():
        raise CellError("country", _("“%(text)s” is not a country code such as SY, IQ or AF.") % {"text": text})
    return code


@functools.cache
def country_codes():
    return frozenset(code for code, _name in countries)


def parse_language(row, column):
    text = row[column].lower()
    if text and text not in LANGUAGE_CODES:
        raise CellError(column, _("“%(text)s” is not an ISO 639-1 language code such as en or ar.")
                        % {"text": row[column]})
    return text


def parse_parties(row, parties_by_name):
    found = []
    for item in filter(None, (part.strip() for part in row["parties"].split(PARTY_SEPARATOR))):
        role = PartyRole.SUSPECTED
        for candidate in PartyRole:
            suffix = f"({candidate.value})"
            if item.casefold().endswith(suffix):
                role, item = candidate.value, item[: -len(suffix)].strip()
        party = parties_by_name.get(item.casefold())
        if party is None:
            if len(item) > Party._meta.get_field("name").max_length:
                raise CellError("parties", _("“%(name)s…” is too long for a party name.") % {"name": item[:40]})
            # A party not known yet is created with kind "other", and listed in the preview.
            party = Party(name=item, kind=PartyKind.OTHER)
            if problems := check_plain_text(party):
                raise CellError("parties", problems["name"][0])
            parties_by_name[item.casefold()] = party
        found.append((party, role))
    return found


# --- planning ----------------------------------------------------------------------------------


# Rows are checked with full_clean(validate_constraints=False): every database constraint has
# its explanation in the models' clean(), which full_clean runs, and checking each CHECK
# constraint again costs one query per constraint per row (some thirty a row). The database
# still enforces them all when the plan is written. Nor are unique fields checked row by row:
# none that a file fills in is unique (case codes are assigned when the plan is written).
CHECKED = {"validate_constraints": False, "validate_unique": False}


def plan_import(data, *, file_name):
    """Validate the whole file and plan the import, writing nothing."""
    plan = ImportPlan(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    plan.already_imported = ImportBatch.objects.filter(file_sha256=plan.sha256).select_related("imported_by").first()
    if plan.already_imported:
        return plan
    rows = read_rows(data, plan)
    plan.rows = len(rows)
    if plan.errors:
        return plan
    if not rows:
        plan.errors.append(RowError(None, None, _("The file has a header row but no data rows.")))
        return plan
    context = PlanningContext(rows)
    with same_day():
        for line, row in rows:
            plan_row(plan, context, line, row)
    return plan


def plan_row(plan, context, line, row):
    case = None
    try:
        case = plan_case(plan, context, line, row)
    except (CellError, ValidationError) as error:
        record_error(plan, context, line, error)
        # Its later rows are still checked, but not blamed again for the case's own columns.
        context.failed_refs.add(row["case_ref"])
    if case is not None and case.existing and is_confidential_placeholder(row):
        # An exported claim of a confidential source, coming back to the case that holds the real one.
        plan.duplicate_claims += 1
        return
    try:
        source_key, source = plan_source(plan, context, line, row)
        plan_claim(plan, context, line, row, case, source_key, source)
    except (CellError, ValidationError) as error:
        record_error(plan, context, line, error)


def is_confidential_placeholder(row):
    attribution = confidential_attribution()  # as the export writes it: in English, whatever the language
    return row["claimant"] == attribution and row["source_title"] == attribution and not row["source_url"]


def record_error(plan, context, line, error):
    if isinstance(error, CellError):
        plan.errors.append(RowError(line, error.column, error.message))
    else:
        plan.errors.extend(validation_errors(line, error, context.current_columns))


@functools.cache
def unchecked_fields(model, checked):
    """Every field of `model` but `checked`, left out of its full_clean. The others hold their
    defaults, values our parsers allow only when valid, or values the application fills in
    itself, as the admin leaves those out."""
    return frozenset(field.name for field in model._meta.fields) - set(checked)


# The fields a file fills in and that no parser above has already checked as the field would.
CHECKED_INCIDENT_FIELDS = ("title", "summary", "occurred_on", "occurred_until", "admin_area", "place_name",
                           "place_name_local", "latitude", "longitude", "location_precision", "strike_type")
CHECKED_SOURCE_FIELDS = ("title", "publisher", "kind", "url", "archive_url", "published_on", "language")
CHECKED_CLAIM_FIELDS = ("claimant", "stated_on", "excerpt")


class PlanningContext:
    """Look-ups loaded once for the whole file, not once per row."""

    def __init__(self, rows):
        parties = list(Party.objects.all())
        self.parties_by_name = {party.name.casefold(): party for party in parties}
        self.parties_by_name.update({party.short_name.casefold(): party for party in parties if party.short_name})
        refs = {row["case_ref"].upper() for _line, row in rows}
        self.existing_cases = {case.code: case for case in Incident.objects.filter(code__in=refs)}
        urls = {row["source_url"] for _line, row in rows if row["source_url"]}
        self.sources_by_url = {source.url: source for source in Source.objects.filter(url__in=urls)}
        titles = {row["source_title"] for _line, row in rows if not row["source_url"]}
        self.sources_by_title = {
            (source.title, source.publisher): source
            for source in Source.objects.filter(url="", title__in=titles)
        }
        self.current_columns = {}
        self.failed_refs = set()


def plan_case(plan, context, line, row):
    ref = row["case_ref"]
    if not ref:
        raise CellError("case_ref", _("Required: the code of an existing case, or a label shared by this case's rows."))
    if ref in context.failed_refs:
        return None
    key = ref.upper() if ref.upper() in context.existing_cases else ref
    if key in plan.cases:
        planned = plan.cases[key]
        if not planned.existing:
            for column in CASE_FIELD_COLUMNS:
                first = planned.first_row[column]
                if row[column] and row[column] != first:
                    raise CellError(column, _("Differs from line %(line)s of the same case (“%(first)s”); leave it "
                                              "empty or repeat it exactly.") % {"line": planned.line, "first": first})
        return planned
    if key in context.existing_cases:
        planned = PlannedCase(key, line, context.existing_cases[key], [], existing=True)
    else:
        context.current_columns = INCIDENT_COLUMN
        incident = new_instance(
            Incident, title=row["title"], summary=row["summary"], occurred_on=parse_date(row, "occurred_on"),
            occurred_until=parse_date(row, "occurred_until"), country=parse_country(row),
            admin_area=row["admin_area"], place_name=row["place_name"], place_name_local=row["place_name_local"],
            latitude=parse_decimal(row, "latitude"), longitude=parse_decimal(row, "longitude"),
            location_precision=parse_choice(row, "location_precision") or LocationPrecision.UNKNOWN,
            strike_type=parse_choice(row, "strike_type") or StrikeType.UNKNOWN,
        )
        if not row["title"]:
            raise CellError("title", _("Required for a new case."))
        if incident.occurred_on is None:
            raise CellError("occurred_on", _("Required for a new case: the date of the strike, YYYY-MM-DD."))
        # The country was checked by parse_country; the field's own check walks all 250 countries.
        incident.full_clean(exclude=unchecked_fields(Incident, CHECKED_INCIDENT_FIELDS), **CHECKED)
        planned = PlannedCase(key, line, incident, parse_parties(row, context.parties_by_name))
    planned.first_row = row
    plan.cases[key] = planned
    return planned


def source_key_of(row):
    return ("url", row["source_url"]) if row["source_url"] else ("title", row["source_title"], row["source_publisher"])


def plan_source(plan, context, line, row):
    key = source_key_of(row)
    if key in plan.sources:
        return key, plan.sources[key]
    existing = (context.sources_by_url.get(row["source_url"]) if row["source_url"]
                else context.sources_by_title.get((row["source_title"], row["source_publisher"])))
    if existing is not None:
        plan.sources[key] = existing
        return key, existing
    if not row["source_title"]:
        raise CellError("source_title", _("Required: every claim comes from a source."))
    context.current_columns = SOURCE_COLUMN
    source = new_instance(
        Source, title=row["source_title"], publisher=row["source_publisher"],
        kind=parse_choice(row, "source_kind", required=True), url=row["source_url"],
        archive_url=row["source_archive_url"], published_on=parse_date(row, "source_published_on"),
        language=parse_language(row, "source_language"),
    )
    source.full_clean(exclude=unchecked_fields(Source, CHECKED_SOURCE_FIELDS), **CHECKED)
    plan.sources[key] = source
    return key, source


CLAIM_IDENTITY = ("claimant", "stance", "stated_on", "killed_min", "killed_max", "injured_min", "injured_max",
                  "excerpt")


def plan_claim(plan, context, line, row, case, source_key, source):
    context.current_columns = CLAIM_COLUMN
    claim = new_instance(
        Claim, claimant=row["claimant"], claimant_kind=parse_choice(row, "claimant_kind", required=True),
        stance=parse_choice(row, "stance", required=True), stated_on=parse_date(row, "stated_on"),
        excerpt=row["excerpt"], excerpt_language=source.language,
        **{column: parse_count(row, column) for column in NUMBER_COLUMNS},
    )
    # Its choices and figures were checked by their parsers; Claim.clean() still checks them together.
    claim.full_clean(exclude=unchecked_fields(Claim, CHECKED_CLAIM_FIELDS), **CHECKED)
    if case is None:
        return  # its case has errors of its own; the claim itself was still checked
    # The same claim already recorded (say, from an earlier file) is not added twice.
    if case.existing and source.pk is not None:
        identity = {name: getattr(claim, name) for name in CLAIM_IDENTITY}
        if Claim.objects.filter(incident=case.incident, source=source, **identity).exists():
            plan.duplicate_claims += 1
            return
    plan.claims.append(PlannedClaim(line, case, claim, source_key))


def validation_errors(line, error, columns):
    errors = []
    for field_name, messages in error.message_dict.items():
        column = columns.get(field_name) if field_name != "__all__" else None
        errors.extend(RowError(line, column, message) for message in messages)
    return errors


# --- writing -----------------------------------------------------------------------------------


def apply_import(plan, *, actor):
    """Write a plan without errors, all or nothing (see incidents.import_writer). Re-plan if the
    database may have changed."""
    if plan.already_imported:
        return ImportResult(None, plan)
    if not plan.ok:
        raise ImportRefused(plan)
    result = ImportResult(None, plan)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                file_sha256=plan.sha256, file_name=plan.file_name[:255], imported_by=actor, rows=plan.rows,
                cases_created=len(plan.new_cases), claims_created=len(plan.claims),
                sources_created=len(plan.new_sources),
            )
            result.created_codes = write_plan(plan, actor=actor)
    except IntegrityError:
        # Most likely the same file, imported by someone else a moment ago.
        plan.errors.append(RowError(None, None, _("The import could not be written (was this file just imported by "
                                                  "someone else?). Nothing was written; preview it again.")))
        raise ImportRefused(plan) from None
    result.batch = batch
    return result
