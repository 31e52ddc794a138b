"""Every fixed list of values in Casework, with the labels readers see.

The stored values are part of the public data contract (exports, the API, the import
format): change a label freely, never a value.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    STATE_MILITARY = "state_military", _("State military")
    COALITION = "coalition", _("Coalition")
    NON_STATE_ARMED_GROUP = "non_state_armed_group", _("Non-state armed group")
    OTHER = "other", _("Other")


class PartyRole(models.TextChoices):
    """How firmly a party is tied to an incident."""

    KNOWN = "known", _("Known")
    SUSPECTED = "suspected", _("Suspected")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class LocationPrecision(models.TextChoices):
    """Airwars-style accuracy scale, from exact down to unknown."""

    EXACT = "exact", _("Exact")
    WITHIN_100M = "within_100m", _("Within 100 m")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    VILLAGE_OR_TOWN = "village_or_town", _("Village or town")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    UNKNOWN = "unknown", _("Unknown")


class StrikeType(models.TextChoices):
    AIRSTRIKE = "airstrike", _("Airstrike")
    DRONE_STRIKE = "drone_strike", _("Drone strike")
    ARTILLERY = "artillery", _("Artillery")
    GROUND_OPERATION = "ground_operation", _("Ground operation")
    NAVAL = "naval", _("Naval")
    UNKNOWN = "unknown", _("Unknown")


class ReviewStatus(models.TextChoices):
    """The editors' decision on a case."""

    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    CREDIBLE = "credible", _("Credible")
    NON_CREDIBLE = "non_credible", _("Non-credible")
    DUPLICATE = "duplicate", _("Duplicate")


# Statuses that are a decision, and so can be reopened when new information appears.
DECIDED_STATUSES = frozenset({ReviewStatus.CREDIBLE, ReviewStatus.NON_CREDIBLE, ReviewStatus.DUPLICATE})
# Statuses that still wait for an editor.
AWAITING_REVIEW_STATUSES = frozenset({ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW})


class NonCredibleReason(models.TextChoices):
    """The reasons seen in practice for dismissing an allegation."""

    INSUFFICIENT_INFORMATION = "insufficient_information", _("Insufficient information")
    NO_STRIKE_BY_PARTY = "no_strike_by_party", _("No strike by the alleged party at that time and place")
    COMBATANTS = "combatants", _("Those harmed were combatants")
    OTHER_PARTY = "other_party", _("The harm was caused by another party")


class SourceKind(models.TextChoices):
    NEWS_REPORT = "news_report", _("News report")
    NGO_REPORT = "ngo_report", _("NGO or monitor report")
    BELLIGERENT_STATEMENT = "belligerent_statement", _("Belligerent statement")
    OFFICIAL_DOCUMENT = "official_document", _("Official investigation document")
    SOCIAL_MEDIA = "social_media", _("Social-media post")
    WITNESS_TESTIMONY = "witness_testimony", _("Witness testimony")
    IMAGERY = "imagery", _("Imagery or video")
    OTHER = "other", _("Other")


# Each kind's bit in Incident.public_source_kinds, by its place in SourceKind: a new kind is
# added at the end, so that the bits already stored keep their meaning.
SOURCE_KIND_BITS = {kind: 1 << position for position, kind in enumerate(SourceKind.values)}


def source_kinds_mask(kinds):
    """The bit set of these source kinds, as Incident.public_source_kinds stores it."""
    mask = 0
    for kind in kinds:
        mask |= SOURCE_KIND_BITS.get(kind, 0)
    return mask


class ClaimantKind(models.TextChoices):
    BELLIGERENT = "belligerent", _("Belligerent")
    MONITOR = "monitor", _("Monitor or NGO")
    MEDIA = "media", _("Media")
    LOCAL = "local", _("Local witness or authority")
    OFFICIAL_INVESTIGATION = "official_investigation", _("Official investigation")
    OTHER = "other", _("Other")


class Stance(models.TextChoices):
    ALLEGES_HARM = "alleges_harm", _("Alleges harm")
    CONCEDES_HARM = "concedes_harm", _("Concedes harm")
    DENIES = "denies", _("Denies")
    DISPUTES_FIGURES = "disputes_figures", _("Disputes figures")
    CONTEXT = "context", _("Context")


class InvestigationKind(models.TextChoices):
    CREDIBILITY_ASSESSMENT = "credibility_assessment", _("Credibility assessment")
    COMMAND_INVESTIGATION = "command_investigation", _("Command investigation (e.g. AR 15-6)")
    INSPECTOR_GENERAL = "inspector_general", _("Inspector-general inquiry")
    INDEPENDENT_REVIEW = "independent_review", _("Independent review")
    CRIMINAL_INQUIRY = "criminal_inquiry", _("Criminal inquiry")
    LEGISLATIVE_INQUIRY = "legislative_inquiry", _("Legislative inquiry")
    OTHER = "other", _("Other")


class InvestigationOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CREDIBLE = "credible", _("Credible")
    NON_CREDIBLE = "non_credible", _("Non-credible")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    CANCELLED = "cancelled", _("Cancelled")
    NO_ACTION = "no_action", _("No action")


class EventKind(models.TextChoices):
    """What happened to a case, as its history records it."""

    CASE_CREATED = "case_created", _("Case recorded")
    CASE_EDITED = "case_edited", _("Case details edited")
    CLAIM_ADDED = "claim_added", _("Claim added")
    CLAIM_EDITED = "claim_edited", _("Claim edited")
    CLAIM_EXCLUDED = "claim_excluded", _("Claim excluded")
    CLAIM_RESTORED = "claim_restored", _("Claim restored")
    INVESTIGATION_ADDED = "investigation_added", _("Investigation added")
    INVESTIGATION_CHANGED = "investigation_changed", _("Investigation changed")
    REVIEW_STARTED = "review_started", _("Review started")
    MARKED_CREDIBLE = "marked_credible", _("Assessed credible")
    MARKED_NON_CREDIBLE = "marked_non_credible", _("Assessed non-credible")
    MARKED_DUPLICATE = "marked_duplicate", _("Marked duplicate")
    REOPENED = "reopened", _("Reopened")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


# Events that are editorial decisions (shown as decisions in the public timeline).
DECISION_EVENTS = frozenset(
    {
        EventKind.REVIEW_STARTED,
        EventKind.MARKED_CREDIBLE,
        EventKind.MARKED_NON_CREDIBLE,
        EventKind.MARKED_DUPLICATE,
        EventKind.REOPENED,
        EventKind.PUBLISHED,
        EventKind.UNPUBLISHED,
        EventKind.CLAIM_EXCLUDED,
        EventKind.CLAIM_RESTORED,
    }
)


class ActorRole(models.TextChoices):
    """Who acted, as the public sees it: the role, never the name."""

    EDITOR = "editor", _("Editor")
    RESEARCHER = "researcher", _("Researcher")
    ADMINISTRATOR = "administrator", _("Administrator")
    IMPORTER = "importer", _("Importer")
    SYSTEM = "system", _("System")
