"""Statistics: published cases counted by month and status, deaths by month, claimed against
conceded deaths by party.

Two queries whatever the number of cases, both grouped in the database over
Incident.objects.public(): one by (month, status), one by party. Periods are rolled up in Python
from the grouped rows (at most a few per month), never from cases.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import render
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from incidents import charts
from incidents.caching import cached_totals, log_version
from incidents.choices import PartyRole, ReviewStatus
from incidents.models import Incident

# Beyond this many months from the first case to the last, bars and labels get too thin to
# read: the charts count by year instead, and their captions say so.
MAX_MONTHS = 60

STATUS_CLASSES = {
    ReviewStatus.NEW: "chart-status-new",
    ReviewStatus.UNDER_REVIEW: "chart-status-under-review",
    ReviewStatus.CREDIBLE: "chart-status-credible",
    ReviewStatus.NON_CREDIBLE: "chart-status-non-credible",
    ReviewStatus.DUPLICATE: "chart-status-duplicate",
}

# A case's share of a sum: its lowest figure (unknown counts 0) and its highest figure (the
# maximum, or the minimum when only "at least N" is known; unknown counts 0).
KILLED_LOW = Coalesce("killed_min", 0)
KILLED_HIGH = Coalesce("killed_max", "killed_min", 0)
# A duplicate's deaths are its original's: counted once, on the original.
COUNTED = ~Q(status=ReviewStatus.DUPLICATE)


@dataclass
class Period:
    """One month or year of the charts, with its sums."""

    label: str
    by_status: dict
    cases: int = 0
    killed_low: int = 0
    killed_high: int = 0
    without_figures: int = 0

    @property
    def status_counts(self):
        return [self.by_status[status] for status in ReviewStatus.values]


def _by_month_and_status(published):
    return (
        published.annotate(month=TruncMonth("occurred_on"))
        .values("month", "status")
        .annotate(
            cases=Count("id"),
            killed_low=Coalesce(Sum(KILLED_LOW, filter=COUNTED), 0),
            killed_high=Coalesce(Sum(KILLED_HIGH, filter=COUNTED), 0),
            without_figures=Count("id", filter=Q(killed_min__isnull=True, killed_max__isnull=True)),
        )
        .order_by("month", "status")
    )


def _by_party(published):
    # One row per (case, party) link, grouped by party: a case naming two parties counts for each.
    return (
        published.filter(party_links__isnull=False)
        .values("party_links__party", "party_links__party__name", "party_links__party__short_name")
        .annotate(
            cases=Count("id"),
            known=Count("id", filter=Q(party_links__role=PartyRole.KNOWN)),
            killed_low=Coalesce(Sum(KILLED_LOW, filter=COUNTED), 0),
            killed_high=Coalesce(Sum(KILLED_HIGH, filter=COUNTED), 0),
            conceded=Coalesce(Sum(Coalesce("conceded_killed", 0), filter=COUNTED), 0),
            conceded_cases=Count("id", filter=Q(conceded_killed__isnull=False)),
        )
        .order_by("party_links__party__name")
    )


def _periods(rows):
    """Every month (or year) from the first case to the last, empty ones included, so that the
    charts' time axis is even; and whether they were rolled up to years."""
    months = sorted({row["month"] for row in rows})
    first, last = months[0], months[-1]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = span > MAX_MONTHS
    if by_year:
        keys = [(year,) for year in range(first.year, last.year + 1)]
    else:
        keys = [(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1) for n in range(span)]
    periods = {
        key: Period(label="-".join(f"{part:02d}" for part in key), by_status=dict.fromkeys(ReviewStatus.values, 0))
        for key in keys
    }
    for row in rows:
        month = row["month"]
        period = periods[(month.year,) if by_year else (month.year, month.month)]
        period.by_status[row["status"]] += row["cases"]
        period.cases += row["cases"]
        period.killed_low += row["killed_low"] or 0
        period.killed_high += row["killed_high"] or 0
        period.without_figures += row["without_figures"]
    return list(periods.values()), by_year, span


def _parties(rows):
    parties = []
    for row in rows:
        parties.append({
            "name": row["party_links__party__name"],
            "label": row["party_links__party__short_name"] or row["party_links__party__name"],
            "cases": row["cases"],
            "known": row["known"],
            "suspected": row["cases"] - row["known"],
            "killed_low": row["killed_low"] or 0,
            "killed_high": row["killed_high"] or 0,
            "conceded": row["conceded"] or 0,
            "conceded_cases": row["conceded_cases"],
        })
    parties.sort(key=lambda party: (-party["killed_high"], party["name"]))
    return parties


