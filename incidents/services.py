"""Every write that changes a case's review state or its history.

One function per change, named <thing>_<verb>, keyword-only arguments. Each runs in one
transaction, locks the case row, refuses what is not allowed with a message that says what
is, and writes its case log entry in the same transaction. Admin views, forms, the importer
and commands call these; nothing else writes review fields (the models' ordinary save()
never writes them) or the log.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from incidents.choices import DECIDED_STATUSES, EventKind, NonCredibleReason, ReviewStatus
from incidents.history import (
    LOGGED_CLAIM_FIELDS,
    LOGGED_INCIDENT_FIELDS,
    LOGGED_INVESTIGATION_FIELDS,
    append_event,
    changes_between,
    snapshot,
)
from incidents.models import Claim, Incident
from incidents.search import refresh_public_index
from incidents.visibility import SOURCE_REVEALING_CLAIM_FIELDS

REVIEW_PERMISSION = "incidents.review_incident"
PUBLISH_PERMISSION = "incidents.publish_incident"


class TransitionNotAllowed(ValidationError):
    """The case is not in a state from which this action can be taken."""


# action: (statuses it may be taken from, status it leads to)
TRANSITIONS = {
    "start_review": ({ReviewStatus.NEW}, ReviewStatus.UNDER_REVIEW),
    "mark_credible": ({ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW}, ReviewStatus.CREDIBLE),
    "mark_non_credible": ({ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW}, ReviewStatus.NON_CREDIBLE),
    "mark_duplicate": ({ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW}, ReviewStatus.DUPLICATE),
    "reopen": (set(DECIDED_STATUSES), ReviewStatus.UNDER_REVIEW),
}
# Lazy: translated when a refusal is worded, in the language of the request that met it.
ACTION_LABELS = {
    "start_review": gettext_lazy("start review"),
    "mark_credible": gettext_lazy("mark credible"),
    "mark_non_credible": gettext_lazy("mark non-credible"),
    "mark_duplicate": gettext_lazy("mark duplicate"),
    "reopen": gettext_lazy("reopen"),
}
STATUS_EVENTS = {
    "start_review": EventKind.REVIEW_STARTED,
    "mark_credible": EventKind.MARKED_CREDIBLE,
    "mark_non_credible": EventKind.MARKED_NON_CREDIBLE,
    "mark_duplicate": EventKind.MARKED_DUPLICATE,
    "reopen": EventKind.REOPENED,
}
# Decisions that the four-eyes rule keeps from the case's own author.
FOUR_EYES_ACTIONS = {"mark_credible", "mark_non_credible"}


def allowed_status_actions(status):
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


def four_eyes_forbids(case, user):
    """The four-eyes rule: the editor who recorded a case does not decide its credibility."""
    return settings.CASEWORK_FOUR_EYES and user is not None and case.created_by_id == user.pk


def may_review(user):
    return user is not None and user.has_perm(REVIEW_PERMISSION)


def may_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


# --- review decisions -------------------------------------------------------------------------


def incident_start_review(incident, *, actor, internal_note=""):
    return _change_status(incident, actor=actor, action="start_review", internal_note=internal_note)


def incident_mark_credible(incident, *, actor, rationale, internal_note=""):
    rationale = _required(rationale, "rationale", _("Give the public rationale for finding the case credible."))
    return _change_status(incident, actor=actor, action="mark_credible", rationale=rationale,
                          internal_note=internal_note)


def incident_mark_non_credible(incident, *, actor, reason, rationale, internal_note=""):
    if reason not in NonCredibleReason.values:
        raise ValidationError({"reason": _("Choose one of the reasons for finding a case non-credible.")})
    rationale = _required(rationale, "rationale", _("Give the public rationale for finding the case non-credible."))
    return _change_status(
        incident, actor=actor, action="mark_non_credible", rationale=rationale, internal_note=internal_note,
        fields={"non_credible_reason": reason}, details={"reason": reason},
    )


def incident_mark_duplicate(incident, *, actor, original, rationale="", internal_note=""):
    if original is None:
        raise ValidationError({"original": _("Name the case this one duplicates.")})
    with transaction.atomic():
        # Locked so that two cases cannot be made duplicates of each other at the same moment.
        original = Incident.objects.select_for_update().get(pk=original.pk)
        return _change_status(
            incident, actor=actor, action="mark_duplicate", rationale=rationale, internal_note=internal_note,
            fields={"duplicate_of": original}, internal_details={"duplicate_of": original.code},
        )


def incident_reopen(incident, *, actor, new_information, internal_note=""):
    new_information = _required(new_information, "new_information", _("Say what new information reopens the case."))
    return _change_status(
        incident, actor=actor, action="reopen", rationale=new_information, internal_note=internal_note,
        fields={"non_credible_reason": "", "duplicate_of": None},
    )


def _change_status(incident, *, actor, action, rationale="", internal_note="", fields=None, details=None,
                   internal_details=None):
    if not may_review(actor):
        raise PermissionDenied(_("Only editors may change a case's review status."))
    with transaction.atomic():
        case = _lock(incident)
        sources, target = TRANSITIONS[action]
        if case.status not in sources:
            allowed = [str(ACTION_LABELS[name]) for name in allowed_status_actions(case.status)]
            raise TransitionNotAllowed(
                _("%(code)s is %(status)s: it cannot %(action)s. From %(status)s an editor may: %(allowed)s.")
                % {"code": case.code, "status": case.get_status_display().lower(), "action": ACTION_LABELS[action],
                   "allowed": pgettext("list separator", ", ").join(allowed) or _("nothing")},
                code="transition",
            )
        if action in FOUR_EYES_ACTIONS and four_eyes_forbids(case, actor):
            raise PermissionDenied(
                _("Four-eyes rule: you recorded %(code)s, so another editor must decide whether it is credible.")
                % {"code": case.code}
            )
        previous = case.status
        case.status = target
        for name, value in (fields or {}).items():
            setattr(case, name, value)
        case.clean()
        case.status_changed_at = timezone.now()
        _save_review_fields(case, actor, "status", "status_changed_at", *(fields or {}))
        append_event(
            case, kind=STATUS_EVENTS[action], actor=actor, rationale=rationale, internal_note=internal_note,
            details={"from": previous, "to": target, **(details or {})}, internal_details=internal_details,
        )
    return case


# --- publication ------------------------------------------------------------------------------


def incident_publish(incident, *, actor, rationale="", internal_note=""):
    return _set_published(incident, actor=actor, publish=True, rationale=rationale, internal_note=internal_note)


def incident_unpublish(incident, *, actor, reason, internal_note=""):
    reason = _required(reason, "reason", _("Say why the case is withdrawn from the public record."))
    return _set_published(incident, actor=actor, publish=False, rationale=reason, internal_note=internal_note)


def _set_published(incident, *, actor, publish, rationale, internal_note):
    if not may_publish(actor):
        raise PermissionDenied(_("Only editors may publish or unpublish a case."))
    with transaction.atomic():
        case = _lock(incident)
        if case.is_published == publish:
            state = _("published") if publish else _("unpublished")
            raise TransitionNotAllowed(_("%(code)s is already %(state)s.") % {"code": case.code, "state": state},
                                       code="transition")
        case.is_published = publish
        if publish:
            case.published_at = timezone.now()
        _save_review_fields(case, actor, "is_published", "published_at")
        append_event(
            case, kind=EventKind.PUBLISHED if publish else EventKind.UNPUBLISHED, actor=actor,
            rationale=rationale, internal_note=internal_note,
        )
    return case


# --- claims: exclusion ---------------------------------------------------------------------


def claim_exclude(claim, *, actor, reason, internal_note=""):
    reason = _required(reason, "reason", _("Say why the claim is excluded (superseded, unreliable…)."))
    return _set_excluded(claim, actor=actor, exclude=True, reason=reason, internal_note=internal_note)


def claim_restore(claim, *, actor, reason, internal_note=""):
    reason = _required(reason, "reason", _("Say why the claim counts again."))
    return _set_excluded(claim, actor=actor, exclude=False, reason=reason, internal_note=internal_note)


def _set_excluded(claim, *, actor, exclude, reason, internal_note):
    if not may_review(actor):
        raise PermissionDenied(_("Only editors may exclude or restore a claim."))
    with transaction.atomic():
        case = _lock(claim.incident)
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.is_excluded == exclude:
            state = _("excluded") if exclude else _("included")
            raise TransitionNotAllowed(_("This claim is already %(state)s.") % {"state": state}, code="transition")
        locked.is_excluded = exclude
        locked.exclusion_reason = reason if exclude else ""
        locked.stamp(actor)
        locked.save(update_fields=["is_excluded", "exclusion_reason", "updated_by", "updated_at"])
        append_event(
            case, kind=EventKind.CLAIM_EXCLUDED if exclude else EventKind.CLAIM_RESTORED, actor=actor,
            rationale=reason, internal_note=internal_note, details={"claim": locked.pk},
        )
    return locked


# --- recording what researchers enter ---------------------------------------------------------


def incident_save(incident, *, actor, role=None):
    """Save a case's details (new or changed) and log its creation or the public fields that changed."""
    with transaction.atomic():
        if incident._state.adding:
            if incident.status != ReviewStatus.NEW or incident.is_published or incident.duplicate_of_id:
                raise ValidationError(_("A new case starts as new and unpublished; editors decide afterwards."))
            incident.stamp(actor)
            incident.save()
            refresh_public_index(incident.pk)
            append_event(incident, kind=EventKind.CASE_CREATED, actor=actor, role=role,
                         details={"fields": snapshot(incident, LOGGED_INCIDENT_FIELDS)})
            return incident
        before = snapshot(_lock(incident), LOGGED_INCIDENT_FIELDS)
        incident.stamp(actor)
        incident.save()
        changes = changes_between(before, snapshot(incident, LOGGED_INCIDENT_FIELDS))
        refresh_public_index(incident.pk)
        if changes:
            append_event(incident, kind=EventKind.CASE_EDITED, actor=actor, role=role,
                         details={"changes": changes, "version": incident.version})
    return incident


