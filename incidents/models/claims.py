"""What one source says about one incident."""

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.choices import ClaimantKind, Stance
from incidents.languages import LANGUAGE_CHOICES
from incidents.models.base import TrackedModel
from incidents.models.validation import (
    check_non_negative,
    check_not_future,
    check_range,
    non_negative_constraint,
    not_future_constraint,
    raise_if_errors,
    range_constraint,
)

# Each pair is a range (minimum, maximum); unknown is NULL, never zero.
FIGURE_RANGES = {
    "killed": gettext_lazy("civilians killed"),
    "injured": gettext_lazy("civilians injured"),
    "children_killed": gettext_lazy("children killed"),
    "women_killed": gettext_lazy("women killed"),
}
FIGURE_FIELDS = tuple(f"{prefix}_{end}" for prefix in FIGURE_RANGES for end in ("min", "max")) + (
    "combatants_killed",
    "uncharacterised_killed",
)


class ClaimQuerySet(models.QuerySet):
    def included(self):
        """Claims that count towards a case's figures."""
        return self.filter(is_excluded=False)


def _figure(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class Claim(TrackedModel):
    """One source's account of one incident: who says it, when, with what stance and figures."""

    # Excluding and restoring are editorial decisions, made only through incidents.services.
    GUARDED_FIELDS = ("is_excluded", "exclusion_reason")

    incident = models.ForeignKey("incidents.Incident", models.CASCADE, related_name="claims")
    source = models.ForeignKey(
        "incidents.Source", models.PROTECT, related_name="claims", verbose_name=gettext_lazy("source")
    )
    claimant = models.CharField(
        gettext_lazy("claimant"),
        max_length=300,
        help_text=gettext_lazy("Who makes the claim, as named in the source, e.g. “US Central Command”."),
    )
    claimant_kind = models.CharField(gettext_lazy("kind of claimant"), max_length=32, choices=ClaimantKind.choices)
    claimant_party = models.ForeignKey(
        "incidents.Party",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=gettext_lazy("claimant's party"),
        help_text=gettext_lazy("When the claimant speaks for a belligerent: which party."),
    )
    stated_on = models.DateField(
        gettext_lazy("stated on"), null=True, blank=True, help_text=gettext_lazy("When the claim was made.")
    )
    stance = models.CharField(gettext_lazy("stance"), max_length=20, choices=Stance.choices)

    killed_min = _figure(gettext_lazy("civilians killed (min)"))
    killed_max = _figure(gettext_lazy("civilians killed (max)"))
    injured_min = _figure(gettext_lazy("civilians injured (min)"))
    injured_max = _figure(gettext_lazy("civilians injured (max)"))
    children_killed_min = _figure(gettext_lazy("children killed (min)"))
    children_killed_max = _figure(gettext_lazy("children killed (max)"))
    women_killed_min = _figure(gettext_lazy("women killed (min)"))
    women_killed_max = _figure(gettext_lazy("women killed (max)"))
    combatants_killed = _figure(gettext_lazy("combatants killed"))
    uncharacterised_killed = _figure(gettext_lazy("killed, not characterised"))

    excerpt = models.TextField(
        gettext_lazy("excerpt"), blank=True,
        help_text=gettext_lazy("The source's words, verbatim, in the original language."),
    )
    excerpt_language = models.CharField(
        gettext_lazy("excerpt language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=gettext_lazy("ISO 639-1; taken from the source when left empty."),
    )
    is_excluded = models.BooleanField(
        gettext_lazy("excluded"),
        default=False,
        help_text=gettext_lazy("Superseded or unreliable: kept on record, left out of the case's figures."),
    )
    exclusion_reason = models.TextField(gettext_lazy("exclusion reason"), blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["stated_on", "id"]
        verbose_name = gettext_lazy("claim")
        verbose_name_plural = gettext_lazy("claims")
        indexes = [models.Index(fields=["incident", "stated_on"], name="claim_incident_date_idx")]
        constraints = [
            *(range_constraint("claim", prefix) for prefix in FIGURE_RANGES),
            *(non_negative_constraint("claim", field) for field in FIGURE_FIELDS),
            models.CheckConstraint(
                condition=Q(killed_max__isnull=True)
                | Q(
                    killed_max__gte=Coalesce(models.F("children_killed_min"), 0)
                    + Coalesce(models.F("women_killed_min"), 0)
                ),
                name="claim_children_women_within_civilians",
            ),
            not_future_constraint("claim", "stated_on"),
            models.CheckConstraint(
                condition=(Q(is_excluded=True) & ~Q(exclusion_reason=""))
                | Q(is_excluded=False, exclusion_reason=""),
                name="claim_exclusion_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.claimant} ({self.stated_on or 'undated'})"

    def clean(self):
        errors = {}
        for prefix, label in FIGURE_RANGES.items():
            check_range(errors, self, prefix, label)
        check_non_negative(errors, self, *FIGURE_FIELDS)
        self._clean_children_and_women(errors)
        check_not_future(errors, self, "stated_on")
        if self.is_excluded and not self.exclusion_reason.strip():
            errors.setdefault("exclusion_reason", []).append(_("Say why the claim is excluded."))
        elif not self.is_excluded and self.exclusion_reason:
            errors.setdefault("exclusion_reason", []).append(
                _("Only an excluded claim has an exclusion reason; clear it or tick excluded.")
            )
        raise_if_errors(errors)

    def _clean_children_and_women(self, errors):
        children, women = self.children_killed_min or 0, self.women_killed_min or 0
        if self.killed_max is not None and children + women > self.killed_max:
            field = "children_killed_min" if self.children_killed_min else "women_killed_min"
            errors.setdefault(field, []).append(
                _(
                    "At least %(children)s children and %(women)s women killed is more than "
                    "the highest civilian count, %(killed)s."
                )
                % {"children": children, "women": women, "killed": self.killed_max}
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_incident_id = instance.__dict__.get("incident_id")
        return instance

    def save(self, *args, **kwargs):
        from incidents.figures import refresh_incident_figures

        if not self.excerpt_language and self.source_id:
            self.excerpt_language = self.source.language
        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_incident_figures(self.incident_id)
            previous = getattr(self, "_loaded_incident_id", None)
            if previous and previous != self.incident_id:
                refresh_incident_figures(previous)
            self._loaded_incident_id = self.incident_id

    def delete(self, *args, **kwargs):
        from incidents.figures import refresh_incident_figures

        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            refresh_incident_figures(self.incident_id)
        return result

    @property
    def rests_on_confidential_source(self):
        return self.source.is_confidential
