"""The Arabic interface: every public page and the admin in Arabic, right to left, with nothing
in English but the data; the catalog complete and translated; data the same bytes in any language."""

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from incidents.models import CaseEvent, Claim, Incident, Investigation, Party, Source
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
DATA_PATHS = ["/cases/export.csv", "/cases/claims.csv", "/cases/export.json", "/cases/export.geojson",
              "/cases/export.csv?country=SY&status=credible", "/cases/export.json?date_from=yesterday",
              "/log/head.json", "/healthz", "/api/cases/", "/api/parties/", "/api/log/head/",
              "/api/schema/?format=json"]


def arabic_pages(case):
    return [
        "/ar/",
        "/ar/cases/",
        "/ar/cases/?country=SY&status=credible&sort=-deaths",
        "/ar/cases/?q=Baghuz",
        "/ar/cases/?date_from=yesterday&min_killed=-3",  # the form's errors, from Django's own catalog
        f"/ar/cases/{case.code}/",
        f"/ar/cases/{case.code}/history/",
        "/ar/stats/",
        "/ar/log/",
    ]


# --- reading pages -----------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader sees (and hears: aria-labels, chart titles), without user text.

    Skipped: elements that carry their own direction or language (dir="auto" marks user text,
    lang="en" the link to the English page), code and preformatted hashes, scripts.
    """

    SKIPPED_TAGS = {"script", "style", "code", "pre"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (tag in self.SKIPPED_TAGS or attrs.get("dir") == "auto"
                   or attrs.get("lang", "ar") != "ar" or (self.stack and self.stack[-1]))
        if not skipped and attrs.get("aria-label"):
            self.parts.append(attrs["aria-label"])
        if tag not in self.VOID:
            self.stack.append(bool(skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, page):
        parser = cls()
        parser.feed(page)
        return " ".join(" ".join(parser.parts).split())


def data_strings():
    """Everything on the pages that researchers typed: it stays in the language it was written in."""
    texts = set()
    for model, fields in ((Incident, ["title", "summary", "place_name", "place_name_local", "admin_area",
                                      "time_of_day"]),
                          (Party, ["name", "short_name"]), (Source, ["title", "publisher"]),
                          (Claim, ["claimant", "excerpt", "exclusion_reason"]),
                          (Investigation, ["authority", "findings"]), (CaseEvent, ["rationale"])):
        for row in model.objects.values_list(*fields):
            texts.update(value for value in row if value)
    return sorted(texts, key=len, reverse=True)


def catalog():
    return polib.pofile(str(CATALOG))


def english_fragments():
    """The English words of every msgid, split at its placeholders, that a page could show."""
    entries = catalog()
    kept_as_is = " ".join(text for entry in entries
                          for text in [entry.msgstr, *entry.msgstr_plural.values()])  # "SHA-256", "CSV"…
    fragments = set()
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for part in PLACEHOLDER.split(html.unescape(re.sub(r"<[^>]+>", " ", msgid)))[::2]:
                part = " ".join(part.split()).strip(" .,:;()–—“”")
                if re.search(r"[A-Za-z]{3}", part) and part not in kept_as_is:
                    fragments.add(part)
    return fragments


def untranslated(page):
    text = VisibleText.of(page)
    for value in data_strings():
        text = text.replace(" ".join(value.split()), " ")
    return sorted(fragment for fragment in english_fragments()
                  if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text))


def hrefs(page):
    return re.findall(r'href="([^"]*)"', page)


def links_that_leave_arabic(page):
    """Site links that would drop the reader out of Arabic: all but /ar/…, static files, data
    files (one address in every language) and the links to this page in English."""
    english_versions = set(re.findall(r'<link rel="alternate" hreflang="(?:en|x-default)" href="([^"]*)"', page)
                           + re.findall(r'<a href="([^"]*)" hreflang="en"', page))
    data = ("/static/", "/api/", "/cases/export.", "/cases/claims.csv", "/log/head.json")
    leaving = []
    for href in hrefs(page):
        path = re.sub(r"^https?://testserver", "", html.unescape(href))
        if path.startswith("/") and not path.startswith(("/ar/", *data)) and href not in english_versions:
            leaving.append(path)
    return leaving


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- every public page, in Arabic --------------------------------------------------------------


def test_every_public_page_reads_right_to_left_in_arabic_with_nothing_left_in_english(client, demo):
    for path in arabic_pages(demo):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert re.search(r'<html lang="ar" dir="rtl">', page), path
        assert response["Content-Language"] == "ar", path
        assert untranslated(page) == [], path


def test_links_on_arabic_pages_stay_in_arabic(client, demo):
    for path in arabic_pages(demo):
        page = client.get(path).content.decode()
        internal = [href for href in hrefs(page) if href.startswith("/ar/")]
        assert len(internal) >= 4, path  # the header's links at least
        assert links_that_leave_arabic(page) == [], path


def test_the_switcher_leads_to_the_same_page_and_filters_in_the_other_language(client, demo):
    arabic = client.get("/ar/cases/?country=SY&status=credible").content.decode()
    assert ('<a href="/cases/?country=SY&amp;status=credible" hreflang="en" lang="en" rel="alternate">English</a>'
            in arabic)
    english_address = "http://testserver/cases/?country=SY&amp;status=credible"
    assert f'<link rel="alternate" hreflang="en" href="{english_address}">' in arabic
    assert f'<link rel="alternate" hreflang="x-default" href="{english_address}">' in arabic
    english = client.get(f"/cases/{demo.code}/").content.decode()
    assert f'<a href="/ar/cases/{demo.code}/" hreflang="ar" lang="ar" rel="alternate">العربية</a>' in english
    assert f'<link rel="alternate" hreflang="ar" href="http://testserver/ar/cases/{demo.code}/">' in english


def test_the_switcher_is_on_every_public_page_in_both_languages(client, demo):
    for path in arabic_pages(demo):
        english_path = path.removeprefix("/ar")
        assert 'hreflang="en" lang="en" rel="alternate">English</a>' in client.get(path).content.decode(), path
        english = client.get(english_path).content.decode()
        assert 'hreflang="ar" lang="ar" rel="alternate">العربية</a>' in english, english_path
        assert '<html lang="en" dir="ltr">' in english, english_path


def test_the_address_alone_decides_the_language_never_the_browser_or_a_cookie(client, demo):
    client.cookies["django_language"] = "ar"
    english = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert "Accept-Language" not in english.get("Vary", "")
    arabic = client.get("/ar/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()


def test_the_case_page_in_arabic_puts_the_local_name_first_and_keeps_user_text_in_its_direction(client, demo):
    page = client.get(f"/ar/cases/{demo.code}/").content.decode()
    place = re.search(r"<dt>المكان</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert place.index("الباغوز") < place.index("Baghuz")
    assert '<span lang="ar" dir="auto" class="local-name">الباغوز</span>' in page
    assert re.search(r'<blockquote lang="en" dir="auto">These strikes resulted', page)
    assert '<h1><span dir="auto">Two airstrikes on a camp' in page
    english = client.get(f"/cases/{demo.code}/").content.decode()
    place = re.search(r"<dt>Place</dt><dd>(.*?)</dd>", english, re.S).group(1)
    assert place.index("Baghuz") < place.index("الباغوز")


def test_dates_are_in_arabic_and_coordinates_are_never_localised(client, demo):
    page = client.get(f"/ar/cases/{demo.code}/").content.decode()
    assert "مارس 2019" in page  # the strike's date, month named in Arabic
    assert '<bdi dir="ltr">34.460600, 40.938300</bdi>' in page
    assert 'data-lat="34.460600" data-lon="40.938300"' in page or "case-map" not in page
    assert "34,460600" not in page


def test_the_feed_in_arabic_links_to_arabic_pages(client, demo):
    feed = client.get("/ar/feeds/cases.atom")
    assert feed.status_code == 200
    text = feed.content.decode()
    assert 'xml:lang="ar"' in text
    assert "<title>Casework: الحوادث المنشورة حديثًا والمحدَّثة</title>" in text
    assert f'href="http://testserver/ar/cases/{demo.code}/"' in text
    assert "Civilians killed" not in text and "القتلى المدنيون، عبر الادعاءات" in text
    assert "Civilians killed, across the claims" in client.get("/feeds/cases.atom").content.decode()


def test_the_stats_charts_are_drawn_right_to_left_in_arabic(client, demo):
    arabic = client.get("/ar/stats/").content.decode()
    english = client.get("/stats/").content.decode()
    assert arabic.count('direction="rtl"') == 3 and english.count('direction="ltr"') == 3
    # The value axis stands on the right: its figures are drawn just right of the mirrored margin.
    assert '<text class="chart-tick" x="744" ' in arabic and '<text class="chart-tick" x="56" ' in english


def test_data_has_no_arabic_copy(client, demo):
    for path in ("/ar/cases/export.csv", "/ar/cases/claims.csv", "/ar/cases/export.json", "/ar/log/head.json",
                 "/ar/healthz", "/ar/api/cases/"):
        assert client.get(path, follow=True).status_code == 404, path  # (after adding a slash, for some)


def test_data_and_the_api_are_the_same_bytes_whatever_language_is_asked_for(client, demo):
    make_claim(demo, source=make_source(is_confidential=True), killed_min=7)
    for path in DATA_PATHS:
        plain = client.get(path)
        assert plain.status_code in (200, 400), path
        expected = body(plain)
        answers = [client.get(path, HTTP_ACCEPT_LANGUAGE="ar")]
        client.cookies["django_language"] = "ar"
        answers.append(client.get(path))
        del client.cookies["django_language"]
        with translation.override("ar"):
            answers.append(client.get(path))
            answers.append(client.get(path, HTTP_ACCEPT_LANGUAGE="ar"))
        for answer in answers:
            assert answer.status_code == plain.status_code, path
            assert body(answer) == expected, path
            assert answer.get("Content-Disposition") == plain.get("Content-Disposition"), path
            assert "Accept-Language" not in answer.get("Vary", "") and not answer.has_header("Content-Language"), path
    assert b"A confidential source" in body(client.get("/cases/claims.csv"))


def test_export_links_on_an_arabic_page_are_the_one_address_of_the_data(client, demo):
    page = client.get("/ar/cases/?country=SY").content.decode()
    assert 'href="/cases/export.csv?country=SY"' in page and 'href="/cases/claims.csv?country=SY"' in page
    assert 'href="/log/head.json"' in client.get("/ar/log/").content.decode()


# --- the admin, in Arabic ----------------------------------------------------------------------


def test_the_admin_in_arabic_reads_right_to_left_with_our_customisations_translated(editor_client, demo):
    pages = {
        "/ar/admin/": [],
        "/ar/admin/incidents/incident/": ["بانتظار المراجعة"],
        "/ar/admin/incidents/incident/awaiting-review/": ["حوادث بانتظار المراجعة"],
        f"/ar/admin/incidents/incident/{demo.pk}/change/": ["التاريخ (الأحدث أولًا)", "الأرقام (مستخلصة من الادعاءات"
                                                            " والتحقيقات)", "إعادة الفتح"],
        f"/ar/admin/incidents/incident/{demo.pk}/decide/reopen/": ["ما الجديد", "ملاحظة داخلية"],
        "/ar/admin/incidents/importbatch/upload/": ["استيراد جدول بيانات", "ملف CSV"],
    }
    for path, expected in pages.items():
        response = editor_client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert re.search(r'<html lang="ar" dir="rtl">', page), path
        for text in expected:
            assert text in page, (path, text)
        for english in ("Awaiting review", "History (newest first)", "Cases awaiting review", "What is new",
                        "Import a spreadsheet", "Figures (derived"):
            assert english not in page, (path, english)
    assert '<a href="/ar/">' in editor_client.get("/ar/admin/").content.decode()  # "View site", in Arabic
    assert "Awaiting review" in editor_client.get("/admin/incidents/incident/").content.decode()


def test_import_problems_are_in_arabic_with_their_line_and_column(researcher_client):
    from incidents.exchange import COLUMNS

    row = {"case_ref": "new-1", "title": "Strike on a bakery", "occurred_on": "2019-03-18", "country": "SY",
           "source_title": "A report", "source_kind": "news_report", "claimant": "A monitor",
           "claimant_kind": "monitor", "stance": "maybe"}
    rows = [",".join(COLUMNS), ",".join(row.get(column, "") for column in COLUMNS)]
    upload = SimpleUploadedFile("cases.csv", "\n".join(rows).encode(), content_type="text/csv")
    page = researcher_client.post("/ar/admin/incidents/importbatch/upload/", {"file": upload}).content.decode()
    assert "لم يُستورد شيء" in page
    assert "“maybe” ليس من القيم" in page and "<td dir=\"ltr\">stance</td>" in page
    assert "is not one of" not in page


def test_an_arabic_choice_label_imports_as_its_stored_value_in_either_language():
    from incidents.importer import parse_choice

    for language in ("en", "ar"):
        with translation.override(language):
            assert parse_choice({"stance": "يدعي وقوع ضرر"}, "stance") == "alleges_harm"
            assert parse_choice({"stance": "Alleges harm"}, "stance") == "alleges_harm"


# --- the catalog -------------------------------------------------------------------------------


def test_every_string_has_a_real_arabic_translation():
    entries = catalog()
    assert entries.metadata["Language"] == "ar"
    assert entries.metadata["Plural-Forms"].startswith("nplurals=6;")
    assert not entries.metadata_is_fuzzy
    problems = []
    for entry in entries:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.fuzzy or entry.obsolete:
            problems.append(("fuzzy or obsolete", entry.msgid))
        if entry.msgid_plural and len(translations) != 6:
            problems.append(("needs six plural forms", entry.msgid))
        for text in translations:
            if not text.strip():
                problems.append(("untranslated", entry.msgid))
            elif not re.search(r"[\u0600-\u06FF]", text) and re.search(r"[A-Za-z]", PLACEHOLDER.sub("", entry.msgid)):
                problems.append(("no Arabic in the translation", entry.msgid))
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for form, text in enumerate(translations):
            found = set(PLACEHOLDER.findall(text))
            # Arabic names zero, one and two in words: those forms may leave out the count.
            if found - wanted or (wanted - found and not (entry.msgid_plural and form <= 2)):
                problems.append(("placeholders differ", entry.msgid, text))
    assert problems == []


def test_the_compiled_catalog_is_the_current_one():
    assert COMPILED.exists(), "locale/ar/LC_MESSAGES/django.mo is missing: run `make install` (it compiles it)"

    def key(entry):
        return entry.msgctxt, entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))

    compiled = {key(entry) for entry in polib.mofile(str(COMPILED)) if entry.msgid}
    source = {key(entry) for entry in catalog() if not entry.obsolete}
    assert compiled == source, "the .mo is older than its .po: run `make install`"


def makemessages_options():
    """The options `make messages` passes to makemessages, read from the Makefile."""
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"^MAKEMESSAGES := (.*?)(?<!\\)$", makefile, re.M | re.S).group(1)
    return line.replace("\\\n", " ").split()


def test_the_catalog_holds_every_string_of_the_code_and_templates(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("XGETTEXT IS MISSING: install gettext (make install does) to check the catalog is complete")
    for name in ("casework", "incidents", "accounts", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    result = subprocess.run([sys.executable, "manage.py", *makemessages_options()], cwd=tmp_path,
                            env={**os.environ, "DEBUG": "1"}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr

    def ids(path):
        return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(path))
                if not entry.obsolete}

    collected, committed = ids(tmp_path / "locale/ar/LC_MESSAGES/django.po"), ids(CATALOG)
    assert sorted(collected - committed, key=str) == [], "strings not in the catalog: run `make messages`"
    assert sorted(committed - collected, key=str) == [], "strings no longer used: run `make messages`"


def test_a_missing_translation_is_caught_on_the_page(client, demo):
    """The page check itself: English that escapes translation is reported."""
    page = client.get("/ar/stats/").content.decode()
    assert untranslated(page) == []
    assert untranslated(page.replace("الإحصاءات", "Statistics")) == ["Statistics"]


def test_a_page_no_address_names_still_links_to_itself_in_the_other_language():
    from incidents.templatetags.casework import with_language_prefix

    assert with_language_prefix("/no/such/page/?x=1", "ar") == "/ar/no/such/page/?x=1"
    assert with_language_prefix("/ar/no/such/page/?x=1", "en") == "/no/such/page/?x=1"
    assert with_language_prefix("/ar/", "en") == "/"
    assert with_language_prefix("/arabic/", "ar") == "/ar/arabic/"
