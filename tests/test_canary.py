"""A canary string in every non-public field must appear on no public page, feed or search.

Planted in: a case's internal notes; a confidential source's title, publisher, addresses,
internal notes and uploaded file name; the claimant and excerpt of a claim resting on that
source; an investigation's internal notes; and the internal note of a decision. The walk
covers every public URL, as an anonymous reader and as a signed-in researcher.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents import services
from incidents.models import CaseEvent
from tests.factories import make_claim, make_investigation, make_party, make_source
from tests.public_pages import ALL_PUBLIC_PATHS, published

pytestmark = pytest.mark.django_db

CANARY = "CANARY7f3a9e"


@pytest.fixture
def planted(editor):
    case = published(editor, title="Strike on a bakery", internal_notes=f"Call {CANARY} back", parties=[make_party()])
    secret = make_source(
        title=f"Testimony of {CANARY}", publisher=f"{CANARY} field team", url=f"https://example.org/{CANARY}",
        archive_url=f"https://archive.example.org/{CANARY}", internal_notes=f"Met {CANARY} at night",
        is_confidential=True, file=SimpleUploadedFile(f"{CANARY}.txt", f"{CANARY} said".encode()),
    )
    make_claim(case, source=secret, claimant=f"{CANARY} (a neighbour)", excerpt=f"{CANARY} saw it",
               killed_min=5, killed_max=6)
    make_claim(case, claimant="Airwars", killed_min=4, killed_max=5)
    make_investigation(case, internal_notes=f"{CANARY} is the investigator's source").sources.add(secret)
    services.incident_mark_credible(case, actor=editor, rationale="Several accounts agree.",
                                    internal_note=f"Relied on {CANARY}")
    assert CaseEvent.objects.filter(internal_note__contains=CANARY).exists()
    return case


def public_paths(case):
    return [
        *ALL_PUBLIC_PATHS,
        f"/cases/{case.code}/",
        f"/cases/{case.code}/history/",
        f"/api/cases/{case.code}/",
        f"/cases/export.json?q={case.code}",
        f"/cases/?q={CANARY}",
        f"/cases/?q={case.code}",
        "/cases/?source_kind=witness_testimony",
        "/cases/?sort=-deaths",
    ]


@pytest.mark.parametrize("as_researcher", [False, True], ids=["anonymous", "researcher"])
def test_the_canary_appears_on_no_public_page(client, planted, researcher, as_researcher):
    if as_researcher:
        client.force_login(researcher)
    for path in public_paths(planted):
        response = client.get(path)
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
