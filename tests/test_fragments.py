"""The case page's claims table, timeline and sources are cached by their content: a change shows
at once, and a source turned confidential never leaves its name in a cached fragment."""

import pytest
from django.utils import translation

from incidents import services
from incidents.fragments import render_all_cached
from incidents.models import Source
from tests.factories import make_claim, make_source
from tests.public_pages import published

pytestmark = pytest.mark.django_db


def case_page(client, case):
    return client.get(f"/cases/{case.code}/").content.decode()


def test_a_corrected_figure_shows_at_once_on_a_page_already_served(client, editor):
    case = published(editor)
    claim = make_claim(case, claimant="A local monitor", killed_min=4, killed_max=11)
    assert "4–11" in case_page(client, case)
    claim.refresh_from_db()
    claim.killed_max = 12
    services.claim_save(claim, actor=editor)
    page = case_page(client, case)
    assert "4–12" in page and "4–11" not in page


def test_an_exclusion_shows_at_once_in_the_table_and_the_timeline(client, editor):
    case = published(editor)
    claim = make_claim(case, claimant="An early local report", killed_min=300)
    assert "Excluded:" not in case_page(client, case)
    services.claim_exclude(claim, actor=editor, reason="Superseded by a correction.")
    page = case_page(client, case)
    assert 'Excluded:</strong> <span dir="auto">Superseded by a correction.' in page  # the claims table
    assert '<p dir="auto">Alleges harm; civilians killed: at least 300.</p>\n        \n        ' \
        '<blockquote dir="auto">Excluded: <span dir="auto">Superseded by a correction.</span>' in page  # the timeline


def test_a_source_turned_confidential_leaves_no_trace_in_a_page_served_before(client, editor):
    case = published(editor)
    source = make_source(title="Interview with Abu Ahmad", publisher="Field team")
    make_claim(case, source=source, claimant="Abu Ahmad", excerpt="The house fell at dawn", killed_min=3)
    before = case_page(client, case)
    assert all(text in before for text in ("Interview with Abu Ahmad", "Abu Ahmad", "The house fell at dawn"))

    source = Source.objects.get(pk=source.pk)
    source.is_confidential = True
    source.save()
    after = case_page(client, case)
    for text in ("Interview with Abu Ahmad", "Abu Ahmad", "The house fell at dawn", "Field team"):
        assert text not in after
    assert "A confidential source" in after and "1 confidential source is not listed" in after


def test_a_fragment_is_rendered_once_per_content_and_language(settings, tmp_path):
    template = tmp_path / "fragment.html"
    template.write_text("{% load i18n %}{{ counter.next }} {% translate 'Sources' %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    class Counter:
        calls = 0

        def next(self):
            Counter.calls += 1
            return Counter.calls

        def __repr__(self):
            return "Counter()"

    def render():
        return render_all_cached({"part": ("fragment.html", {"counter": Counter()})})["part"]

    first = render()
    assert render() == first == "1 Sources"
    with translation.override("ar"):
        render()
    assert Counter.calls == 2


def test_with_the_shared_database_cache_a_case_page_reads_its_fragments_in_one_query(client, editor, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": settings.CACHE_TABLE}}
    case = published(editor)
    for number in range(3):
        make_claim(case, claimant=f"Monitor {number}", killed_min=number)
    first = case_page(client, case)
    with CaptureQueriesContext(connection) as queries:
        again = case_page(client, case)
    assert again == first and "Monitor 2" in again
    cache_reads = [q["sql"] for q in queries if settings.CACHE_TABLE in q["sql"]]
    assert len(cache_reads) == 1 and cache_reads[0].startswith("SELECT")
