"""Official processes about an incident: assessments, investigations, inquiries."""

from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.choices import InvestigationKind, InvestigationOutcome
from incidents.models.base import TrackedModel
from incidents.models.validation import (
    check_non_negative,
    check_not_future,
    non_negative_constraint,
    not_future_constraint,
    raise_if_errors,
)


class Investigation(TrackedModel):
    """An official process about an incident, with its dates, outcome and conceded figures."""

    incident = models.ForeignKey("incidents.Incident", models.CASCADE, related_name="investigations")
    authority = models.CharField(
        gettext_lazy("authority"),
        max_length=300,
        help_text=gettext_lazy("Who runs it, e.g. “US Special Operations Command”, “DoD Inspector General”."),
    )
    party = models.ForeignKey(
        "incidents.Party",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="investigations",
        verbose_name=gettext_lazy("party"),
        help_text=gettext_lazy(
            "The party whose own process this is, if any; its conceded figures count as that party's."),
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=32, choices=InvestigationKind.choices)
    opened_on = models.DateField(gettext_lazy("opened on"), null=True, blank=True)
    closed_on = models.DateField(gettext_lazy("closed on"), null=True, blank=True)
    outcome = models.CharField(
        gettext_lazy("outcome"), max_length=20, choices=InvestigationOutcome.choices,
        default=InvestigationOutcome.PENDING,
    )
    conceded_killed = models.PositiveIntegerField(
        gettext_lazy("civilians killed, conceded"), null=True, blank=True
    )
    conceded_injured = models.PositiveIntegerField(
        gettext_lazy("civilians injured, conceded"), null=True, blank=True
    )
    findings = models.TextField(gettext_lazy("findings"), blank=True,
                                help_text=gettext_lazy("Public summary of what it found."))
    internal_notes = models.TextField(
        gettext_lazy("internal notes"), blank=True, help_text=gettext_lazy("For staff only: never public.")
    )
    sources = models.ManyToManyField(
        "incidents.Source", blank=True, related_name="investigations", verbose_name=gettext_lazy("supporting sources")
    )

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name = gettext_lazy("investigation")
        verbose_name_plural = gettext_lazy("investigations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(opened_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="investigation_closed_after_opened",
            ),
            not_future_constraint("investigation", "opened_on"),
            not_future_constraint("investigation", "closed_on"),
            non_negative_constraint("investigation", "conceded_killed"),
            non_negative_constraint("investigation", "conceded_injured"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.authority}"

    def clean(self):
        errors = {}
        check_not_future(errors, self, "opened_on", "closed_on")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors.setdefault("closed_on", []).append(_("The closing date is before the opening date."))
        check_non_negative(errors, self, "conceded_killed", "conceded_injured")
        raise_if_errors(errors)

    def save(self, *args, **kwargs):
        from incidents.figures import refresh_incident_figures

        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_incident_figures(self.incident_id)

    def delete(self, *args, **kwargs):
        from incidents.figures import refresh_incident_figures

        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            refresh_incident_figures(self.incident_id)
        return result
