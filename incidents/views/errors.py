"""Our 400, 403 and 404 pages (templates/400.html …), rendered with `error_page` set.

The page's language switcher then leads to the home page in the other language, not to the
address that failed: an error page repeats nothing of what was asked (and so an unpublished
case and a missing one give the very same page). The 500 page is static (templates/500.html).
"""

from django.shortcuts import render


def bad_request(request, exception):
    return render(request, "400.html", {"error_page": True}, status=400)


def permission_denied(request, exception):
    return render(request, "403.html", {"error_page": True}, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", {"error_page": True}, status=404)
