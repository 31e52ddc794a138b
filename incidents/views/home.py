"""The front page: what Casework is, totals, and the latest cases."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import render

from incidents.caching import cached_totals
from incidents.choices import ReviewStatus
from incidents.models import Incident
from incidents.views.cases import PARTY_LINKS

LATEST = 5


def home(request):
    published = Incident.objects.public()
    counts = cached_totals("home-counts", lambda: published.aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(status=status)) for status in ReviewStatus.values},
        credible_killed_low=Sum(Coalesce("killed_min", 0), filter=Q(status=ReviewStatus.CREDIBLE)),
        credible_killed_high=Sum(Coalesce("killed_max", "killed_min", 0), filter=Q(status=ReviewStatus.CREDIBLE)),
        credible_with_figures=Count("id", filter=Q(status=ReviewStatus.CREDIBLE, killed_max__isnull=False)
                                    | Q(status=ReviewStatus.CREDIBLE, killed_min__isnull=False)),
    ))
    totals = [(label, counts[value], value) for value, label in ReviewStatus.choices]
    return render(request, "incidents/home.html", {
        "counts": counts,
        "totals": totals,
        "latest_published": published.filter(published_at__isnull=False).order_by("-published_at", "-id")
        .prefetch_related(PARTY_LINKS)[:LATEST],
        "latest_updated": published.order_by("-updated_at", "-id").prefetch_related(PARTY_LINKS)[:LATEST],
    })
