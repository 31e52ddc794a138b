"""The case log: an append-only, hash-chained record of everything that happens to cases.

Each entry's hash is SHA-256 over the previous entry's hash, a digest of its public content
and a digest of its internal content. The public can therefore recompute the whole chain
from the public history pages (which show the internal digest, not the internal content),
and staff can recompute it from the database with `manage.py verify_log`.
"""

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from incidents.choices import ActorRole, EventKind, NonCredibleReason, PartyRole

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a case log entry."""


def canonical_json(value):
    """One byte sequence for one value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The case log is append-only: entries cannot be updated.")

    def delete(self):
        raise AppendOnlyError("The case log is append-only: entries cannot be deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class CaseEvent(models.Model):
    """One entry of a case's history: a decision, a publication, a claim or an edit."""

    seq = models.PositiveBigIntegerField(gettext_lazy("sequence number"), unique=True, editable=False)
    recorded_at = models.DateTimeField(gettext_lazy("recorded at"), editable=False)
    incident = models.ForeignKey(
        "incidents.Incident", models.PROTECT, related_name="events", editable=False
    )
    kind = models.CharField(gettext_lazy("event"), max_length=32, choices=EventKind.choices, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    actor_role = models.CharField(gettext_lazy("role"), max_length=16, choices=ActorRole.choices, editable=False)
    rationale = models.TextField(gettext_lazy("public rationale"), blank=True, editable=False)
    internal_note = models.TextField(gettext_lazy("internal note"), blank=True, editable=False)
    details = models.JSONField(gettext_lazy("public details"), default=dict, editable=False)
    internal_details = models.JSONField(gettext_lazy("internal details"), default=dict, editable=False)
    prev_hash = models.CharField(gettext_lazy("previous hash"), max_length=64, editable=False)
    hash = models.CharField(gettext_lazy("hash"), max_length=64, unique=True, editable=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = gettext_lazy("case event")
        verbose_name_plural = gettext_lazy("case log")
        # A case's history, in order (case page and history page).
        indexes = [models.Index(fields=["incident", "seq"], name="caseevent_incident_seq_idx")]

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()}"

    # --- hashing ------------------------------------------------------------------------

    def public_content(self, case_code):
        return {
            "seq": self.seq,
            "recorded_at": self.recorded_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "case": case_code,
            "kind": self.kind,
            "actor_role": self.actor_role,
            "rationale": self.rationale,
            "details": self.details,
        }

    def internal_content(self):
        return {
            "actor_id": self.actor_id,
            "internal_note": self.internal_note,
            "internal_details": self.internal_details,
        }

    def public_canonical_json(self, case_code):
        """The exact text hashed as the public content, for readers who recompute the chain."""
        return canonical_json(self.public_content(case_code)).decode("utf-8")

    def internal_digest(self):
        """Stands in for the internal content on public pages: proves it without showing it."""
        return sha256_hex(canonical_json(self.internal_content()))

    def compute_hash(self, case_code=None):
        case_code = case_code or self.incident.code
        public_digest = sha256_hex(canonical_json(self.public_content(case_code)))
        return sha256_hex(f"{self.prev_hash}\n{public_digest}\n{self.internal_digest()}".encode("ascii"))

    def detail_lines(self):
        """The public details as short readable lines, for staff pages (see detail_parts)."""
        return [f"{label}: {value}" if label else value for label, value in self.detail_parts()]

    def detail_parts(self):
        """The public details as (label, value) pairs in the reader's language: field names and
        stored choices by their labels, everything else as recorded. A label may be empty."""
        from incidents.models import Claim, Incident, IncidentParty, Investigation

        details, parts = self.details, []
        model = Claim if "claim" in details else Investigation if "investigation" in details else Incident
        roles = {f" ({role.value})": f" ({role.label.lower()})" for role in PartyRole}

        def field_of(name):
            try:
                return model._meta.get_field(name)
            except FieldDoesNotExist:
                return None

        def label(name):
            if name == "parties":  # recorded as "Name (role)", one per alleged party
                return str(IncidentParty._meta.verbose_name_plural)
            field = field_of(name)
            return str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") \
                else name.replace("_", " ")

        def party(text):
            for suffix, shown in roles.items():
                if text.endswith(suffix):
                    return text[: -len(suffix)] + shown
            return text

        def shown(name, value):
            if value in (None, "", []):
                return "—"
            if isinstance(value, list):
                return pgettext("list separator", ", ").join(party(str(item)) if name == "parties" else str(item)
                                                             for item in value)
            field = field_of(name)
            choices = dict(field.flatchoices) if field is not None and field.choices else {}
            return str(choices.get(value, value))

        if "from" in details:
            parts.append(("", f"{shown('status', details['from'])} → {shown('status', details['to'])}"))
        if details.get("reason"):
            reason = details["reason"]
            parts.append((_("reason"), NonCredibleReason(reason).label if reason in NonCredibleReason.values
                          else reason))
        if details.get("duplicate_of"):
            parts.append((label("duplicate_of"), details["duplicate_of"]))
        if "claim" in details:
            parts.append(("", _("claim #%(id)s") % {"id": details["claim"]}))
        if "investigation" in details:
            parts.append(("", _("investigation #%(id)s") % {"id": details["investigation"]}))
        for name, (before, after) in details.get("changes", {}).items():
            parts.append((label(name), f"{shown(name, before)} → {shown(name, after)}"))
        recorded = dict(details.get("fields", {}))  # a copy: the stored details must stay as hashed
        shown_above = {"from", "to", "reason", "duplicate_of", "claim", "investigation", "changes", "fields", "version"}
        recorded.update({k: v for k, v in details.items() if k not in shown_above})
        parts.extend((label(name), shown(name, value)) for name, value in recorded.items() if value not in (None, ""))
        return parts

    # --- append-only ----------------------------------------------------------------------

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The case log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The case log is append-only: entries cannot be deleted.")


class CaseLogHead(models.Model):
    """The newest entry's number and hash; its row lock puts appends to the log in one line."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = gettext_lazy("case log head")

    def __str__(self):
        return f"{self.seq}:{self.hash}"
