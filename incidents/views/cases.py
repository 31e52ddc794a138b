"""The public case list, case page and case history."""

import hashlib

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import render

from incidents import public, visibility
from incidents.filters import CaseFilter
from incidents.fragments import render_all_cached
from incidents.models import CaseEvent, Claim, Incident, IncidentParty, Investigation
from incidents.pagination import paginate
from incidents.search import can_rank

CASES_PER_PAGE = 25
PARTY_LINKS = Prefetch("party_links", queryset=IncidentParty.objects.select_related("party").order_by("party__name"))


def case_list(request):
    """Published cases, filtered and sorted by what the URL says."""
    filterset = CaseFilter(request.GET or None, queryset=Incident.objects.public())
    valid = filterset.form.is_valid() if filterset.is_bound else True
    # An invalid filter shows its message and no rows, rather than quietly widening the list.
    queryset = filterset.qs if valid else Incident.objects.none()
    queryset = queryset.prefetch_related(PARTY_LINKS).only(
        "code", "title", "occurred_on", "occurred_until", "date_precision", "country", "place_name",
        "place_name_local", "status", "killed_min", "killed_max", "updated_at", "is_published",
    )
    page = paginate(queryset, request.GET.get("page"), CASES_PER_PAGE,
                    order_when_few=filterset.ranked if valid else None,
                    count_cache_name=count_cache_name(filterset) if valid else None,
                    cache_version=filterset.log_version if valid else None)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "incidents/case_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "valid": valid,
        "ranked": valid and bool(filterset.rank_text) and not page.count_capped and can_rank(),
        "too_many_to_rank": valid and bool(filterset.rank_text) and page.count_capped,
    })


# What the case page reads of its claims and their sources: public fields only (and whether the
# source is confidential, to withhold it). Loading no more is also a third of the page's time
# with 300 claims: no bookkeeping stamps to parse, no internal notes to carry.
CASE_PAGE_CLAIM_COLUMNS = (
    *visibility.public_fields(Claim), "source__is_confidential",
    *(f"source__{name}" for name in visibility.PUBLIC_SOURCE_FIELDS),
)


def count_cache_name(filterset):
    """A cache name for the count of published cases this filter selects (the order aside)."""
    chosen = sorted((name, str(value)) for name, value in (filterset.form.cleaned_data if filterset.is_bound else {})
                    .items() if name != "sort" and value not in (None, ""))
    return "case-count:" + hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]


def visible_case(request, code, queryset=None):
    """A published case, or for staff who may view cases any case; otherwise 404 (never 403)."""
    queryset = queryset if queryset is not None else Incident.objects.all()
    if not (request.user.is_staff and request.user.has_perm("incidents.view_incident")):
        queryset = queryset.public()
    case = queryset.filter(code=code.upper()).first()
    if case is None:
        raise Http404("No published case has this code.")
    return case


def case_detail(request, code):
    """One case: status and reasons, every claim side by side, the timeline, sources and place."""
    case = visible_case(
        request, code,
        Incident.objects.select_related("duplicate_of").prefetch_related(
            PARTY_LINKS,
            Prefetch("claims", queryset=Claim.objects.select_related("source").only(*CASE_PAGE_CLAIM_COLUMNS).order_by(
                F("stated_on").asc(nulls_last=True), "id")),
            Prefetch("investigations", queryset=Investigation.objects.prefetch_related("sources").order_by(
                "opened_on", "id")),
        ),
    )
    claims = [public.public_claim(claim, number) for number, claim in enumerate(case.claims.all(), start=1)]
    investigations = list(case.investigations.all())
    events = list(CaseEvent.objects.filter(incident=case).order_by("seq"))
    decision = next((event for event in reversed(events) if event.kind in public.STATUS_DECISIONS), None)
    sources, confidential_sources = public.case_sources(case.claims.all(), investigations)
    timeline = public.timeline(claims, investigations, events)
    fragments = render_all_cached({
        "claims_table": ("incidents/_claims_table.html", {"claims": claims}),
        "timeline_list": ("incidents/_timeline.html", {"timeline": timeline}),
        "sources_list": ("incidents/_sources_list.html", {"sources": sources}),
    })
    return render(request, "incidents/case_detail.html", {
        **fragments,
        "case": case,
        "claims": claims,
        "timeline": timeline,
        "decision": decision,
        "killed": public.figure_range(case.killed_min, case.killed_max),
        "injured": public.figure_range(case.injured_min, case.injured_max),
        "sources": sources,
        "confidential_sources": confidential_sources,
        "investigations": investigations,
        # As stored, in every language: never "34,4606" under a locale with a decimal comma.
        "coordinates": f"{case.latitude}, {case.longitude}" if case.latitude is not None else "",
        "map_tiles": settings.CASEWORK_MAP_TILE_URL,
        "map_attribution": settings.CASEWORK_MAP_ATTRIBUTION,
    })


def case_history(request, code):
    """The case's log entries in full (public fields only), each with its hashes."""
    case = visible_case(request, code)
    events = list(CaseEvent.objects.filter(incident=case).order_by("seq"))
    for event in events:
        event.public_json = event.public_canonical_json(case.code)
    return render(request, "incidents/case_history.html", {"case": case, "events": events})
