"""The researchers' and editors' admin: where cases are entered all day.

Saves go through incidents.services, so that every case, claim and investigation change
lands in the case log with the acting user. Review fields are never form fields: editors
change them with the decision buttons on the case page.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from incidents import (
    admin_import,  # noqa: F401  (registers the import pages)
    services,
)
from incidents.admin_case_page import ClaimTableInline, case_history, claim_count, format_range
from incidents.admin_decisions import (
    CASE_DECISIONS,
    CLAIM_DECISIONS,
    available_decisions,
    case_change_url,
    decision_view,
)
from incidents.admin_forms import (
    AdminFontsMixin,
    PreloadedAutocompleteSelect,
    PreloadedAutocompleteSelectMultiple,
    PreloadedRelationsForm,
    QuickSelectMixin,
    VersionedModelForm,
)
from incidents.models import (
    REVIEW_FIELDS,
    Claim,
    ConcurrentEditError,
    Incident,
    IncidentParty,
    Investigation,
    Party,
    Source,
)
from incidents.pagination import COUNT_CAP
from incidents.search import search_cases

CLAIM_REVIEW_FIELDS = ("is_excluded", "exclusion_reason")
STAMP_FIELDS = ("created_by", "created_at", "updated_by", "updated_at")
REVIEW_QUEUE_PAGE_SIZE = 100


class TrackedAdminMixin(QuickSelectMixin, AdminFontsMixin):
    """Edit forms carry a version; a lost race becomes the form's conflict message."""

    form = VersionedModelForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError:
            # Someone saved between our form check and our UPDATE; the transaction rolled
            # back. Running the view again re-validates, and the form now reports the
            # conflict with everything the user typed still in it.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        # Records are withdrawn (unpublished, excluded), not deleted: only superusers delete.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class RefuseReviewFieldsMixin:
    """A POST that carries review fields is crafted (no form has them): refuse it outright."""

    review_fields: tuple[str, ...] = ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            posted = {key.rsplit("-", 1)[-1] for key in request.POST}
            if posted & set(self.review_fields):
                raise PermissionDenied("Review status, publication and exclusions change only through decisions.")
        return super().changeform_view(request, object_id, form_url, extra_context)


class PreloadedAutocompleteMixin:
    """An inline whose autocomplete boxes show each row's chosen objects from the relations
    loaded with the rows (get_queryset's select_related and prefetch_related), rather than
    looking them up again, one query per box per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class IncidentPartyInline(QuickSelectMixin, PreloadedAutocompleteMixin, admin.TabularInline):
    model = IncidentParty
    form = PreloadedRelationsForm
    extra = 1
    autocomplete_fields = ["party"]
    verbose_name = _("alleged party")
    verbose_name_plural = _("alleged parties")

    def get_queryset(self, request):
        # The party names each row's box and its title (IncidentParty.__str__).
        return super().get_queryset(request).select_related("party")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("incidents.change_incident")


# A case with more claims than this lists them read-only on its page, each linking to its own
# page (admin_case_page.ClaimTableInline): 300 editable claim forms weigh 7 MB of HTML and take
# seconds to render.
MAX_EDITABLE_CLAIMS = 60


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP matching cases, as the public list does: counting all 75,000
    cases that hold a common word costs a quarter of a second on every page."""

    @cached_property
    def count(self):
        return min(self.object_list.order_by()[: COUNT_CAP + 1].count(), COUNT_CAP)


