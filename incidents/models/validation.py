"""Shared pieces of the invariants: each rule is a named database constraint and a clean() check.

Keeping the two halves side by side here means a rule cannot exist in one place only.
"""

import contextvars
import functools
import re
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models.expressions import LatestAllowedDate


def not_future_constraint(model_label, field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": LatestAllowedDate()}),
        name=f"{model_label}_{field}_not_future",
        violation_error_message=gettext_lazy("This date is in the future."),
    )


def range_constraint(model_label, prefix):
    """min ≤ max for one pair of figures (NULL on either side means unknown and passes)."""
    return models.CheckConstraint(
        condition=Q(**{f"{prefix}_min__lte": models.F(f"{prefix}_max")})
        | Q(**{f"{prefix}_min__isnull": True})
        | Q(**{f"{prefix}_max__isnull": True}),
        name=f"{model_label}_{prefix}_min_lte_max",
    )


def non_negative_constraint(model_label, field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{model_label}_{field}_non_negative",
    )


_fixed_today = contextvars.ContextVar("casework_fixed_today", default=None)


@contextmanager
def same_day():
    """Within this block "today" is read once. An import checks a hundred thousand rows, and
    reading the current time zone's date costs more than the rest of a claim's date checks."""
    token = _fixed_today.set(timezone.localdate())
    try:
        yield
    finally:
        _fixed_today.reset(token)


def today():
    return _fixed_today.get() or timezone.localdate()


def check_not_future(errors, instance, *fields):
    today_ = today()
    for field in fields:
        value = getattr(instance, field)
        if value is not None and value > today_:
            errors.setdefault(field, []).append(
                _("%(date)s is in the future; today is %(today)s.")
                % {"date": value.isoformat(), "today": today_.isoformat()}
            )


def check_range(errors, instance, prefix, label):
    low, high = getattr(instance, f"{prefix}_min"), getattr(instance, f"{prefix}_max")
    if low is not None and high is not None and low > high:
        errors.setdefault(f"{prefix}_max", []).append(
            _("The highest %(what)s (%(high)s) is below the lowest (%(low)s).")
            % {"what": label, "high": high, "low": low}
        )


def check_non_negative(errors, instance, *fields):
    for field in fields:
        value = getattr(instance, field)
        if value is not None and value < 0:
            errors.setdefault(field, []).append(_("A count cannot be negative."))


def raise_if_errors(errors):
    if errors:
        raise ValidationError(errors)


# Characters no one types on purpose and that change how text reads: C0 and C1 control
# characters (tab and line breaks aside), and the bidirectional embeddings and overrides
# (U+202A-U+202E), which can make "yrekab" display as "bakery". The isolates (U+2066-U+2069)
# and the direction marks that Arabic text uses (U+200E, U+200F, U+061C) stay allowed.
FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


def check_plain_text(instance, exclude=()):
    """Errors, keyed by field, for the typed text fields of `instance` holding a FORBIDDEN_TEXT character."""
    errors = {}
    for name, attname in _typed_text_fields(type(instance)):
        if name in exclude:
            continue
        value = getattr(instance, attname)
        match = FORBIDDEN_TEXT.search(value) if isinstance(value, str) and value else None
        if match:
            errors[name] = [_(
                "Contains an invisible control or direction-override character (U+%(code)04X), which is not "
                "allowed: retype the text, or paste it as plain text."
            ) % {"code": ord(match.group())}]
    return errors


@functools.cache
def _typed_text_fields(model):
    """(name, attname) of the text fields people type into: found once per model, not per row."""
    return tuple((field.name, field.attname) for field in model._meta.concrete_fields
                 if isinstance(field, models.CharField | models.TextField) and field.editable)


class PlainTextMixin:
    """Refuses control and direction-override characters in every typed text field, with the
    message beside the field (admin forms and the import both call full_clean)."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, messages in check_plain_text(self, exclude or ()).items():
            if name not in errors:
                errors[name] = messages
        raise_if_errors(errors)
