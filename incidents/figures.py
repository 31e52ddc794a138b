"""A case's figures, derived from its claims and investigations.

The civilian ranges run from the lowest minimum to the highest figure among the included
claims (a claim that gives only "at least N" counts N towards the highest). The conceded
figure, the highest a party has accepted (concedes-harm claims and investigations), is
kept apart and never merged into the range.
"""

from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from incidents.choices import Stance


def compute_incident_figures(incident_id):
    from incidents.models import Claim, Investigation

    conceding = Q(stance=Stance.CONCEDES_HARM)
    highest = Coalesce("killed_max", "killed_min")
    highest_injured = Coalesce("injured_max", "injured_min")
    claims = Claim.objects.included().filter(incident_id=incident_id).aggregate(
        low_killed=Min("killed_min"),
        high_killed=Max(highest),
        low_injured=Min("injured_min"),
        high_injured=Max(highest_injured),
        claims_conceded_killed=Max(highest, filter=conceding),
        claims_conceded_injured=Max(highest_injured, filter=conceding),
    )
    investigations = Investigation.objects.filter(incident_id=incident_id).aggregate(
        investigations_conceded_killed=Max("conceded_killed"),
        investigations_conceded_injured=Max("conceded_injured"),
    )

    def highest_of(*values):
        known = [value for value in values if value is not None]
        return max(known) if known else None

    return {
        "killed_min": claims["low_killed"],
        "killed_max": claims["high_killed"],
        "injured_min": claims["low_injured"],
        "injured_max": claims["high_injured"],
        "conceded_killed": highest_of(
            claims["claims_conceded_killed"], investigations["investigations_conceded_killed"]
        ),
        "conceded_injured": highest_of(
            claims["claims_conceded_injured"], investigations["investigations_conceded_injured"]
        ),
    }


def figures_from_rows(claims, investigations=()):
    """What compute_incident_figures gives, from claims and investigations in hand (for bulk writes)."""

    def lowest(values):
        known = [value for value in values if value is not None]
        return min(known) if known else None

    def highest(values):
        known = [value for value in values if value is not None]
        return max(known) if known else None

    def top(claim, prefix):
        upper = getattr(claim, f"{prefix}_max")
        return upper if upper is not None else getattr(claim, f"{prefix}_min")

    included = [claim for claim in claims if not claim.is_excluded]
    conceding = [claim for claim in included if claim.stance == Stance.CONCEDES_HARM]
    return {
        "killed_min": lowest(claim.killed_min for claim in included),
        "killed_max": highest(top(claim, "killed") for claim in included),
        "injured_min": lowest(claim.injured_min for claim in included),
        "injured_max": highest(top(claim, "injured") for claim in included),
        "conceded_killed": highest([*(top(claim, "killed") for claim in conceding),
                                    *(item.conceded_killed for item in investigations)]),
        "conceded_injured": highest([*(top(claim, "injured") for claim in conceding),
                                     *(item.conceded_injured for item in investigations)]),
    }


def refresh_incident_figures(incident_id):
    """Recompute and store a case's figures. Call inside the transaction that changed its claims.

    The incident row is locked first, so that two transactions adding claims to the same
    case run one after the other and the second one's totals include the first one's claim.
    """
    from incidents.models import Incident

    if incident_id is None:
        return
    from incidents.search import refresh_public_index

    list(Incident.objects.select_for_update().filter(pk=incident_id).values_list("pk", flat=True))
    # updated_at moves too: readers sort by it, and the feed lists cases whose figures changed.
    Incident.objects.filter(pk=incident_id).update(updated_at=timezone.now(), **compute_incident_figures(incident_id))
    # Claim excerpts and their sources' kinds are part of the public index.
    refresh_public_index(incident_id)
