"""A canary string in every non-public field must appear on no public page, export, feed or API answer.

Planted, from incidents.visibility: in every internal text field of every record (a case's, a
claim's, a source's, an investigation's and a party's notes and bookkeeping, an uploaded file's
name, an import's file name); in everything a confidential source says of itself; in the
claimant and excerpt of a claim resting on that source; and in a decision's internal note. The
walk takes every public route from the URL configuration itself (so a new route is walked
without being listed here), every export format and filter that touches confidential
material, as an anonymous reader and as a signed-in researcher.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from incidents import services, visibility
from incidents.models import CaseEvent, ImportBatch
from tests.factories import make_claim, make_investigation, make_party, make_source
from tests.public_pages import published

pytestmark = pytest.mark.django_db

CANARY = "CANARY7f3a9e"
# Non-public text fields the canary cannot stand in: a hex fingerprint the database checks, the
# country code that keys the code counters, and the append-only log's entries, which are
# planted through the services instead.
NOT_PLANTED = {"file_sha256", "country", "internal_note", "internal_details", "file_content_type"}


def internal_text_fields(model):
    return [field.name for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
            and field.name in visibility.INTERNAL.get(model, ()) and field.name not in NOT_PLANTED]


@pytest.fixture
def planted(editor, researcher):
    case = published(editor, title="Strike on a bakery", parties=[make_party()])
    secret = make_source(
        title=f"Testimony of {CANARY}", publisher=f"{CANARY} field team", url=f"https://example.org/{CANARY}",
        archive_url=f"https://archive.example.org/{CANARY}", is_confidential=True,
        file=SimpleUploadedFile(f"{CANARY}.txt", f"{CANARY} said".encode()),
    )
    make_claim(case, source=secret, claimant=f"{CANARY} (a neighbour)", excerpt=f"{CANARY} saw it",
               killed_min=5, killed_max=6)
    make_claim(case, claimant="Airwars", killed_min=4, killed_max=5)
    make_investigation(case).sources.add(secret)
    services.incident_mark_credible(case, actor=editor, rationale="Several accounts agree.",
                                    internal_note=f"Relied on {CANARY}")
    ImportBatch.objects.create(file_sha256="0" * 64, file_name=f"{CANARY}.csv", imported_by=researcher, rows=1,
                               cases_created=0, claims_created=0, sources_created=0)
    planted_fields = []
    for model in visibility.INTERNAL:
        names = internal_text_fields(model)
        if names and model is not CaseEvent:
            model.objects.update(**{name: f"{CANARY} in {name}" for name in names})
            planted_fields += [f"{model.__name__}.{name}" for name in names]
    assert {"Incident.internal_notes", "Source.internal_notes", "Source.file_name", "Investigation.internal_notes",
            "Party.description", "ImportBatch.file_name"} <= set(planted_fields)
    assert CaseEvent.objects.filter(internal_note__contains=CANARY).exists()
    assert any(CANARY in str(event.internal_details) for event in CaseEvent.objects.all())
    return case


def public_routes(patterns=None, prefix=""):
    """Every public route's path, with its parameters as placeholders (<code>), admin and staff aside."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name in ("admin", "accounts") or route.startswith("staff/"):
                continue
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not route.startswith("staff/"):
            yield route


def public_paths(case):
    paths = []
    for route in public_routes():
        path = "/" + route.replace("<str:code>", case.code).lstrip("^").rstrip("$")
        assert "<" not in path, f"the canary walk does not know how to fill {route}"
        paths.append(path)
    return [
        *paths,
        f"/cases/export.json?q={case.code}",
        f"/cases/claims.csv?q={case.code}",
        f"/cases/?q={CANARY}",
        f"/cases/?q={case.code}",
        "/cases/?source_kind=witness_testimony",
        "/cases/?sort=-deaths",
        f"/api/cases/?q={case.code}",
        "/api/cases/?source_kind=witness_testimony",
        # The same pages in Arabic.
        *(f"/ar{path}" for path in ("/", "/cases/", f"/cases/{case.code}/", f"/cases/{case.code}/history/",
                                    "/stats/", "/feeds/cases.atom", "/log/", f"/cases/?q={case.code}")),
    ]


def test_the_walk_covers_the_public_surfaces():
    routes = set(public_routes())
    for expected in ("cases/<str:code>/", "cases/<str:code>/history/", "cases/export.csv", "cases/claims.csv",
                     "cases/export.json", "cases/export.geojson", "feeds/cases.atom", "api/cases/<str:code>/",
                     "api/cases/", "api/parties/", "api/log/head/", "api/schema/", "api/docs/", "stats/", "log/"):
        assert expected in routes


@pytest.mark.parametrize("as_researcher", [False, True], ids=["anonymous", "researcher"])
def test_the_canary_appears_on_no_public_page(client, planted, researcher, as_researcher):
    if as_researcher:
        client.force_login(researcher)
    for path in public_paths(planted):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The search box shows back what the reader typed, and the links to this page in the other
        # language carry the reader's own query: that is theirs, not a leak.
        body = body.replace(f'value="{CANARY}"'.encode(), b"").replace(f"?q={CANARY}".encode(), b"")
        assert CANARY.encode() not in body, f"the canary leaked on {path}"


def test_searching_for_the_canary_finds_nothing(client, planted):
    response = client.get("/cases/", {"q": CANARY})
    assert response.context["page"].object_list == []


def test_the_case_page_still_shows_the_confidential_claims_figures(client, planted):
    page = client.get(f"/cases/{planted.code}/").content.decode()
    assert "A confidential source" in page and "5–6" in page
