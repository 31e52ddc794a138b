"""The parts of a case's admin page that are read rather than edited: the claims of a large
case and the case's history.

Both are plain tables built from one query each and rendered by templates of their own, rather
than through Django's inline and form machinery, which builds a form per row and looks up every
cell (lookup_field, display_for_field, get_FOO_display): a case with 300 claims took most of a
second. Each is capped, with a link to the rest, so that the page costs the same however large the
case grows.
"""

import datetime
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext

from incidents.models import CaseEvent, Claim
from incidents.public import label


def format_range(low, high):
    """A min–max range as readers see it; an unknown end is a question mark."""
    if low is None and high is None:
        return "–"
    if low == high:
        return str(low)
    return f"{'?' if low is None else low}–{'?' if high is None else high}"


# --- the claims of a large case ---------------------------------------------------------------

# How many claims a large case's page lists; the claims list, filtered to the case, has them all.
CLAIMS_SHOWN = 100


def claim_count(case):
    """How many claims the case has, counted once for the page (the inlines and the table both ask)."""
    if "_claim_count" not in case.__dict__:
        case._claim_count = case.claims.count()
    return case._claim_count


class ClaimRow(NamedTuple):
    """One claim in the table of a large case, as the table shows it."""

    url: str
    stated_on: datetime.date | None
    claimant: str
    stance: str
    killed: str
    source: str
    is_excluded: bool


class NoClaimFormsFormSet(BaseInlineFormSet):
    """The claims of a large case take no edits from the case page. A POST that carries claim
    forms (from a page opened while the case had few claims) is refused with a message rather
    than saved in part or ignored."""

    def total_form_count(self):
        return 0

    def clean(self):
        if self.management_form.cleaned_data.get(TOTAL_FORM_COUNT):
            raise ValidationError(gettext(
                "This case now has too many claims to edit them here: each is edited on its own page. "
                "Your changes to claims were not saved; save again to keep your other changes."
            ))


class ClaimTableInline(admin.TabularInline):
    """The claims of a large case, read-only: the first CLAIMS_SHOWN in date order, each linking
    to its own page, and a link to all of them in the claims list, filtered to the case.

    Not Django's read-only inline, which builds a form for every claim and looks each cell up
    through lookup_field and display_for_field: half a second for 300 claims. This one reads its
    rows in one query and renders them with a template of its own. Its formset has no forms, so
    that saving the case leaves the claims as they are.
    """

    model = Claim
    formset = NoClaimFormsFormSet
    template = "admin/incidents/incident/claim_table.html"
    extra = max_num = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return False  # the table links to the claim's add page instead, with this case chosen

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made anew for each request: this is this request's case and user.
        self.case, self._request_user = obj, request.user
        return super().get_formset(request, obj, **{**kwargs, "fields": ()})

    @cached_property
    def table(self):
        """The rows and links, read when the page is rendered (a successful save renders nothing)."""
        claims = (
            self.case.claims.select_related("source").order_by("stated_on", "id")
            .only("incident", "stated_on", "claimant", "stance", "killed_min", "killed_max", "is_excluded",
                  "source__title", "source__publisher", "source__is_confidential")[:CLAIMS_SHOWN]
        )
        rows = [
            ClaimRow(
                url=reverse("admin:incidents_claim_change", args=[claim.pk]),
                stated_on=claim.stated_on,
                claimant=claim.claimant,
                stance=label(claim, "stance"),
                killed=format_range(claim.killed_min, claim.killed_max),
                source=str(claim.source),  # a confidential source's title too: this is for staff
                is_excluded=claim.is_excluded,
            )
            for claim in claims
        ]
        in_case = urlencode({"incident__id__exact": self.case.pk})
        may_add = self._request_user.has_perm("incidents.add_claim")
        return {
            "rows": rows,
            "total": claim_count(self.case),
            "list_url": f"{reverse('admin:incidents_claim_changelist')}?{in_case}",
            "add_url": f"{reverse('admin:incidents_claim_add')}?{urlencode({'incident': self.case.pk})}"
            if may_add else "",
        }


# --- the history --------------------------------------------------------------------------------

# How many entries of its history a case's page shows, newest first, unless asked for them all.
HISTORY_SHOWN = 100
SHOW_ALL_HISTORY = ("history", "all")


class HistoryRow(NamedTuple):
    """One entry of the case log as the case page shows it: public and internal content."""

    seq: int
    recorded_at: datetime.datetime
    kind: str
    actor: str
    role: str
    rationale: str
    internal_note: str
    details: list[str]


def case_history(request, case):
    """The newest HISTORY_SHOWN entries of the case's history (all of them when the address asks),
    with how many there are and the address that shows them all."""
    events = CaseEvent.objects.filter(incident=case).select_related("actor").order_by("-seq")
    show_all = request.GET.get(SHOW_ALL_HISTORY[0]) == SHOW_ALL_HISTORY[1]
    events = list(events if show_all else events[: HISTORY_SHOWN + 1])
    total = len(events)
    if total > HISTORY_SHOWN and not show_all:
        events = events[:HISTORY_SHOWN]
        total = CaseEvent.objects.filter(incident=case).count()
    query = request.GET.copy()
    query[SHOW_ALL_HISTORY[0]] = SHOW_ALL_HISTORY[1]
    rows = [
        HistoryRow(
            seq=event.seq,
            recorded_at=event.recorded_at,
            kind=label(event, "kind"),
            actor=event.actor.get_username() if event.actor else "",
            role=label(event, "actor_role"),
            rationale=event.rationale,
            internal_note=event.internal_note,
            details=event.detail_lines(),
        )
        for event in events
    ]
    return {"rows": rows, "total": total, "all_url": f"?{query.urlencode()}" if len(rows) < total else ""}