def incident_record_parties(incident, *, actor, before, role=None):
    """Log a change of the alleged parties (called after the party links were saved)."""
    after = party_snapshot(incident)
    if after != before:
        append_event(incident, kind=EventKind.CASE_EDITED, actor=actor, role=role,
                     details={"changes": {"parties": [before, after]}, "version": incident.version})


def party_snapshot(incident):
    return sorted(f"{link.party.name} ({link.role})" for link in incident.party_links.select_related("party"))


def claim_save(claim, *, actor, role=None):
    """Save a claim (new or changed) and log it. Exclusion is not changed here: see claim_exclude."""
    with transaction.atomic():
        adding = claim._state.adding
        case = _lock(claim.incident)
        if not adding:
            _refuse_move(claim, Claim)
        before = {} if adding else _claim_snapshots(Claim.objects.get(pk=claim.pk))
        claim.stamp(actor)
        claim.save()
        after = _claim_snapshots(claim)
        if adding:
            append_event(case, kind=EventKind.CLAIM_ADDED, actor=actor, role=role,
                         details={"claim": claim.pk, **after[0]}, internal_details=after[1])
            return claim
        public, internal = changes_between(before[0], after[0]), changes_between(before[1], after[1])
        if public or internal:
            append_event(case, kind=EventKind.CLAIM_EDITED, actor=actor, role=role,
                         details={"claim": claim.pk, "changes": public, "version": claim.version},
                         internal_details={"changes": internal})
    return claim


