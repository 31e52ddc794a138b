"""Builders for the POST data of the incident admin page (main form plus its inlines)."""

INLINE_PREFIXES = ("party_links", "claims", "investigations")


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def incident_post(*, parties=(), claims=(), investigations=(), existing=None, **fields):
    """POST data for the add page (existing=None) or the change page of `existing`."""
    data = {
        "title": "",
        "summary": "",
        "internal_notes": "",
        "occurred_on": "",
        "occurred_until": "",
        "date_precision": "day",
        "time_of_day": "",
        "country": "",
        "admin_area": "",
        "place_name": "",
        "place_name_local": "",
        "latitude": "",
        "longitude": "",
        "location_precision": "unknown",
        "strike_type": "unknown",
        "_save": "Save",
    }
    if existing is not None:
        data.update(
            {
                "title": existing.title,
                "occurred_on": existing.occurred_on.isoformat(),
                "country": str(existing.country),
                "place_name": existing.place_name,
                "place_name_local": existing.place_name_local,
                "version": str(existing.version),
            }
        )
    data.update({key: "" if value is None else str(value) for key, value in fields.items()})
    rows = {"party_links": parties, "claims": claims, "investigations": investigations}
    for prefix in INLINE_PREFIXES:
        data.update(management_form(prefix, len(rows[prefix])))
        for index, row in enumerate(rows[prefix]):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = "" if value is None else str(value)
    return data


def claim_row(source, **values):
    row = {
        "source": source.pk,
        "claimant": "",
        "claimant_kind": "media",
        "claimant_party": "",
        "stated_on": "",
        "stance": "alleges_harm",
        "excerpt": "",
        "excerpt_language": "",
    }
    for prefix in ("killed", "injured", "children_killed", "women_killed"):
        row[f"{prefix}_min"] = ""
        row[f"{prefix}_max"] = ""
    row["combatants_killed"] = ""
    row["uncharacterised_killed"] = ""
    row.update(values)
    return row
