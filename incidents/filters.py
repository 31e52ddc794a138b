"""The one FilterSet of public cases, shared by the case list, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from incidents.caching import cached_totals, log_version
from incidents.choices import SOURCE_KIND_BITS, InvestigationKind, ReviewStatus, SourceKind
from incidents.models import Incident, Investigation
from incidents.search import rank_matches, search_cases

SORTS = {
    "-date": (_("Newest first"), [F("occurred_on").desc(), F("id").desc()]),
    "date": (_("Oldest first"), [F("occurred_on").asc(), F("id").asc()]),
    "-deaths": (_("Most civilian deaths"),
                [F("killed_max").desc(nulls_last=True), F("occurred_on").desc(), F("id").desc()]),
    "deaths": (_("Fewest civilian deaths"),
               [F("killed_max").asc(nulls_last=True), F("occurred_on").desc(), F("id").desc()]),
    "-updated": (_("Recently updated"), [F("updated_at").desc(), F("id").desc()]),
}
INVESTIGATION_CHOICES = [("any", _("Any investigation")), *InvestigationKind.choices]


def choices_in_use(version=None):
    """The countries and parties of published cases, as (value, name) choices; cached.

    One query over the (country, party) pairs of published cases, then only the log head's
    number until the next change.
    """

    def compute():
        pairs = Incident.objects.public().order_by().values_list(
            "country", "party_links__party_id", "party_links__party__name").distinct()
        codes, parties = set(), {}
        for code, party_id, name in pairs:
            codes.add(code)
            if party_id is not None:
                parties[str(party_id)] = name
        return sorted(codes), sorted(parties.items(), key=lambda item: (item[1].casefold(), item[0]))

    codes, parties = cached_totals("public-filter-choices", compute, version)
    names = dict(countries)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda item: item[1]), parties


class CaseFilter(django_filters.FilterSet):
    """Filters for published cases; every value lives in the URL so that a view can be shared."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200,
        help_text=_("Words in the code, title, summary, place names (English or Arabic) or claim excerpts."),
    )
    status = django_filters.ChoiceFilter(label=_("Review status"), choices=ReviewStatus.choices, empty_label=_("Any"))
    # Choices are set in __init__, from one cached read (choices_in_use).
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[], empty_label=_("Any"))
    party = django_filters.ChoiceFilter(
        label=_("Party"), choices=[], empty_label=_("Any"), method="filter_party",
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
        # Read when the form lists or checks them (not for an export without these filters), once.
        in_use = []

        def lazy(index):
            def choices():
                if not in_use:
                    in_use.extend(choices_in_use(self.log_version))
                return in_use[index]
            return choices

        # Set on this form's fields: a filter's `extra` is shared with the class's filters.
        self.form.fields["country"].choices = lazy(0)
        self.form.fields["party"].choices = lazy(1)
        for field in self.form.fields.values():
            field.required = False

    @cached_property
    def log_version(self):
        """The case log's version, read once for every cached value this filter's page uses."""
        return log_version()

    def filter_search(self, queryset, name, value):
        return search_cases(queryset, value)

    def filter_party(self, queryset, name, value: int):  # a party id (the hint types it in the API schema)
        # EXISTS rather than a join, so that a case with several parties is listed once.
        return queryset.filter(Exists(Incident.parties.through.objects.filter(incident=OuterRef("pk"), party_id=value)))

    def filter_source_kind(self, queryset, name, value):
        # The case's own bit set of public source kinds (confidential sources are left out of it:
        # a filter must not reveal that a case rests on one), not a join through every claim.
        bit = SOURCE_KIND_BITS[value]
        return queryset.alias(cites_kind=F("public_source_kinds").bitand(bit)).filter(cites_kind=bit)

    def filter_investigation(self, queryset, name, value):
        investigations = Investigation.objects.filter(incident=OuterRef("pk"))
        if value != "any":
            investigations = investigations.filter(kind=value)
        return queryset.filter(Exists(investigations))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `qs`, so that search ranking can yield to it

    @property
    def qs(self):
        """Filtered cases in the chosen order, newest first by default (see `ranked`)."""
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return queryset.order_by(*SORTS[sort or "-date"][1])

    @property
    def rank_text(self):
        """The search words, when the reader searched without choosing an order."""
        if not self.form.is_valid() or self.form.cleaned_data.get("sort"):
            return ""
        return self.form.cleaned_data.get("q") or ""

    def ranked(self, queryset):
        """`queryset` with the best matches of the search first (PostgreSQL), if there was a search."""
        if not self.rank_text:
            return queryset
        return rank_matches(queryset, self.rank_text, *SORTS["-date"][1])
