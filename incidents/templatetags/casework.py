"""Small helpers for public templates."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi

from incidents.public import figure_range

register = template.Library()


@register.filter
def killed_range(case):
    return figure_range(case.killed_min, case.killed_max)


@register.filter
def occurred(case):
    """The date as precisely as it is known, with the end of a range (month names in the page's language)."""
    fmt = {"year": "Y", "month": "F Y"}.get(case.date_precision, "j F Y")
    text = dateformat.format(case.occurred_on, fmt)
    if case.occurred_until and case.occurred_until != case.occurred_on:
        text += f" – {dateformat.format(case.occurred_until, 'j F Y')}"
    return text


@register.simple_tag
def place_names(case, empty=""):
    """The place in both scripts, each in its own direction: the English name first on English
    pages, the local name (as written there, usually Arabic) first on Arabic ones."""
    names = []
    if case.place_name:
        names.append(format_html('<span class="place-name" dir="auto">{}</span>', case.place_name))
    if case.place_name_local:
        local = format_html('<span lang="ar" dir="auto" class="local-name">{}</span>', case.place_name_local)
        if get_language_bidi():
            names.insert(0, local)
        else:
            names.append(local)
    # Each part was escaped by format_html.
    return mark_safe(" ".join(names)) if names else empty  # nosec B308 B703


@register.simple_tag
def page_url(query, number):
    """The list URL for another page, keeping every filter."""
    return f"?{query}&{urlencode({'page': number})}" if query else f"?{urlencode({'page': number})}"


@dataclass(frozen=True)
class LanguageVersion:
    """This page in one of the site's languages."""

    code: str
    name: str  # in its own language: "English", "العربية"
    path: str  # the same page and query string, with that language's prefix
    url: str  # the same, absolute (for <link rel="alternate" hreflang>)
    current: bool


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The page being shown, in every language the site has: same path, same filters."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    if context.get("error_page"):
        here = with_language_prefix("/", get_language())  # an error page repeats nothing of the address
    current = get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        path = here if code == current else translate_url(here, code)
        if path == here and code != current:
            path = with_language_prefix(here, code)  # a page no URL names, such as "not found"
        # Not on an error page: a bad Host header is one, and asking the request for its host again fails.
        url = request.build_absolute_uri(path) if request is not None and not context.get("error_page") else path
        versions.append(LanguageVersion(code, name, path, url, code == current))
    return versions


def with_language_prefix(path, code):
    """`path` with its language prefix (if any) replaced by `code`'s (none for the default language)."""
    first = path.split("/", 2)[1] if path.startswith("/") else ""
    if first in dict(settings.LANGUAGES):
        path = path[len(first) + 1:] or "/"
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
