"""The researchers' and editors' admin: where cases are entered all day."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from incidents.admin_forms import VersionedModelForm
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

# Claim fields only editors may change: excluding a claim is an editorial decision.
CLAIM_REVIEW_FIELDS = ("is_excluded", "exclusion_reason")
STAMP_FIELDS = ("created_by", "created_at", "updated_by", "updated_at")


def may_review(user):
    return user.has_perm("incidents.review_incident")


def format_range(low, high):
    """A min–max range as readers see it; an unknown end is a question mark."""
    if low is None and high is None:
        return "–"
    if low == high:
        return str(low)
    return f"{'?' if low is None else low}–{'?' if high is None else high}"


class TrackedAdminMixin:
    """Stamps the acting user on every save and turns a lost race into the form's conflict message."""

    form = VersionedModelForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if hasattr(obj, "stamp"):
                obj.stamp(request.user)
            obj.save()
        formset.save_m2m()

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
    """Review fields are read-only to researchers, and a POST that carries them is refused."""

    review_fields: tuple[str, ...] = ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not may_review(request.user):
            posted = {key.rsplit("-", 1)[-1] for key in request.POST}
            if posted & set(self.review_fields):
                raise PermissionDenied("Only editors may change a case's review status, publication or exclusions.")
        return super().changeform_view(request, object_id, form_url, extra_context)


class IncidentPartyInline(admin.TabularInline):
    model = IncidentParty
    extra = 1
    autocomplete_fields = ["party"]
    verbose_name = _("alleged party")
    verbose_name_plural = _("alleged parties")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("incidents.change_incident")


class ClaimInline(admin.StackedInline):
    model = Claim
    form = VersionedModelForm
    extra = 0
    autocomplete_fields = ["source", "claimant_party"]
    show_change_link = True
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
                    ("is_excluded", "exclusion_reason"),
                    "version",
                ]
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "claimant_party")

    def get_readonly_fields(self, request, obj=None):
        return () if may_review(request.user) else CLAIM_REVIEW_FIELDS

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class InvestigationInline(admin.StackedInline):
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

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Incident)
class IncidentAdmin(RefuseReviewFieldsMixin, TrackedAdminMixin, admin.ModelAdmin):
    review_fields = REVIEW_FIELDS + CLAIM_REVIEW_FIELDS
    ADD_PAGE_HIDDEN = {_("Figures (derived from the claims and investigations)"), _("Record")}
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
    list_filter = ["status", "is_published", "country", "strike_type", "parties"]
    search_fields = ["code", "title", "place_name", "place_name_local", "claims__excerpt"]
    search_help_text = _("Searches the code, title, place names (both scripts) and claim excerpts.")
    list_select_related = ["updated_by"]
    date_hierarchy = "occurred_on"
    list_per_page = 50
    show_full_result_count = False
    autocomplete_fields = ["duplicate_of"]
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
        (_("Review"), {"fields": [("status", "non_credible_reason"), "duplicate_of", "is_published"]}),
        (
            _("Figures (derived from the claims and investigations)"),
            {"fields": ["deaths_range", "injured_range", "conceded_display"]},
        ),
        (_("Record"), {"fields": [("created_by", "created_at"), ("updated_by", "updated_at"), "version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("party_links__party")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # A new case has no figures, code or record yet.
            return [(name, options) for name, options in self.fieldsets if name not in self.ADD_PAGE_HIDDEN]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["code", "deaths_range", "injured_range", "conceded_display", *STAMP_FIELDS]
        if not may_review(request.user):
            readonly += list(REVIEW_FIELDS)
        return readonly

    @admin.display(description=_("place"), ordering="place_name")
    def place_display(self, obj):
        return format_html('<span dir="auto">{}</span>', obj.place or "–")

    @admin.display(description=_("parties"))
    def parties_display(self, obj):
        links = obj.party_links.all()
        return ", ".join(
            link.party.display_name + ("" if link.role == "known" else "?") for link in links
        ) or "–"

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
    readonly_fields = STAMP_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return () if may_review(request.user) else CLAIM_REVIEW_FIELDS

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


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
