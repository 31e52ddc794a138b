"""What a public page may show of a case, built in one place.

Templates for readers receive these plain records, never model instances with confidential
fields on them: a claim resting on a confidential source keeps its figures and stance but
loses its claimant, excerpt and source, and is attributed to "a confidential source".
Internal notes are never copied here.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from incidents.choices import DECISION_EVENTS, EventKind, NonCredibleReason
from incidents.languages import language_name
from incidents.models import FIGURE_RANGES

CONFIDENTIAL_SOURCE = gettext_lazy("A confidential source")
# What the timeline calls each kind of entry.
TIMELINE_KINDS = {
    "claim": gettext_lazy("Claim"),
    "investigation": gettext_lazy("Investigation"),
    "decision": gettext_lazy("Decision"),
}
# Log entries that set the status a case page explains.
STATUS_DECISIONS = frozenset({EventKind.MARKED_CREDIBLE, EventKind.MARKED_NON_CREDIBLE, EventKind.MARKED_DUPLICATE,
                              EventKind.REOPENED, EventKind.REVIEW_STARTED})


def public_duplicate_of_code():
    """The original's code for a duplicate, but only when the original is itself published."""
    return Case(When(duplicate_of__is_published=True, then=F("duplicate_of__code")), default=Value(None),
                output_field=CharField())


def figure_range(low, high):
    """A min–max range as readers see it: "4", "4–80", "at least 80", "up to 64", or "–"."""
    if low is None and high is None:
        return "–"
    if high is None:
        return _("at least %(n)s") % {"n": low}
    if low is None:
        return _("up to %(n)s") % {"n": high}
    return str(low) if low == high else f"{low}–{high}"


@dataclass
class PublicSource:
    title: str
    publisher: str
    kind: str
    url: str
    archive_url: str
    published_on: date | None
    language: str

    @property
    def language_name(self):
        """The source's language, named in the reader's language ("Arabic", "العربية")."""
        return language_name(self.language)


@dataclass
class PublicClaim:
    number: int
    claimant: str
    claimant_kind: str
    confidential: bool
    stated_on: date | None
    stance: str
    figures: dict
    other_deaths: str
    excerpt: str
    excerpt_language: str
    source: PublicSource | None
    is_excluded: bool
    exclusion_reason: str


@dataclass
class TimelineEntry:
    """One line of a case's timeline. What Casework says (title, text) is in the reader's language;
    what was recorded (who, findings, reason) is as written, and the page gives it its own
    direction, so that an English name inside an Arabic sentence, or the reverse, reads right."""

    on: date | None
    kind: str  # "claim", "investigation" or "decision"
    title: str  # "Assessed credible", "Opened: Criminal inquiry"; empty for a claim
    text: str = ""  # "Alleges harm; civilians killed: 4–80."
    reason: str = ""  # the editors' rationale, or why a claim is excluded
    who: str = ""  # the claimant or the investigating authority
    who_kind: str = ""  # the kind of claimant
    findings: str = ""  # what an investigation found
    excluded: bool = False
    extra: list = field(default_factory=list)

    @property
    def kind_label(self):
        return str(TIMELINE_KINDS[self.kind])


def label(record, field_name):
    """What record.get_<field>_display() gives, without rebuilding the field's choices or
    translating the label again at each call (a case with 300 claims asks some thousand times)."""
    value = getattr(record, field_name)
    key = (type(record), field_name, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {choice: str(text) for choice, text in record._meta.get_field(field_name).flatchoices}
    return labels.get(value) or str(value)


_LABELS = {}


def public_source(source):
    if source is None or source.is_confidential:
        return None
    return PublicSource(
        title=source.title, publisher=source.publisher, kind=label(source, "kind"), url=source.url,
        archive_url=source.archive_url, published_on=source.published_on, language=source.language,
    )


def public_claim(claim, number):
    confidential = claim.source.is_confidential
    other = []
    if claim.combatants_killed is not None:
        other.append(_("%(n)s combatants") % {"n": claim.combatants_killed})
    if claim.uncharacterised_killed is not None:
        other.append(_("%(n)s not characterised") % {"n": claim.uncharacterised_killed})
    return PublicClaim(
        number=number,
        claimant=str(CONFIDENTIAL_SOURCE) if confidential else claim.claimant,
        claimant_kind="" if confidential else label(claim, "claimant_kind"),
        confidential=confidential,
        stated_on=claim.stated_on,
        stance=label(claim, "stance"),
        figures={prefix: figure_range(getattr(claim, f"{prefix}_min"), getattr(claim, f"{prefix}_max"))
                 for prefix in FIGURE_RANGES},
        other_deaths=", ".join(other),
        excerpt="" if confidential else claim.excerpt,
        excerpt_language="" if confidential else claim.excerpt_language,
        source=public_source(claim.source),
        is_excluded=claim.is_excluded,
        exclusion_reason=claim.exclusion_reason if claim.is_excluded else "",
    )


def case_sources(claims, investigations):
    """The public sources a case cites (each once), and how many confidential ones it has."""
    public, confidential = {}, set()
    cited = [claim.source for claim in claims] + [s for inv in investigations for s in inv.sources.all()]
    for source in cited:
        if source.is_confidential:
            confidential.add(source.pk)
        else:
            public.setdefault(source.pk, public_source(source))
    ordered = sorted(public.values(), key=lambda s: (s.published_on or date.max, s.title))
    return ordered, len(confidential)


def timeline(public_claims, investigations, events):
    """Claims as they appeared, investigation steps and editorial decisions, in date order."""
    entries = []
    claim_text = _("%(stance)s; civilians killed: %(killed)s.")
    for claim in public_claims:
        entries.append(TimelineEntry(
            claim.stated_on, "claim", "", claim_text % {"stance": claim.stance, "killed": claim.figures["killed"]},
            reason=claim.exclusion_reason if claim.is_excluded else "", who=claim.claimant,
            who_kind=claim.claimant_kind, excluded=claim.is_excluded,
        ))
    for investigation in investigations:
        kind = investigation.get_kind_display()
        decided = investigation.closed_on or investigation.outcome != "pending"
        # An opening entry when the opening date is known, or when nothing else can be said yet.
        if investigation.opened_on or not decided:
            entries.append(TimelineEntry(
                investigation.opened_on, "investigation", _("Opened: %(name)s") % {"name": kind},
                who=investigation.authority, findings="" if investigation.closed_on else investigation.findings,
            ))
        if decided:
            conceded = investigation.conceded_killed
            entries.append(TimelineEntry(
                investigation.closed_on, "investigation",
                _("%(outcome)s: %(name)s") % {"outcome": investigation.get_outcome_display(), "name": kind},
                _("Conceded %(n)s civilians killed.") % {"n": conceded} if conceded is not None else "",
                who=investigation.authority, findings=investigation.findings,
            ))
    for event in events:
        if event.kind not in DECISION_EVENTS:
            continue
        text = ""
        if event.kind == EventKind.MARKED_NON_CREDIBLE and event.details.get("reason") in NonCredibleReason.values:
            text = str(NonCredibleReason(event.details["reason"]).label)
        elif event.kind == EventKind.MARKED_DUPLICATE:
            text = _("Marked as a duplicate of another report of the same incident.")
        entries.append(TimelineEntry(event.recorded_at.date(), "decision", event.get_kind_display(), text,
                                     event.rationale))
    dated = sorted((e for e in entries if e.on), key=lambda e: e.on)
    return dated + [e for e in entries if not e.on]