class ClaimInline(QuickSelectMixin, PreloadedAutocompleteMixin, admin.StackedInline):
    model = Claim
    form = VersionedModelForm
    extra = 0
    autocomplete_fields = ["source", "claimant_party"]
    show_change_link = True
    readonly_fields = ["exclusion"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source",
                    ("claimant", "claimant_kind", "claimant_party"),
                    ("stated_on", "stance"),
                    ("killed_min", "killed_max"),
                    ("injured_min", "injured_max"),
                    ("children_killed_min", "children_killed_max"),
                    ("women_killed_min", "women_killed_max"),
                    ("combatants_killed", "uncharacterised_killed"),
                    ("excerpt", "excerpt_language"),
                    "exclusion",
                    "version",
                ]
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "claimant_party")

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made anew for each request, so this is this request's user.
        self._request_user = request.user
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("counted in the figures"))
    def exclusion(self, claim):
        if claim.pk is None:
            return "–"
        state = (
            format_html("{} <em>{}</em>", _("Excluded:"), claim.exclusion_reason) if claim.is_excluded
            else _("Included")
        )
        actions = available_decisions(CLAIM_DECISIONS, claim, getattr(self, "_request_user", None))
        links = [
            format_html(
                '<a class="button" href="{}">{}</a>',
                reverse("admin:incidents_claim_decide", args=[claim.pk, name]),
                label,
            )
            for name, label in actions
        ]
        return format_html("{} {}", state, format_html(" ".join(["{}"] * len(links)), *links) if links else "")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class InvestigationInline(QuickSelectMixin, PreloadedAutocompleteMixin, admin.StackedInline):
    model = Investigation
    form = VersionedModelForm
    extra = 0
    autocomplete_fields = ["sources", "party"]
    show_change_link = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("authority", "party"),
                    ("kind", "outcome"),
                    ("opened_on", "closed_on"),
                    ("conceded_killed", "conceded_injured"),
                    "findings",
                    "internal_notes",
                    "sources",
                    "version",
                ]
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party").prefetch_related("sources")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Incident)
class IncidentAdmin(RefuseReviewFieldsMixin, TrackedAdminMixin, admin.ModelAdmin):
    review_fields = REVIEW_FIELDS + CLAIM_REVIEW_FIELDS
    ADD_PAGE_HIDDEN = {_("Review"), _("Figures (derived from the claims and investigations)"), _("Record")}
    change_form_template = "admin/incidents/incident/change_form.html"
    change_list_template = "admin/incidents/incident/change_list.html"
    inlines = [IncidentPartyInline, ClaimInline, InvestigationInline]
    list_display = [
        "code",
        "occurred_on",
        "place_display",
        "parties_display",
        "status",
        "is_published",
        "deaths_range",
        "updated_at",
    ]
    list_display_links = ["code"]
    # The date of the strike as a fixed list of periods: date_hierarchy would cost three queries
    # over every matching case on each page (a quarter of a second each for a common word).
    list_filter = ["status", "is_published", ("occurred_on", admin.DateFieldListFilter), "country", "strike_type",
                   "parties"]
    paginator = CappedCountPaginator
    search_fields = ["code"]  # shows the search box; get_search_results does the searching
    search_help_text = _("Whole words of the code, title, summary, place names (both scripts) and the excerpts of "
                         "claims on public sources. Excerpts from confidential sources: search the claims list.")
    list_select_related = ["updated_by"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["code", "title", "summary", "internal_notes"]}),
        (_("When"), {"fields": [("occurred_on", "occurred_until"), ("date_precision", "time_of_day")]}),
        (
            _("Where"),
            {
                "fields": [
                    ("country", "admin_area"),
                    ("place_name", "place_name_local"),
                    ("latitude", "longitude", "location_precision"),
                ]
            },
        ),
        (_("What"), {"fields": ["strike_type"]}),
        (
            _("Review"),
            {
                "fields": [("status", "status_changed_at"), "non_credible_reason", "duplicate_of", "is_published"],
                "description": _("Changed only by an editor's decision, with the buttons at the top of the page."),
            },
        ),
        (
            _("Figures (derived from the claims and investigations)"),
            {"fields": ["deaths_range", "injured_range", "conceded_display"]},
        ),
        (_("Record"), {"fields": [("created_by", "created_at"), ("updated_by", "updated_at"), "version"]}),
    ]
    readonly_fields = [
        "code",
        *REVIEW_FIELDS,
        "status_changed_at",
        "deaths_range",
        "injured_range",
        "conceded_display",
        *STAMP_FIELDS,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("party_links__party")

    def get_inlines(self, request, obj):
        if obj is not None and claim_count(obj) > MAX_EDITABLE_CLAIMS:
            return [IncidentPartyInline, ClaimTableInline, InvestigationInline]
        return self.inlines

    def get_search_results(self, request, queryset, search_term):
        """Whole words, through the cases' search documents (incidents.search) and their index,
        rather than a LIKE over a million claim excerpts (seconds per search)."""
        if not search_term.strip():
            return queryset, False
        return search_cases(queryset, search_term), False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # A new case has no review, figures or record yet.
            return [(name, options) for name, options in self.fieldsets if name not in self.ADD_PAGE_HIDDEN]
        return self.fieldsets

    # --- saving through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        services.incident_save(obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        parties_before = services.party_snapshot(form.instance) if change else []
        super().save_related(request, form, formsets, change)
        services.incident_record_parties(form.instance, actor=request.user, before=parties_before)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, Claim):
                services.claim_save(obj, actor=request.user)
            elif isinstance(obj, Investigation):
                services.investigation_save(obj, actor=request.user)
            else:
                obj.save()
        formset.save_m2m()

    # --- decisions, history and the review queue ---------------------------------------------

    def get_urls(self):
        return [
            path(
                "awaiting-review/",
                self.admin_site.admin_view(self.review_queue_view),
                name="incidents_incident_review_queue",
            ),
            path(
                "<path:object_id>/decide/<str:action>/",
                self.admin_site.admin_view(self.decide_view),
                name="incidents_incident_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, action):
        case = get_object_or_404(Incident, pk=object_id)
        if action not in CASE_DECISIONS:
            raise PermissionDenied(f"Unknown decision {action!r}.")
        return decision_view(
            self, request, case, action, CASE_DECISIONS[action], case=case, back_url=case_change_url(case)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view, which would load the case (and its parties) a second time.
        if obj is not None and change:
            context["decisions"] = available_decisions(CASE_DECISIONS, obj, request.user)
            context["decision_url_name"] = "admin:incidents_incident_decide"
            context["case_history"] = case_history(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_queue_view(self, request):
        """Cases waiting for an editor, the longest waiting first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        from django.core.paginator import Paginator

        queue = Incident.objects.awaiting_review().order_by("status_changed_at", "id").prefetch_related(
            "party_links__party"
        )
        page = Paginator(queue, REVIEW_QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cases awaiting review"),
            "opts": self.model._meta,
            "page": page,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/incidents/incident/review_queue.html", context)

    # --- list columns -----------------------------------------------------------------------

    @admin.display(description=_("place"), ordering="place_name")
    def place_display(self, obj):
        return format_html('<span dir="auto">{}</span>', obj.place or "–")

    @admin.display(description=_("parties"))
    def parties_display(self, obj):
        links = obj.party_links.all()
        return pgettext("list separator", ", ").join(
            link.party.display_name + ("" if link.role == "known" else "?") for link in links) or "–"

    @admin.display(description=_("civilians killed"), ordering=F("killed_max").desc(nulls_last=True))
    def deaths_range(self, obj):
        return format_range(obj.killed_min, obj.killed_max)

    @admin.display(description=_("civilians injured"))
    def injured_range(self, obj):
        return format_range(obj.injured_min, obj.injured_max)

    @admin.display(description=_("conceded by a party (killed / injured)"))
    def conceded_display(self, obj):
        killed = "–" if obj.conceded_killed is None else obj.conceded_killed
        injured = "–" if obj.conceded_injured is None else obj.conceded_injured
        return f"{killed} / {injured}"


@admin.register(Source)
class SourceAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "language", "is_confidential", "has_file"]
    list_filter = ["kind", "is_confidential", "language"]
    search_fields = ["title", "publisher", "url", "archive_url"]
    list_select_related = ["updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "kind", ("published_on", "language"), "is_confidential"]}),
        (_("Addresses"), {"fields": ["url", "archive_url"]}),
        (_("Copy of the document"), {"fields": ["file", "file_name", "file_sha256", "file_size", "file_content_type"]}),
        (None, {"fields": ["internal_notes"]}),
        (_("Record"), {"fields": [("created_by", "created_at"), ("updated_by", "updated_at"), "version"]}),
    ]
    readonly_fields = ["file_name", "file_sha256", "file_size", "file_content_type", *STAMP_FIELDS]

    @admin.display(description=_("file"), boolean=True)
    def has_file(self, obj):
        return bool(obj.file)


@admin.register(Claim)
class ClaimAdmin(RefuseReviewFieldsMixin, TrackedAdminMixin, admin.ModelAdmin):
    review_fields = CLAIM_REVIEW_FIELDS
    list_display = ["incident", "claimant", "claimant_kind", "stance", "stated_on", "killed_range", "is_excluded"]
    list_filter = ["claimant_kind", "stance", "is_excluded"]
    search_fields = ["incident__code", "claimant", "excerpt", "source__title"]
    list_select_related = ["incident", "source"]
    autocomplete_fields = ["incident", "source", "claimant_party"]
    fieldsets = [(None, {"fields": ["incident", *ClaimInline.fieldsets[0][1]["fields"]]})]
    readonly_fields = ["exclusion"]
    change_form_template = "admin/incidents/claim/change_form.html"

    @admin.display(description=_("counted in the figures"))
    def exclusion(self, claim):
        if claim.pk is not None and claim.is_excluded:
            return format_html("{} <em>{}</em>", _("Excluded:"), claim.exclusion_reason)
        return _("Included")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if claim is not None:
            extra_context["decisions"] = available_decisions(CLAIM_DECISIONS, claim, request.user)
            extra_context["decision_url_name"] = "admin:incidents_claim_decide"
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # A claim stays with its case: moving it would change two cases' figures and histories.
        return [*super().get_readonly_fields(request, obj), *(["incident"] if obj else [])]

    def save_model(self, request, obj, form, change):
        services.claim_save(obj, actor=request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/<str:action>/",
                self.admin_site.admin_view(self.decide_view),
                name="incidents_claim_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, action):
        claim = get_object_or_404(Claim.objects.select_related("incident"), pk=object_id)
        if action not in CLAIM_DECISIONS:
            raise PermissionDenied(f"Unknown decision {action!r}.")
        return decision_view(
            self, request, claim, action, CLAIM_DECISIONS[action],
            case=claim.incident, back_url=case_change_url(claim.incident),
        )

    @admin.display(description=_("civilians killed"))
    def killed_range(self, obj):
        return format_range(obj.killed_min, obj.killed_max)


@admin.register(Investigation)
class InvestigationAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["incident", "authority", "kind", "outcome", "opened_on", "closed_on"]
    list_filter = ["kind", "outcome"]
    search_fields = ["incident__code", "authority", "findings"]
    list_select_related = ["incident"]
    autocomplete_fields = ["incident", "sources", "party"]
    fieldsets = [(None, {"fields": ["incident", *InvestigationInline.fieldsets[0][1]["fields"]]})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(["incident"] if obj else [])]

    def save_model(self, request, obj, form, change):
        services.investigation_save(obj, actor=request.user)


@admin.register(Party)
class PartyAdmin(AdminFontsMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
