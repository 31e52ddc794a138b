"""Headers that Django does not set itself: a Content Security Policy on every response, and
no caching of anything staff are shown.

Django's SecurityMiddleware (configured in casework/settings.py) already sends HSTS, nosniff,
the Referrer-Policy and the Cross-Origin-Opener-Policy; Django 5.2 has no CSP of its own, and
a policy this small needs no package.
"""

import functools
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from incidents.models.validation import FORBIDDEN_TEXT

# Where casework/urls.py mounts the admin and the staff-only views (a test checks they agree).
STAFF_PATH_PREFIXES = ("/admin/", "/staff/")

# Every response: our own scripts, styles, fonts and fetches only, never inline code or
# eval; no plugins; no <base> pointing elsewhere; forms post only to us; never in a frame.
BASE_POLICY = {
    "default-src": ("'self'",),
    "img-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

# The admin needs nothing more. Django 5.2's admin templates carry no inline script or style
# (their settings travel in data- attributes of <script src=...>), and what its scripts and
# select2 change at run time they change through element.style, which a policy does not
# restrict. tests/browser/test_csp.py goes over every admin page in Chromium, opens the
# autocomplete, the calendar, a new inline row and an add-another popup, and fails on any
# violation; should a Django upgrade need more, widen the policy for staff paths only.


def is_staff_path(request):
    # path_info, not path: it is what casework/urls.py matches, whatever prefix the site is served under;
    # and without its language prefix, as the admin is under /ar/admin/ too.
    path = request.path_info
    language = translation.get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        path = path[len(language) + 1:]
    return path.startswith(STAFF_PATH_PREFIXES)


@functools.lru_cache(maxsize=8)
def tile_origin(tile_url):
    """The origin map tiles come from, as a CSP source; "" when there are no tiles or they are ours.

    Leaflet's {s} (a subdomain it picks among a, b, c) becomes a wildcard; any other
    placeholder in the host cannot be written as a source, and is a configuration error.
    """
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}.", "*."))
    if not parts.netloc:
        return ""  # a path on this site: 'self' covers it
    if "{" in parts.netloc or "}" in parts.netloc:
        raise ImproperlyConfigured(
            f"CASEWORK_MAP_TILE_URL may use only {{s}} in its host name, got {tile_url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


def allow_in_policy(response, **sources):
    """Add to the policy of this one response: allow_in_policy(response, img_src=["data:"]).

    For a response that needs more (or, like sandbox=[], a directive without sources) than
    the base policy; the view says why, beside the call.
    """
    if not hasattr(response, "csp_additions"):
        response.csp_additions = {}
    additions = response.csp_additions
    for directive, values in sources.items():
        additions.setdefault(directive.replace("_", "-"), []).extend(values)


def content_security_policy(response):
    """The policy for this response, as the header's value."""
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    origin = tile_origin(settings.CASEWORK_MAP_TILE_URL)
    if origin:
        policy["img-src"].append(origin)
    for name, sources in getattr(response, "csp_additions", {}).items():
        # A fetch directive (*-src) the base leaves out falls back to default-src: start from it.
        start = BASE_POLICY["default-src"] if name.endswith("-src") else ()
        policy.setdefault(name, list(start)).extend(sources)
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


def is_signed_in(request):
    """Whether the response may show what only a signed-in user sees.

    A view that never read the session (or the user, which lives in it) gave the same
    response to everyone, so it is public whoever asked; that keeps cache headers of public
    pages as they were and costs no query. A signed-in session that was read means the page
    may carry what staff alone see (an unpublished case, say).
    """
    session = getattr(request, "session", None)
    return session is not None and session.accessed and SESSION_KEY in session


class StaffQueryMiddleware:
    """Control and direction-override characters are removed from a staff page's query, with a
    message, before any view sees them.

    The admin's searches and list filters hand their parameters to the database as they come,
    and PostgreSQL refuses a NUL in text with an error; no one types these characters on
    purpose (incidents.models.validation.FORBIDDEN_TEXT), so the page is shown without them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and is_staff_path(request):
            query = request.GET.lists()
            cleaned = [(key, [FORBIDDEN_TEXT.sub("", value) for value in values]) for key, values in query]
            if cleaned != list(request.GET.lists()):
                messages.warning(request, gettext("Invisible control characters were removed from the search."))
                return HttpResponseRedirect(f"{request.path}?{urlencode(cleaned, doseq=True)}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; Cache-Control: no-store on staff pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers["Content-Security-Policy"] = content_security_policy(response)
        if is_staff_path(request) or is_signed_in(request):
            # Neither the browser's history nor any shared cache between us and the reader
            # may keep a copy of what staff see.
            add_never_cache_headers(response)
        return response
