"""A record of each spreadsheet imported, so that the same file is never imported twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class ImportBatch(models.Model):
    """One imported file: who imported it, when, its fingerprint and what it created."""

    file_sha256 = models.CharField(gettext_lazy("SHA-256 of the file"), max_length=64, unique=True)
    file_name = models.CharField(gettext_lazy("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name=gettext_lazy("imported by")
    )
    imported_at = models.DateTimeField(gettext_lazy("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(gettext_lazy("rows"))
    cases_created = models.PositiveIntegerField(gettext_lazy("cases created"))
    claims_created = models.PositiveIntegerField(gettext_lazy("claims created"))
    sources_created = models.PositiveIntegerField(gettext_lazy("sources created"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = gettext_lazy("spreadsheet import")
        verbose_name_plural = gettext_lazy("spreadsheet imports")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
