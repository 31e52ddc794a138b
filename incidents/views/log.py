"""The public head of the case log, for outsiders to write down as a checkpoint."""

from django.http import JsonResponse
from django.shortcuts import render

from incidents.models import GENESIS_HASH, CaseEvent


def _log_head():
    newest = CaseEvent.objects.order_by("-seq").values("seq", "hash", "recorded_at").first()
    return newest or {"seq": 0, "hash": GENESIS_HASH, "recorded_at": None}


def log_head(request):
    """The case log's newest entry number and hash, for outsiders to write down as a checkpoint."""
    return render(request, "incidents/log_head.html", {"head": _log_head()})


def log_head_json(request):
    head = _log_head()
    recorded_at = head["recorded_at"].isoformat() if head["recorded_at"] else None
    return JsonResponse({"seq": head["seq"], "hash": head["hash"], "recorded_at": recorded_at})
