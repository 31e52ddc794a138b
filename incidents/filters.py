"""The one FilterSet of public cases, shared by the case list, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from incidents.choices import InvestigationKind, ReviewStatus, SourceKind
from incidents.models import Claim, Incident, Investigation, Party
from incidents.search import search_cases

SORTS = {
    "-date": (_("Newest first"), [F("occurred_on").desc(), F("id").desc()]),
    "date": (_("Oldest first"), [F("occurred_on").asc(), F("id").asc()]),
    "-deaths": (_("Most civilian deaths"), [F("killed_max").desc(nulls_last=True), F("occurred_on").desc(), F("id").desc()]),
    "deaths": (_("Fewest civilian deaths"), [F("killed_max").asc(nulls_last=True), F("occurred_on").desc(), F("id").desc()]),
    "-updated": (_("Recently updated"), [F("updated_at").desc(), F("id").desc()]),
}
INVESTIGATION_CHOICES = [("any", _("Any investigation")), *InvestigationKind.choices]


def countries_in_use():
    codes = Incident.objects.public().order_by().values_list("country", flat=True).distinct()
    names = dict(countries)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda item: item[1])


class CaseFilter(django_filters.FilterSet):
    """Filters for published cases; every value lives in the URL so that a view can be shared."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200,
        help_text=_("Words in the code, title, summary, place names (English or Arabic) or claim excerpts."),
    )
    status = django_filters.ChoiceFilter(label=_("Review status"), choices=ReviewStatus.choices, empty_label=_("Any"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries_in_use, empty_label=_("Any"))
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), queryset=Party.objects.filter(
            Exists(Incident.parties.through.objects.filter(party=OuterRef("pk"), incident__is_published=True))
        ), field_name="parties", empty_label=_("Any"), distinct=False,
        method="filter_party",
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="occurred_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="occurred_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    min_killed = django_filters.NumberFilter(
        label=_("At least this many civilians killed"), field_name="killed_max", lookup_expr="gte", min_value=0,
        help_text=_("Cases where the highest claimed figure reaches this number."),
    )
    source_kind = django_filters.ChoiceFilter(
        label=_("Kind of source"), choices=SourceKind.choices, empty_label=_("Any"), method="filter_source_kind"
    )
    investigation = django_filters.ChoiceFilter(
        label=_("Official investigation"), choices=INVESTIGATION_CHOICES, empty_label=_("Any or none"),
        method="filter_investigation",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=[(key, label) for key, (label, _order) in SORTS.items()], empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Incident
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for field in self.form.fields.values():
            field.required = False

    def filter_search(self, queryset, name, value):
        return search_cases(queryset, value)

    def filter_party(self, queryset, name, value):
        # EXISTS rather than a join, so that a case with several parties is listed once.
        return queryset.filter(Exists(Incident.parties.through.objects.filter(incident=OuterRef("pk"), party=value)))

    def filter_source_kind(self, queryset, name, value):
        # Confidential sources are left out: a filter must not reveal that a case rests on one.
        cited = Claim.objects.filter(incident=OuterRef("pk"), source__kind=value, source__is_confidential=False)
        return queryset.filter(Exists(cited))

    def filter_investigation(self, queryset, name, value):
        investigations = Investigation.objects.filter(incident=OuterRef("pk"))
        if value != "any":
            investigations = investigations.filter(kind=value)
        return queryset.filter(Exists(investigations))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `qs`, so that search ranking can yield to it

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if sort:
            return queryset.order_by(*SORTS[sort][1])
        if self.form.is_valid() and self.form.cleaned_data.get("q") and "rank" in queryset.query.annotations:
            return queryset.order_by(F("rank").desc(), *SORTS["-date"][1])
        return queryset.order_by(*SORTS["-date"][1])
