"""The claim-row format shared by the spreadsheet import and the claims export.

One row per claim; rows with the same `case_ref` form one case. docs/import-format.md
describes every column; the claims export writes exactly these columns, so that an export
imports again.
"""

CASE_COLUMNS = (
    "case_ref",
    "title",
    "occurred_on",
    "occurred_until",
    "country",
    "admin_area",
    "place_name",
    "place_name_local",
    "latitude",
    "longitude",
    "location_precision",
    "parties",
    "strike_type",
    "summary",
)
SOURCE_COLUMNS = (
    "source_title",
    "source_publisher",
    "source_kind",
    "source_url",
    "source_archive_url",
    "source_published_on",
    "source_language",
)
CLAIM_COLUMNS = (
    "claimant",
    "claimant_kind",
    "stance",
    "stated_on",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "children_killed_min",
    "children_killed_max",
    "women_killed_min",
    "women_killed_max",
    "excerpt",
)
COLUMNS = CASE_COLUMNS + SOURCE_COLUMNS + CLAIM_COLUMNS
PARTY_SEPARATOR = ";"

# Characters that make a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def restore_formula(text):
    """Undo neutralise_formula on a cell read back from an export."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def neutralise_formula(value):
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe.

    Negative numbers stay numbers: only text is neutralised.
    """
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_TRIGGERS):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value
