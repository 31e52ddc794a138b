"""What every record researchers edit shares: who made it, who changed it last, and a version."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from incidents.models.validation import PlainTextMixin


class ConcurrentEditError(Exception):
    """Raised when a row changed in the database after the editor loaded it."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} was changed by someone else.")


class TrackedModel(PlainTextMixin, models.Model):
    """Created/updated stamps plus a `version` checked by every UPDATE (optimistic locking).

    A save of an existing row succeeds only if the row still has the version the editor
    loaded; the UPDATE that bumps the version takes the row lock, so two saves of the same
    version can never both succeed, on PostgreSQL or SQLite.
    """

    # Fields an ordinary save never writes: figures the application derives, and review
    # fields that only incidents.services changes (always with explicit update_fields).
    GUARDED_FIELDS: tuple[str, ...] = ()

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(
        _("version"), default=1,
        help_text=_("Increases by one at every save; guards against overwriting another's edit."),
    )

    class Meta:
        abstract = True

    def stamp(self, user):
        """Record `user` as the author of this change (and the creator of a new row)."""
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        if self._state.adding and self.created_by_id is None:
            self.created_by = user
        self.updated_by = user

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.GUARDED_FIELDS
                and f.name not in ("created_at", "created_by")
            ]
        with transaction.atomic():
            claimed = type(self)._base_manager.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise ConcurrentEditError(self)
            self.version += 1
            kwargs["update_fields"] = [name for name in kwargs["update_fields"] if name != "version"]
            return super().save(*args, **kwargs)