def _status_chart(periods, by_year):
    statuses = [charts.Series(value, str(label), STATUS_CLASSES[value]) for value, label in ReviewStatus.choices]
    span = {"first": periods[0].label, "last": periods[-1].label}
    if by_year:
        title = _("Published cases per year by review status")
        description = _("Stacked bars, one per year from %(first)s to %(last)s, one colour per review status; the "
                        "table below gives the same numbers.") % span
    else:
        title = _("Published cases per month by review status")
        description = _("Stacked bars, one per month from %(first)s to %(last)s, one colour per review status; the "
                        "table below gives the same numbers.") % span
    return charts.stacked_bar_chart(
        chart_id="chart-status",
        title=title,
        description=description,
        periods=[period.label for period in periods],
        series=statuses,
        values={status: [period.by_status[status] for period in periods] for status in ReviewStatus.values},
        rtl=get_language_bidi(),
    )


def _deaths_chart(periods, by_year):
    return charts.band_chart(
        chart_id="chart-deaths",
        title=_("Civilian deaths alleged per year, as a range") if by_year
        else _("Civilian deaths alleged per month, as a range"),
        description=_("Two lines from %(first)s to %(last)s: the sum of the cases' highest figures above, the sum "
                      "of their lowest figures below, with the range between them shaded; the table below gives the "
                      "same numbers.") % {"first": periods[0].label, "last": periods[-1].label},
        periods=[period.label for period in periods],
        lows=[period.killed_low for period in periods],
        highs=[period.killed_high for period in periods],
        low_label=_("sum of lowest figures"),
        high_label=_("sum of highest figures"),
        band_label=_("the range between them"),
        rtl=get_language_bidi(),
    )


def _party_chart(parties):
    return charts.range_and_value_bars(
        chart_id="chart-parties",
        title=_("Civilian deaths claimed against deaths conceded, by party"),
        description=ngettext(
            "For %(count)s party, a bar for the claimed range of deaths in its published cases (dark to the sum of "
            "lowest figures, light to the sum of highest) and a bar beneath it for the deaths conceded; the table "
            "below gives the same numbers.",
            "For each of %(count)s parties, a bar for the claimed range of deaths in its published cases (dark to "
            "the sum of lowest figures, light to the sum of highest) and a bar beneath it for the deaths conceded; "
            "the table below gives the same numbers.",
            len(parties),
        ) % {"count": len(parties)},
        rows=[
            (party["label"], party["killed_low"], party["killed_high"], party["conceded"],
             ngettext("conceded (%(with)s of %(cases)s case)", "conceded (%(with)s of %(cases)s cases)", party["cases"])
             % {"with": party["conceded_cases"], "cases": party["cases"]})
            for party in parties
        ],
        range_labels=(_("claimed, sum of lowest"), _("claimed, sum of highest")),
        value_label=_("conceded"),
        rtl=get_language_bidi(),
    )


def stats(request):
    """Counts and sums over published cases, as charts with the same numbers in tables."""
    published = Incident.objects.public()
    version = log_version()
    month_rows = cached_totals("stats-months", lambda: list(_by_month_and_status(published)), version)
    party_rows = cached_totals("stats-parties", lambda: list(_by_party(published)), version)
    context = {"has_cases": bool(month_rows), "max_months": MAX_MONTHS}
    if month_rows:
        periods, by_year, span = _periods(month_rows)
        parties = _parties(party_rows)
        context.update({
            "periods": periods,
            "by_year": by_year,
            "span_months": span,
            "statuses": ReviewStatus.choices,
            "status_totals": [sum(period.by_status[status] for period in periods) for status in ReviewStatus.values],
            "total_cases": sum(period.cases for period in periods),
            "total_killed_low": sum(period.killed_low for period in periods),
            "total_killed_high": sum(period.killed_high for period in periods),
            "total_without_figures": sum(period.without_figures for period in periods),
            "parties": parties,
            "status_chart": _status_chart(periods, by_year),
            "deaths_chart": _deaths_chart(periods, by_year),
            "party_chart": _party_chart(parties) if parties else "",
        })
    return render(request, "incidents/stats.html", context)
