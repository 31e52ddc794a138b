"""Downloads of whatever the public case list's filter selects: CSV, claims CSV, JSON, GeoJSON.

Each is streamed: incidents.exports reads the cases a chunk at a time and writes as it reads,
so a download of every case needs the memory of one chunk. The response is produced while
the server sends it, so these views are for WSGI (under ASGI Django would first gather a
synchronous stream in memory).
"""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from incidents import exports
from incidents.filters import CaseFilter
from incidents.models import Incident

CSV = "text/csv; charset=utf-8"
JSON = "application/json"
GEOJSON = "application/geo+json"
_CODE_MARK = "CASEWORK-CODE"


def selected_cases(request):
    """The cases the list at /cases/ would show for this query string, in its order."""
    filterset = CaseFilter(request.GET or None, queryset=Incident.objects.public())
    valid = filterset.form.is_valid() if filterset.is_bound else True
    # As on the list: an invalid filter selects nothing rather than quietly exporting everything.
    return filterset.qs if valid else Incident.objects.none()


def case_url_builder(request):
    """code -> absolute address of the case page, worked out once per download: the English page
    (no language prefix), whatever language is active, so that every download has the same bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        template = request.build_absolute_uri(reverse("incidents:case-detail", args=[_CODE_MARK]))
    head, _mark, tail = template.rpartition(_CODE_MARK)
    return lambda code: f"{head}{code}{tail}"


def attachment(content, content_type, name, extension):
    response = StreamingHttpResponse(content, content_type=content_type)
    filename = f"casework-{name}-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def cases_csv(request):
    """One row per case."""
    content = exports.cases_csv(selected_cases(request), case_url_builder(request))
    return attachment(content, CSV, "cases", "csv")


@require_safe
def claims_csv(request):
    """One row per claim of the selected cases, in the spreadsheet import format."""
    return attachment(exports.claims_csv(selected_cases(request)), CSV, "claims", "csv")


@require_safe
def cases_json(request):
    """{"cases": [...]}, each case with its public claims and investigations."""
    content = exports.cases_json(selected_cases(request), case_url_builder(request))
    return attachment(content, JSON, "cases", "json")


@require_safe
def cases_geojson(request):
    """A FeatureCollection of the cases that have coordinates; the others are counted."""
    cases = selected_cases(request)
    # Counted before streaming starts: a header cannot follow the body.
    without = exports.cases_without_coordinates(cases)
    content = exports.cases_geojson(cases, case_url_builder(request), without)
    response = attachment(content, GEOJSON, "cases", "geojson")
    response["X-Cases-Without-Coordinates"] = str(without)
    return response
