"""What the API shows of a case: the public pages' rules, as stored values rather than labels.

Values are never localised: dates are ISO 8601, figures are plain numbers (null when unknown,
never zero), and choices are their stored values (see incidents.choices), whatever language is
active. Nothing here reads an internal note; a confidential source is never described, and a
claim resting on one keeps its figures and stance but not its claimant, excerpt or source.
"""

from datetime import UTC, date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidents import public
from incidents.models import CaseEvent, Claim, Incident, IncidentParty, Investigation, Party, Source


class LogTimestampField(serializers.DateTimeField):
    """A log entry's time exactly as its hash covers it: UTC, ISO 8601, microseconds."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.astimezone(UTC).isoformat(timespec="microseconds")


class CoordinateField(serializers.DecimalField):
    """A latitude or longitude as a JSON number, not a string."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=9, decimal_places=6, coerce_to_string=False, read_only=True, allow_null=True,
                         **kwargs)


class PartySerializer(serializers.ModelSerializer):
    """An armed actor; `id` is the value of the case list's `party` filter."""

    class Meta:
        model = Party
        fields = ["id", "name", "short_name", "kind"]


class PartyLinkSerializer(serializers.ModelSerializer):
    """A party alleged to be responsible for a case, known or only suspected."""

    id = serializers.IntegerField(source="party.id", read_only=True)
    name = serializers.CharField(source="party.name", read_only=True)
    short_name = serializers.CharField(source="party.short_name", read_only=True)

    class Meta:
        model = IncidentParty
        fields = ["id", "name", "short_name", "role"]


class SourceSerializer(serializers.ModelSerializer):
    """A public (never a confidential) source."""

    class Meta:
        model = Source
        fields = ["title", "publisher", "kind", "url", "archive_url", "published_on", "language"]


def is_public(source):
    # One rule for the whole site: incidents.public decides what may be described.
    return public.public_source(source) is not None


class ClaimSerializer(serializers.ModelSerializer):
    """One source's account; on a confidential source only its figures and stance are shown."""

    claimant = serializers.SerializerMethodField()
    claimant_kind = serializers.SerializerMethodField()
    confidential = serializers.SerializerMethodField()
    excerpt = serializers.SerializerMethodField()
    excerpt_language = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    exclusion_reason = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "claimant", "claimant_kind", "confidential", "stated_on", "stance",
            "killed_min", "killed_max", "injured_min", "injured_max", "children_killed_min", "children_killed_max",
            "women_killed_min", "women_killed_max", "combatants_killed", "uncharacterised_killed",
            "excerpt", "excerpt_language", "source", "is_excluded", "exclusion_reason",
        ]

    def get_confidential(self, claim) -> bool:
        return not is_public(claim.source)

    def get_claimant(self, claim) -> str:
        return claim.claimant if is_public(claim.source) else str(public.CONFIDENTIAL_SOURCE)

    @extend_schema_field(serializers.ChoiceField(choices=Claim._meta.get_field("claimant_kind").choices,
                                                 allow_blank=True))
    def get_claimant_kind(self, claim):
        return claim.claimant_kind if is_public(claim.source) else ""

    def get_excerpt(self, claim) -> str:
        return claim.excerpt if is_public(claim.source) else ""

    def get_excerpt_language(self, claim) -> str:
        return claim.excerpt_language if is_public(claim.source) else ""

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_source(self, claim):
        return SourceSerializer(claim.source).data if is_public(claim.source) else None

    def get_exclusion_reason(self, claim) -> str:
        return claim.exclusion_reason if claim.is_excluded else ""


class InvestigationSerializer(serializers.ModelSerializer):
    """An official process about a case, with the public sources it rests on."""

    sources = serializers.SerializerMethodField()

    class Meta:
        model = Investigation
        fields = ["id", "authority", "kind", "opened_on", "closed_on", "outcome", "conceded_killed",
                  "conceded_injured", "findings", "sources"]

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, investigation):
        return SourceSerializer([s for s in investigation.sources.all() if is_public(s)], many=True).data


class CaseEventSerializer(serializers.ModelSerializer):
    """One entry of the case log: its public content and hashes, and a digest of the internal part.

    With the case's code, `seq`, `recorded_at`, `kind`, `actor_role`, `rationale` and `details`
    are the public content the hash covers; see docs/verifying-the-history.md.
    """

    recorded_at = LogTimestampField()
    details = serializers.JSONField(read_only=True)
    internal_digest = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["seq", "recorded_at", "kind", "actor_role", "rationale", "details", "internal_digest",
                  "prev_hash", "hash"]

    def get_internal_digest(self, event) -> str:
        return event.internal_digest()


class LogHeadSerializer(serializers.Serializer):
    """The newest entry of the case log: seq 0 and 64 zeros (recorded_at null) while it is empty."""

    seq = serializers.IntegerField(read_only=True)
    hash = serializers.CharField(read_only=True)
    recorded_at = LogTimestampField(allow_null=True)


class CaseSerializer(serializers.ModelSerializer):
    """A published case as the list shows it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail", lookup_field="code")
    html_url = serializers.HyperlinkedIdentityField(view_name="incidents:case-detail", lookup_field="code")
    country = serializers.CharField(source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 code.")
    latitude = CoordinateField()
    longitude = CoordinateField()
    parties = PartyLinkSerializer(source="party_links", many=True, read_only=True)
    # Annotated by the views' querysets (a join for one column), so no query per case.
    duplicate_of = serializers.CharField(source="duplicate_of_code", read_only=True, allow_null=True,
                                         help_text="The original case's code, when this one is a duplicate.")

    class Meta:
        model = Incident
        fields = [
            "code", "url", "html_url", "title", "occurred_on", "occurred_until", "date_precision", "country",
            "place_name", "place_name_local", "latitude", "longitude", "location_precision", "strike_type",
            "parties", "status", "non_credible_reason", "duplicate_of",
            "killed_min", "killed_max", "injured_min", "injured_max", "conceded_killed", "conceded_injured",
            "published_at", "updated_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    """One published case with its claims, investigations, public sources and history.

    Expects the instance from CaseDetail's queryset, with claims (and their sources),
    investigations (and theirs) and log entries prefetched.
    """

    claims = ClaimSerializer(many=True, read_only=True)
    investigations = InvestigationSerializer(many=True, read_only=True)
    sources = serializers.SerializerMethodField()
    confidential_sources = serializers.SerializerMethodField()
    history = CaseEventSerializer(source="events", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields, "admin_area", "time_of_day", "summary",
            "claims", "investigations", "sources", "confidential_sources", "history",
        ]

    def _cited(self, case):
        """The public sources a case cites (each once) and how many confidential ones; as incidents.public."""
        if not hasattr(case, "_api_cited"):
            cited = [claim.source for claim in case.claims.all()]
            cited += [source for investigation in case.investigations.all() for source in investigation.sources.all()]
            shown = {source.pk: source for source in cited if is_public(source)}
            hidden = {source.pk for source in cited if not is_public(source)}
            ordered = sorted(shown.values(), key=lambda s: (s.published_on or date.max, s.title))
            case._api_cited = (ordered, len(hidden))
        return case._api_cited

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, case):
        return SourceSerializer(self._cited(case)[0], many=True).data

    def get_confidential_sources(self, case) -> int:
        return self._cited(case)[1]
