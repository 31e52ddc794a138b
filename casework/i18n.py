"""The page language comes from the address alone.

English is served at the plain paths and Arabic under /ar/ (casework/urls.py). Django's own
LocaleMiddleware already ignores the browser for unprefixed paths when the default language
has no prefix, but still marks every such response `Vary: Accept-Language`, as if it might
differ by browser: it never does here, and the header would make shared caches keep a copy
per browser language of identical pages, exports and API answers. This middleware reads the
language from the path and nothing else, so that a shared link opens in the language it was
shared in. Pages and feeds say their language in Content-Language; data (exports, the API)
says none, as it is the same in every language.
"""

from django.conf import settings
from django.utils import translation

PAGE_TYPES = ("text/html", "application/atom+xml")


class LanguageFromPathMiddleware:
    """Activate the language named by the path's prefix (/ar/...), or the default language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: a thread that serves or tests several requests keeps no language
        # from the previous one. (Streamed data, written after this returns, is the same in every
        # language.)
        with translation.override(language):
            response = self.get_response(request)
        if response.get("Content-Type", "").startswith(PAGE_TYPES):
            response.headers.setdefault("Content-Language", language)
        return response
