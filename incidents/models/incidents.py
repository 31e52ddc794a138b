"""The case: one event in time and place where civilian harm is alleged."""

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import CountryField

from incidents.choices import (
    DatePrecision,
    LocationPrecision,
    NonCredibleReason,
    PartyRole,
    ReviewStatus,
    StrikeType,
)
from incidents.models.base import TrackedModel
from incidents.models.validation import check_not_future, not_future_constraint, raise_if_errors

# Fields only an editor may change (read-only to researchers, refused by the server).
REVIEW_FIELDS = ("status", "non_credible_reason", "duplicate_of", "is_published")
# Figures derived from claims and investigations; never typed in by hand.
DERIVED_FIGURE_FIELDS = (
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "conceded_killed",
    "conceded_injured",
)


class CaseCodeSequence(models.Model):
    """The last case number handed out per country, so that a code is never reused."""

    country = models.CharField(max_length=2, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("case code sequence")

    def __str__(self):
        return f"{self.country}: {self.last_number}"

    @classmethod
    def next_code(cls, country):
        """Reserve the next code for `country`, e.g. SY-0001. Must run inside a transaction."""
        [code] = cls.reserve_codes(country, 1)
        return code

    @classmethod
    def reserve_codes(cls, country, count):
        """Reserve the next `count` codes for `country`, in order. Must run inside a transaction."""
        country = str(country).upper()
        cls.objects.get_or_create(country=country)
        # The UPDATE locks the counter row until commit, so two new cases never share a number.
        cls.objects.filter(country=country).update(last_number=F("last_number") + count)
        last = cls.objects.get(country=country).last_number
        return [f"{country}-{number:04d}" for number in range(last - count + 1, last + 1)]


class IncidentQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: published cases. Every public page, export and API uses this."""
        return self.filter(is_published=True)

    def awaiting_review(self):
        return self.filter(status__in=[ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW])


class Incident(TrackedModel):
    """A case: an alleged incident of civilian harm, with a stable public code."""

    GUARDED_FIELDS = DERIVED_FIGURE_FIELDS + REVIEW_FIELDS + ("code", "status_changed_at", "published_at",
                                                              "search_document", "public_source_kinds")

    code = models.CharField(
        gettext_lazy("code"),
        max_length=16,
        unique=True,
        editable=False,
        help_text=gettext_lazy(
            "Stable public code, assigned on creation from the country and a number; never changes."),
    )
    title = models.CharField(gettext_lazy("title"), max_length=300)
    summary = models.TextField(
        gettext_lazy("summary"), blank=True,
        help_text=gettext_lazy("Public summary of what is alleged. Shown to readers."),
    )
    internal_notes = models.TextField(
        gettext_lazy("internal notes"),
        blank=True,
        help_text=gettext_lazy("For staff only: never shown on a public page, export, feed or the API."),
    )

    occurred_on = models.DateField(
        gettext_lazy("occurred on"), help_text=gettext_lazy("Date of the strike, or the first day of a range.")
    )
    occurred_until = models.DateField(
        gettext_lazy("occurred until"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Last day, when the incident spans several days or the date is uncertain."),
    )
    date_precision = models.CharField(
        gettext_lazy("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=gettext_lazy("How precisely the date is known. With month or year, give the first day."),
    )
    time_of_day = models.CharField(
        gettext_lazy("time of day"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy('Free text as reported, e.g. "about 22:00 local", "before dawn".'),
    )

    country = CountryField(gettext_lazy("country"))
    admin_area = models.CharField(
        gettext_lazy("administrative area"), max_length=200, blank=True,
        help_text=gettext_lazy("Governorate or province."),
    )
    place_name = models.CharField(gettext_lazy("place name"), max_length=200, blank=True)
    place_name_local = models.CharField(
        gettext_lazy("place name (local script)"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The place name as written locally, e.g. in Arabic."),
    )
    latitude = models.DecimalField(gettext_lazy("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(gettext_lazy("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_precision = models.CharField(
        gettext_lazy("location precision"),
        max_length=16,
        choices=LocationPrecision.choices,
        default=LocationPrecision.UNKNOWN,
        help_text=gettext_lazy("How closely the coordinates locate the strike."),
    )

    parties = models.ManyToManyField(
        "incidents.Party", through="incidents.IncidentParty", related_name="incidents", blank=True
    )
    strike_type = models.CharField(
        gettext_lazy("strike type"), max_length=20, choices=StrikeType.choices, default=StrikeType.UNKNOWN
    )

    status = models.CharField(
        gettext_lazy("review status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    non_credible_reason = models.CharField(
        gettext_lazy("non-credible reason"),
        max_length=32,
        choices=NonCredibleReason.choices,
        blank=True,
        help_text=gettext_lazy("Required when the case is non-credible."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=gettext_lazy("duplicate of"),
        help_text=gettext_lazy("The original case, when this one is a duplicate."),
    )
    is_published = models.BooleanField(gettext_lazy("published"), default=False)
    published_at = models.DateTimeField(
        gettext_lazy("published at"), null=True, editable=False, help_text=gettext_lazy("When it was last published.")
    )
    status_changed_at = models.DateTimeField(
        gettext_lazy("status since"),
        null=True,
        editable=False,
        help_text=gettext_lazy("When the case entered its current review status."),
    )

    # Derived from the included claims and investigations (see incidents.figures).
    killed_min = models.PositiveIntegerField(gettext_lazy("civilians killed (min)"), null=True, editable=False)
    killed_max = models.PositiveIntegerField(gettext_lazy("civilians killed (max)"), null=True, editable=False)
    injured_min = models.PositiveIntegerField(gettext_lazy("civilians injured (min)"), null=True, editable=False)
    injured_max = models.PositiveIntegerField(gettext_lazy("civilians injured (max)"), null=True, editable=False)
    conceded_killed = models.PositiveIntegerField(
        gettext_lazy("civilians killed, conceded"), null=True, editable=False
    )
    conceded_injured = models.PositiveIntegerField(
        gettext_lazy("civilians injured, conceded"), null=True, editable=False
    )

    # The words public search looks in (see incidents.search); never typed in.
    search_document = models.TextField(default="", editable=False)
    # The kinds of the public sources its claims cite, as bits (choices.SOURCE_KIND_BITS), kept
    # with the search document: the source-kind filter reads this column instead of joining
    # every case's claims to their sources.
    public_source_kinds = models.PositiveIntegerField(default=0, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = gettext_lazy("incident")
        verbose_name_plural = gettext_lazy("incidents")
        permissions = [
            ("review_incident", "Can decide the review status of a case"),
            ("publish_incident", "Can publish and unpublish a case"),
        ]
        indexes = [
            # The public list: published cases, newest first.
            models.Index(fields=["is_published", "-occurred_on"], name="incident_public_date_idx"),
            # The public orders, each on published cases only and in the order's exact terms, so
            # that a page (and a deep page's ids, see incidents.pagination) is read off an index.
            models.Index(F("occurred_on").desc(), F("id").desc(), condition=Q(is_published=True),
                         name="incident_public_order_idx"),
            # The admin's list, every case in the model's order.
            models.Index(F("occurred_on").desc(), F("id").desc(), name="incident_order_idx"),
            # (Most deaths first has its index on PostgreSQL only, made in migration 0010: SQLite
            # cannot index NULLS LAST.)
            models.Index(F("updated_at").desc(), F("id").desc(), condition=Q(is_published=True),
                         name="incident_public_updated_idx"),
            models.Index(F("published_at").desc(), F("id").desc(), condition=Q(is_published=True),
                         name="incident_public_published_idx"),
            # The review queue: cases by status, longest waiting first.
            models.Index(fields=["status", "status_changed_at"], name="incident_status_since_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="incident_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(occurred_until__isnull=True) | Q(occurred_until__gte=F("occurred_on")),
                name="incident_occurred_until_after_start",
            ),
            not_future_constraint("incident", "occurred_on"),
            not_future_constraint("incident", "occurred_until"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="incident_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="incident_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="incident_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(status=ReviewStatus.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="incident_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("id")),
                name="incident_not_duplicate_of_itself",
            ),
            models.CheckConstraint(
                condition=(Q(status=ReviewStatus.NON_CREDIBLE) & ~Q(non_credible_reason=""))
                | (~Q(status=ReviewStatus.NON_CREDIBLE) & Q(non_credible_reason="")),
                name="incident_non_credible_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def clean(self):
        errors = {}
        check_not_future(errors, self, "occurred_on", "occurred_until")
        if self.occurred_on and self.occurred_until and self.occurred_until < self.occurred_on:
            errors.setdefault("occurred_until", []).append(_("The end date is before the start date."))
        self._clean_coordinates(errors)
        self._clean_review_fields(errors)
        raise_if_errors(errors)

    def _clean_coordinates(self, errors):
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors.setdefault(missing, []).append(_("Give both latitude and longitude, or neither."))
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors.setdefault("latitude", []).append(_("Latitude must be between -90 and 90."))
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors.setdefault("longitude", []).append(_("Longitude must be between -180 and 180."))

    def _clean_review_fields(self, errors):
        if self.status == ReviewStatus.DUPLICATE:
            if self.duplicate_of_id is None:
                errors.setdefault("duplicate_of", []).append(_("A duplicate must name the case it duplicates."))
            elif self.pk is not None and self.duplicate_of_id == self.pk:
                errors.setdefault("duplicate_of", []).append(_("A case cannot be a duplicate of itself."))
            elif self.pk is not None and self.duplicates.exclude(pk=self.pk).exists():
                codes = ", ".join(self.duplicates.values_list("code", flat=True)[:5])
                errors.setdefault("duplicate_of", []).append(
                    _("Other cases (%(codes)s) are duplicates of this one; it is the original, so it cannot be "
                      "a duplicate itself. Reopen them and point them at the original first.") % {"codes": codes}
                )
            elif self.duplicate_of.status == ReviewStatus.DUPLICATE:
                errors.setdefault("duplicate_of", []).append(
                    _("%(code)s is itself a duplicate; name the original case %(original)s instead.")
                    % {"code": self.duplicate_of.code, "original": self.duplicate_of.duplicate_of.code}
                )
        elif self.duplicate_of_id is not None:
            errors.setdefault("duplicate_of", []).append(
                _("Only a case marked duplicate names another case; clear this field or mark it duplicate.")
            )
        if self.status == ReviewStatus.NON_CREDIBLE and not self.non_credible_reason:
            errors.setdefault("non_credible_reason", []).append(_("A non-credible case must give its reason."))
        elif self.status != ReviewStatus.NON_CREDIBLE and self.non_credible_reason:
            errors.setdefault("non_credible_reason", []).append(
                _("Only a non-credible case has a non-credible reason; clear it or mark the case non-credible.")
            )

    def save(self, *args, **kwargs):
        if self._state.adding and self.status_changed_at is None:
            self.status_changed_at = timezone.now()
        if self._state.adding and not self.code:
            with transaction.atomic():
                self.code = CaseCodeSequence.next_code(self.country)
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    @property
    def place(self):
        """English and local place names together, for lists."""
        return " / ".join(name for name in (self.place_name, self.place_name_local) if name)


class IncidentParty(models.Model):
    """A party alleged to be responsible for an incident, known or only suspected."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="party_links")
    party = models.ForeignKey("incidents.Party", models.PROTECT, related_name="incident_links")
    role = models.CharField(
        gettext_lazy("known or suspected"), max_length=12, choices=PartyRole.choices, default=PartyRole.SUSPECTED
    )

    class Meta:
        verbose_name = gettext_lazy("alleged party")
        verbose_name_plural = gettext_lazy("alleged parties")
        constraints = [
            models.UniqueConstraint(fields=["incident", "party"], name="incident_party_once"),
        ]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"
