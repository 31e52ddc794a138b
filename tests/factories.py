"""Small builders for valid records; each takes overrides for the field under test."""

import datetime
import itertools

from incidents import services
from incidents.choices import ClaimantKind, InvestigationKind, PartyKind, SourceKind, Stance
from incidents.models import Claim, Incident, IncidentParty, Investigation, Party, Source

_counter = itertools.count(1)


def make_party(**fields):
    n = next(_counter)
    values = {"name": f"Party {n}", "short_name": f"P{n}", "kind": PartyKind.STATE_MILITARY}
    values.update(fields)
    return Party.objects.create(**values)


def make_incident(*, parties=(), actor=None, **fields):
    values = {
        "title": "Strike on a residential building",
        "occurred_on": datetime.date(2019, 3, 18),
        "country": "SY",
        "place_name": "Baghuz",
        "place_name_local": "الباغوز",
    }
    values.update(fields)
    incident = Incident(**values)
    incident.full_clean()
    services.incident_save(incident, actor=actor)
    for party in parties:
        IncidentParty.objects.create(incident=incident, party=party)
    return incident


def make_source(**fields):
    n = next(_counter)
    values = {
        "title": f"Report {n}",
        "publisher": "The Daily Record",
        "kind": SourceKind.NEWS_REPORT,
        "url": f"https://news.example.org/report-{n}",
        "published_on": datetime.date(2021, 11, 13),
        "language": "en",
    }
    values.update(fields)
    source = Source(**values)
    source.full_clean()
    source.save()
    return source


def make_claim(incident, *, source=None, actor=None, **fields):
    values = {
        "incident": incident,
        "source": source or make_source(),
        "claimant": "A local monitor",
        "claimant_kind": ClaimantKind.MONITOR,
        "stance": Stance.ALLEGES_HARM,
        "stated_on": datetime.date(2021, 11, 13),
    }
    values.update(fields)
    claim = Claim(**values)
    claim.full_clean()
    services.claim_save(claim, actor=actor)
    return claim


def make_investigation(incident, *, actor=None, **fields):
    values = {
        "incident": incident,
        "authority": "Inspector General",
        "kind": InvestigationKind.INSPECTOR_GENERAL,
        "opened_on": datetime.date(2019, 6, 1),
    }
    values.update(fields)
    investigation = Investigation(**values)
    investigation.full_clean()
    services.investigation_save(investigation, actor=actor)
    return investigation
