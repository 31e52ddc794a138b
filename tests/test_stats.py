"""The statistics page counts published cases only, from the database's sums, as charts with tables."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import charts, services
from incidents.choices import NonCredibleReason, PartyRole
from incidents.models import IncidentParty
from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2019, 3, 18)
MAY = datetime.date(2019, 5, 2)


class _Tables(HTMLParser):
    """Each table's caption and its rows of cell texts, keyed by the table's id."""

    def __init__(self):
        super().__init__()
        self.tables, self._table, self._row, self._cell, self._caption = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs)["id"]
            self.tables[self._table] = {"caption": "", "rows": []}
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[self._table]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th"):
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self.tables[self._table]["rows"].append(self._row)

    def handle_data(self, data):
        for collecting in (self._cell, self._caption):
            if collecting is not None:
                collecting.append(data)


def tables_of(html):
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows_of(html, table_id):
    return tables_of(html)[table_id]["rows"][1:]  # without the header row


def stats_page(client):
    response = client.get(reverse("incidents:stats"))
    assert response.status_code == 200
    return response.content.decode()


def published(editor, **fields):
    case = make_incident(**fields)
    services.incident_publish(case, actor=editor)
    return case


def link(case, party, role):
    IncidentParty.objects.create(incident=case, party=party, role=role)


@pytest.fixture
def known_cases(editor):
    """Two months, three statuses, two parties, one concession, and one unpublished case."""
    coalition = make_party(name="Coalition Joint Task Force", short_name="CJTF")
    ministry = make_party(name="Ministry of Defence", short_name="MoD")

    credible = published(editor, occurred_on=MARCH)
    make_claim(credible, killed_min=4, killed_max=10)
    make_investigation(credible, party=coalition, conceded_killed=3)
    services.incident_mark_credible(credible, actor=editor, rationale="Consistent accounts and imagery.")
    link(credible, coalition, PartyRole.KNOWN)
    link(credible, ministry, PartyRole.SUSPECTED)

    only_a_maximum = published(editor, occurred_on=MARCH.replace(day=2))
    make_claim(only_a_maximum, killed_min=None, killed_max=5)
    link(only_a_maximum, coalition, PartyRole.SUSPECTED)

    at_least = published(editor, occurred_on=MAY)
    make_claim(at_least, killed_min=7, killed_max=None)
    services.incident_mark_non_credible(at_least, actor=editor, reason=NonCredibleReason.COMBATANTS,
                                        rationale="Those killed were fighters.")
    link(at_least, ministry, PartyRole.SUSPECTED)

    published(editor, occurred_on=MAY.replace(day=20))  # no claims yet: no figure

    unpublished = make_incident(occurred_on=MARCH, parties=[coalition])
    make_claim(unpublished, killed_min=100, killed_max=200)
    make_investigation(unpublished, party=ministry, conceded_killed=50)
    return coalition, ministry


def test_cases_per_month_are_counted_by_review_status(client, known_cases):
    # Columns: month, new, under review, credible, non-credible, duplicate, all.
    assert rows_of(stats_page(client), "table-status") == [
        ["2019-03", "1", "0", "1", "0", "0", "2"],
        ["2019-04", "0", "0", "0", "0", "0", "0"],
        ["2019-05", "1", "0", "0", "1", "0", "2"],
        ["All", "2", "0", "1", "1", "0", "4"],
    ]


def test_deaths_per_month_sum_the_lowest_and_the_highest_figures_of_each_case(client, known_cases):
    # Columns: month, cases, sum of lowest, sum of highest, cases with no figure. An unknown
    # minimum counts 0 towards the lowest; "at least 7" counts 7 towards the highest.
    assert rows_of(stats_page(client), "table-deaths") == [
        ["2019-03", "2", "4", "15", "0"],
        ["2019-04", "0", "0", "0", "0"],
        ["2019-05", "2", "7", "7", "1"],
        ["All", "4", "11", "22", "1"],
    ]


def test_deaths_claimed_are_set_against_deaths_conceded_for_each_party(client, known_cases):
    # Columns: party, cases, known, suspected, claimed lowest, claimed highest, conceded, cases conceding.
    assert rows_of(stats_page(client), "table-parties") == [
        ["Ministry of Defence", "2", "0", "2", "11", "17", "3", "1 of 2"],
        ["Coalition Joint Task Force", "2", "1", "1", "4", "15", "3", "1 of 2"],
    ]


def test_unpublished_cases_are_not_counted(client, known_cases, editor):
    before = stats_page(client)
    hidden = make_incident(occurred_on=MAY, parties=known_cases)
    make_claim(hidden, killed_min=1000, killed_max=2000)
    assert stats_page(client) == before

    services.incident_publish(hidden, actor=editor)
    assert rows_of(stats_page(client), "table-deaths")[-1] == ["All", "5", "1011", "2022", "1"]


def test_a_withdrawn_case_stops_counting(client, editor):
    case = published(editor, occurred_on=MARCH)
    make_claim(case, killed_min=2, killed_max=3)
    services.incident_unpublish(case, actor=editor, reason="Published by mistake.")
    assert "No case has been published yet" in stats_page(client)


def test_with_no_published_case_the_page_says_so_and_draws_no_chart(client):
    make_incident(occurred_on=MARCH)
    html = stats_page(client)
    assert "No case has been published yet, so there is nothing to count." in html
    assert "<svg" not in html and "<table" not in html
    assert html.count("<h1") == 1


def test_cases_without_parties_are_counted_but_the_party_chart_says_there_is_none(client, editor):
    published(editor, occurred_on=MARCH)
    html = stats_page(client)
    assert "No published case names a party yet." in html
    assert html.count("<svg") == 2 and "table-parties" not in html


def test_the_page_has_one_h1_a_heading_per_chart_and_no_script_or_inline_style(client, known_cases):
    html = stats_page(client)
    assert html.count("<h1") == 1 and re.search(r"<h1[^>]*>Statistics</h1>", html)
    assert html.count("<h2") == 3
    assert "<script" not in html.lower()
    assert "style=" not in html.lower()
    assert "<style" not in html.lower()


def test_every_chart_is_an_image_named_by_its_title_and_followed_by_a_table(client, known_cases):
    html = stats_page(client)
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        opening = re.match(r"<svg\b[^>]*>", svg).group(0)
        assert 'role="img"' in opening
        chart_id = re.search(r'aria-labelledby="([^"]+)-title"', opening).group(1)
        assert re.match(rf'<svg\b[^>]*><title id="{chart_id}-title">[^<]+</title><desc id="{chart_id}-desc">', svg)
    for chart_id in ("chart-status", "chart-deaths", "chart-parties"):
        following = html.split(f'id="{chart_id}-title"', 1)[1].split("</svg>", 1)[1]
        assert following.lstrip().startswith("</figure>") and "<caption>" in following.split("</table>", 1)[0]


def test_months_are_written_year_dash_month_and_the_charts_draw_every_month(client, known_cases):
    html = stats_page(client)
    status_chart = html.split('id="chart-status-title"', 1)[1].split("</svg>", 1)[0]
    assert [label for label in ("2019-03", "2019-04", "2019-05") if f">{label}</text>" in status_chart] == [
        "2019-03", "2019-04", "2019-05"
    ]


def test_cases_spanning_more_than_sixty_months_are_counted_by_year_and_the_captions_say_so(client, editor):
    make_claim(published(editor, occurred_on=datetime.date(2014, 8, 8)), killed_min=1, killed_max=2)
    make_claim(published(editor, occurred_on=datetime.date(2019, 9, 1)), killed_min=3, killed_max=4)
    make_claim(published(editor, occurred_on=datetime.date(2019, 12, 31)), killed_min=5, killed_max=None)
    html = stats_page(client)
    tables = tables_of(html)
    assert [row[0] for row in tables["table-status"]["rows"][1:]] == [
        "2014", "2015", "2016", "2017", "2018", "2019", "All"
    ]
    assert tables["table-deaths"]["rows"][-2] == ["2019", "2", "8", "9", "0"]
    assert "counted by year" in tables["table-status"]["caption"]
    assert "counted by year" in tables["table-deaths"]["caption"]
    assert "Cases per year by review status" in html


def test_sixty_months_are_still_counted_by_month(client, editor):
    published(editor, occurred_on=datetime.date(2015, 1, 31))
    published(editor, occurred_on=datetime.date(2019, 12, 1))
    rows = rows_of(stats_page(client), "table-status")
    assert len(rows) == 60 + 1 and rows[0][0] == "2015-01" and rows[-2][0] == "2019-12"


def test_internal_notes_and_confidential_sources_never_reach_the_page(client, editor):
    canary = "CANARY-7f3a-not-for-the-public"
    party = make_party(name="Air Wing", short_name="AW")
    case = published(editor, occurred_on=MARCH, internal_notes=canary, parties=[party])
    secret = make_source(title=canary, publisher=canary, is_confidential=True, internal_notes=canary)
    make_claim(case, source=secret, claimant=canary, killed_min=2, killed_max=9)
    make_investigation(case, party=party, conceded_killed=1, internal_notes=canary)
    html = stats_page(client)
    assert "Air Wing" in html
    assert canary.lower() not in html.lower()


def test_a_party_name_is_escaped_in_the_chart_and_the_table(client, editor):
    party = make_party(name='<script>alert("x")</script> & Co', short_name="")
    make_claim(published(editor, occurred_on=MARCH, parties=[party]), killed_min=1, killed_max=2)
    html = stats_page(client)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


def _queries_for_page(client):
    with CaptureQueriesContext(connection) as queries:
        stats_page(client)
    return len(queries)


def test_the_page_makes_the_same_number_of_queries_for_one_case_and_for_thirty(client, editor):
    parties = [make_party(), make_party()]

    def add_case(n):
        case = published(editor, occurred_on=datetime.date(2018 + n % 2, n % 12 + 1, n % 28 + 1), parties=parties)
        make_claim(case, killed_min=n, killed_max=2 * n)
        if n % 3 == 0:
            make_investigation(case, party=parties[0], conceded_killed=1)

    add_case(0)
    with_one = _queries_for_page(client)
    for n in range(1, 30):
        add_case(n)
    with_thirty = _queries_for_page(client)
    assert rows_of(stats_page(client), "table-status")[-1][-1] == "30"
    # Cold cache: the log head's number and the two aggregates; then the number alone.
    assert with_one == with_thirty == 3
    assert _queries_for_page(client) == 1


def test_nice_scale_rounds_the_axis_up_to_a_one_two_five_step():
    assert charts.nice_scale(0) == (5, 1)
    assert charts.nice_scale(3) == (3, 1)
    assert charts.nice_scale(17) == (20, 5)
    assert charts.nice_scale(1234) == (1500, 500)


def test_chart_labels_are_escaped_by_the_builders():
    svg = charts.stacked_bar_chart(
        chart_id="c", title="<b>t</b>", description="d & e", periods=["<2019>"],
        series=[charts.Series("a", "<i>a</i>", "x")], values={"a": [1]},
    )
    assert "<b>" not in svg and "<i>" not in svg and "&lt;2019&gt;" in svg and "d &amp; e" in svg