def _claim_snapshots(claim):
    return snapshot(claim, LOGGED_CLAIM_FIELDS), snapshot(claim, SOURCE_REVEALING_CLAIM_FIELDS)


def investigation_save(investigation, *, actor, role=None):
    """Save an official investigation (new or changed) and log the public fields that changed."""
    from incidents.models import Investigation

    with transaction.atomic():
        adding = investigation._state.adding
        case = _lock(investigation.incident)
        if not adding:
            _refuse_move(investigation, Investigation)
        before = {} if adding else snapshot(Investigation.objects.get(pk=investigation.pk),
                                             LOGGED_INVESTIGATION_FIELDS)
        investigation.stamp(actor)
        investigation.save()
        after = snapshot(investigation, LOGGED_INVESTIGATION_FIELDS)
        if adding:
            append_event(case, kind=EventKind.INVESTIGATION_ADDED, actor=actor, role=role,
                         details={"investigation": investigation.pk, **after})
        elif changes := changes_between(before, after):
            append_event(case, kind=EventKind.INVESTIGATION_CHANGED, actor=actor, role=role,
                         details={"investigation": investigation.pk, "changes": changes})
    return investigation


# --- helpers ----------------------------------------------------------------------------------


def _lock(incident):
    """The case row, freshly read and locked until the transaction ends."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _refuse_move(record, model):
    if model.objects.filter(pk=record.pk).values_list("incident_id", flat=True).get() != record.incident_id:
        raise ValidationError({"incident": _("A record stays with the case it was entered for; enter it again "
                                             "on the other case and exclude this one instead.")})


def _save_review_fields(case, actor, *fields):
    case.stamp(actor)
    case.save(update_fields=[*fields, "updated_by", "updated_at"])


def _required(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
