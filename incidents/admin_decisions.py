"""The editors' decision buttons: each opens a small form whose submission calls one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from incidents import services
from incidents.choices import NonCredibleReason
from incidents.models import Incident

NOTE_HELP = _("For staff only: never shown to the public.")


class DecisionForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=NOTE_HELP
    )


def _text(label, help_text, required=True):
    return forms.CharField(
        label=label, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class StartReviewForm(DecisionForm):
    pass


class CredibleForm(DecisionForm):
    rationale = _text(_("Public rationale"),
                      _("Why it is more likely than not that the party's action caused civilian harm."))
    field_order = ["rationale", "internal_note"]


class NonCredibleForm(DecisionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *NonCredibleReason.choices])
    rationale = _text(_("Public rationale"), _("What the finding rests on. Shown to the public."))
    field_order = ["reason", "rationale", "internal_note"]


class DuplicateForm(DecisionForm):
    original = forms.CharField(label=_("Code of the original case"), max_length=16, help_text=_("For example SY-0001."))
    rationale = _text(_("Public rationale"), _("Optional: how the two reports are known to be one incident."), False)
    field_order = ["original", "rationale", "internal_note"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_original(self):
        code = self.cleaned_data["original"].strip().upper()
        original = Incident.objects.filter(code=code).first()
        if original is None:
            raise ValidationError(_("There is no case %(code)s.") % {"code": code})
        if original.pk == self.case.pk:
            raise ValidationError(_("A case cannot be a duplicate of itself."))
        return original


class ReopenForm(DecisionForm):
    new_information = _text(_("What is new"), _("The new information that reopens the case. Shown to the public."))
    field_order = ["new_information", "internal_note"]


class PublishForm(DecisionForm):
    rationale = _text(_("Public note"), _("Optional."), False)
    field_order = ["rationale", "internal_note"]


class UnpublishForm(DecisionForm):
    reason = _text(_("Reason"), _("Why the case is withdrawn from the public record. Kept in its history."))
    field_order = ["reason", "internal_note"]


class ClaimExclusionForm(DecisionForm):
    reason = _text(_("Reason"), _("Shown in the case's public history."))
    field_order = ["reason", "internal_note"]


@dataclass(frozen=True)
class Decision:
    label: str
    form_class: type
    perform: Callable
    available: Callable


def status_change_allowed(action):
    """Whether a user may take `action` on a case now: an editor, the status allows it, and four-eyes."""
    def allowed(case, user):
        if action in services.FOUR_EYES_ACTIONS and services.four_eyes_forbids(case, user):
            return False
        return services.may_review(user) and action in services.allowed_status_actions(case.status)

    return allowed


CASE_DECISIONS = {
    "start_review": Decision(
        _("Start review"), StartReviewForm,
        lambda case, actor, d: services.incident_start_review(case, actor=actor, internal_note=d["internal_note"]),
        status_change_allowed("start_review"),
    ),
    "mark_credible": Decision(
        _("Mark credible"), CredibleForm,
        lambda case, actor, d: services.incident_mark_credible(
            case, actor=actor, rationale=d["rationale"], internal_note=d["internal_note"]),
        status_change_allowed("mark_credible"),
    ),
    "mark_non_credible": Decision(
        _("Mark non-credible"), NonCredibleForm,
        lambda case, actor, d: services.incident_mark_non_credible(
            case, actor=actor, reason=d["reason"], rationale=d["rationale"], internal_note=d["internal_note"]),
        status_change_allowed("mark_non_credible"),
    ),
    "mark_duplicate": Decision(
        _("Mark duplicate"), DuplicateForm,
        lambda case, actor, d: services.incident_mark_duplicate(
            case, actor=actor, original=d["original"], rationale=d["rationale"], internal_note=d["internal_note"]),
        status_change_allowed("mark_duplicate"),
    ),
    "reopen": Decision(
        _("Reopen"), ReopenForm,
        lambda case, actor, d: services.incident_reopen(
            case, actor=actor, new_information=d["new_information"], internal_note=d["internal_note"]),
        status_change_allowed("reopen"),
    ),
    "publish": Decision(
        _("Publish"), PublishForm,
        lambda case, actor, d: services.incident_publish(
            case, actor=actor, rationale=d["rationale"], internal_note=d["internal_note"]),
        lambda case, user: services.may_publish(user) and not case.is_published,
    ),
    "unpublish": Decision(
        _("Unpublish"), UnpublishForm,
        lambda case, actor, d: services.incident_unpublish(
            case, actor=actor, reason=d["reason"], internal_note=d["internal_note"]),
        lambda case, user: services.may_publish(user) and case.is_published,
    ),
}

CLAIM_DECISIONS = {
    "exclude": Decision(
        _("Exclude claim"), ClaimExclusionForm,
        lambda claim, actor, d: services.claim_exclude(
            claim, actor=actor, reason=d["reason"], internal_note=d["internal_note"]),
        lambda claim, user: services.may_review(user) and not claim.is_excluded,
    ),
    "restore": Decision(
        _("Restore claim"), ClaimExclusionForm,
        lambda claim, actor, d: services.claim_restore(
            claim, actor=actor, reason=d["reason"], internal_note=d["internal_note"]),
        lambda claim, user: services.may_review(user) and claim.is_excluded,
    ),
}


def available_decisions(registry, obj, user):
    return [(name, decision.label) for name, decision in registry.items() if decision.available(obj, user)]


def decision_view(model_admin, request, obj, name, decision, *, case, back_url):
    """GET shows the decision's form; POST calls its service and goes back to the case."""
    needs = services.may_publish if name in {"publish", "unpublish"} else services.may_review
    if not needs(request.user):
        raise PermissionDenied(_("Only editors may take this decision."))
    form_kwargs = {"case": case} if decision.form_class is DuplicateForm else {}
    form = decision.form_class(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decision.perform(obj, request.user, form.cleaned_data)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            status = 403
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error(None, error.messages)
            status = 409 if getattr(error, "code", None) == "transition" else 200
        else:
            done = _("%(decision)s: done for %(code)s.") % {"decision": decision.label, "code": case.code}
            messages.success(request, done)
            return HttpResponseRedirect(back_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{decision.label}: {case.code}",
        "opts": Incident._meta,
        "case": case,
        "subject": obj,
        "form": form,
        "decision": decision,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/incidents/decision_form.html", context, status=status)


def case_change_url(case):
    return reverse("admin:incidents_incident_change", args=[case.pk])
