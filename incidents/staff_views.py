"""Views for staff only (outside the admin's own URLs)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from incidents.models import Source
from incidents.security import allow_in_policy


@never_cache
@staff_member_required
@require_safe
def source_file(request, name):
    """Send an uploaded source document to a staff member, always as a download.

    Looked up through the Source row, never by path alone, so only files that belong to a
    source can be fetched; sent as an attachment so that the browser never renders it.
    """
    if not request.user.has_perm("incidents.view_source"):
        raise PermissionDenied("Only researchers and editors may download source documents.")
    source = get_object_or_404(Source, file=name)
    if not source.file:
        raise Http404
    download_name = source.file_name or name.rsplit("/", 1)[-1]
    response = FileResponse(
        source.file.open("rb"), as_attachment=True, filename=download_name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever display it after all, it would run in a sandbox: no script, and
    # no access to the site it came from.
    allow_in_policy(response, sandbox=[])
    return response
