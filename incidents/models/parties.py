"""Armed actors alleged to be responsible for incidents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.choices import PartyKind
from incidents.models.validation import PlainTextMixin


class Party(PlainTextMixin, models.Model):
    """An armed actor: a state military, a coalition or a non-state armed group."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Abbreviation used in tables, e.g. CJTF-OIR.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PartyKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    @property
    def display_name(self):
        return self.short_name or self.name
