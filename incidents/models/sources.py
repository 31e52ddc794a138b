"""Documents that claims are taken from."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy

from incidents.choices import SourceKind
from incidents.languages import LANGUAGE_CHOICES
from incidents.models.base import TrackedModel
from incidents.models.validation import check_not_future, not_future_constraint, raise_if_errors
from incidents.storage import get_private_storage, sniff_content_type, source_file_path

SNIFF_BYTES = 8192


class Source(TrackedModel):
    """A document: a report, statement, post, testimony or image that claims cite."""

    GUARDED_FIELDS = ("file_sha256", "file_size", "file_content_type", "file_name")

    title = models.CharField(gettext_lazy("title"), max_length=500)
    publisher = models.CharField(
        gettext_lazy("publisher"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy("Who published it: outlet, organisation, ministry, or the account that posted it."),
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=32, choices=SourceKind.choices)
    url = models.URLField(gettext_lazy("address"), max_length=2000, blank=True)
    archive_url = models.URLField(
        gettext_lazy("archived copy"),
        max_length=2000,
        blank=True,
        help_text=gettext_lazy("A copy in a web archive, in case the original changes or disappears."),
    )
    published_on = models.DateField(gettext_lazy("published on"), null=True, blank=True)
    language = models.CharField(
        gettext_lazy("language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True,
        help_text=gettext_lazy("ISO 639-1."),
    )
    file = models.FileField(
        gettext_lazy("file"),
        storage=get_private_storage,
        upload_to=source_file_path,
        max_length=200,
        blank=True,
        help_text=gettext_lazy("A copy of the document. Its SHA-256 fingerprint is computed at upload."),
    )
    file_name = models.CharField(gettext_lazy("original file name"), max_length=255, blank=True, editable=False)
    file_sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(gettext_lazy("file size (bytes)"), null=True, editable=False)
    file_content_type = models.CharField(gettext_lazy("content type"), max_length=100, blank=True, editable=False)
    is_confidential = models.BooleanField(
        gettext_lazy("confidential"),
        default=False,
        help_text=gettext_lazy(
            "Never described on a public page, export or the API: title, publisher, addresses and file stay internal. "
            "Claims resting on it are attributed to “a confidential source”."
        ),
    )
    internal_notes = models.TextField(
        gettext_lazy("internal notes"), blank=True, help_text=gettext_lazy("For staff only: never public.")
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = gettext_lazy("source")
        verbose_name_plural = gettext_lazy("sources")
        indexes = [models.Index(fields=["url"], name="source_url_idx")]
        constraints = [
            not_future_constraint("source", "published_on"),
            models.CheckConstraint(
                condition=Q(file_sha256="") | Q(file_sha256__regex=r"^[0-9a-f]{64}$"),
                name="source_file_sha256_hex",
            ),
        ]

    def __str__(self):
        label = f"{self.title} ({self.publisher})" if self.publisher else self.title
        return f"{label} [confidential]" if self.is_confidential else label

    def clean(self):
        errors = {}
        check_not_future(errors, self, "published_on")
        if self._upload_too_large():
            errors["file"] = self._too_large_message()
        raise_if_errors(errors)

    def _upload_too_large(self):
        return bool(self.file) and not self.file._committed and self.file.size > settings.SOURCE_FILE_MAX_BYTES

    def _too_large_message(self):
        return gettext("This file is %(size)s; the largest a source may have is %(limit)s.") % {
            "size": filesizeformat(self.file.size), "limit": filesizeformat(settings.SOURCE_FILE_MAX_BYTES)}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_public_facets = instance._public_facets()
        return instance

    def _public_facets(self):
        """What the public index of the cases citing this source reads of it (see incidents.search)."""
        return self.__dict__.get("is_confidential"), self.__dict__.get("kind")

    @property
    def file_extension(self):
        return getattr(self, "_file_extension", "")

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self._fingerprint_upload()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = list(kwargs["update_fields"]) + list(self.GUARDED_FIELDS)
            elif not self._state.adding:
                kwargs["update_fields"] = [
                    f.name for f in self._meta.concrete_fields
                    if not f.primary_key and f.name not in ("created_at", "created_by")
                ]
        with transaction.atomic():
            super().save(*args, **kwargs)
            if getattr(self, "_loaded_public_facets", self._public_facets()) != self._public_facets():
                self._refresh_citing_cases()
            self._loaded_public_facets = self._public_facets()

    def _refresh_citing_cases(self):
        """A source turned confidential (or public), or of another kind, changes what public search
        and the source-kind filter may find through its claims."""
        from incidents.search import refresh_public_index

        for incident_id in self.claims.values_list("incident_id", flat=True).distinct():
            refresh_public_index(incident_id)

    def _fingerprint_upload(self):
        """Compute the fingerprint, size and type from the uploaded bytes themselves."""
        if self._upload_too_large():
            # clean() says so beside the field; this stops a caller that skipped it before
            # anything is written to disk.
            raise ValidationError({"file": self._too_large_message()})
        upload = self.file.file
        digest = hashlib.sha256()
        size = 0
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
        upload.seek(0)
        self.file_content_type, self._file_extension = sniff_content_type(head)
        self.file_sha256 = digest.hexdigest()
        self.file_size = size
        self.file_name = (getattr(upload, "name", "") or "")[-255:]
