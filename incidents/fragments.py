"""Parts of public pages rendered once per content, then served from the cache.

The claims table of a case with 300 claims takes a Django template some 60 ms to render, while
fetching its rows takes 7. The fragment is cached under a digest of exactly what it shows (the
plain public records of incidents.public, the template and the language), not under a version
that some change might forget to move: a corrected figure, an excluded claim or a source turned
confidential gives other records, so another digest, and the stale fragment is never read
again. Whatever the cache holds was rendered from public records only.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TIMEOUT = 24 * 60 * 60  # seconds; a fragment nobody reads for a day makes room for others


def render_all_cached(fragments):
    """{name: (template_name, context)} rendered, each cached under a digest of its template,
    the language and its context's repr, with one cache read for all of them (with the database
    cache, one query instead of one per fragment).

    Every context value must be a plain record whose repr shows all that the template reads of
    it (the dataclasses of incidents.public, strings, numbers, dates, lists of them).
    """
    language = get_language()
    keys = {
        name: "casework:fragment:" + hashlib.sha256(
            repr((template_name, language, sorted(context.items()))).encode()).hexdigest()
        for name, (template_name, context) in fragments.items()
    }
    found = cache.get_many(list(keys.values()))
    rendered, missing = {}, {}
    for name, key in keys.items():
        html = found.get(key)
        if html is None:
            template_name, context = fragments[name]
            html = missing[key] = render_to_string(template_name, context)
        # Rendered by our own templates, whose auto-escaping escaped every value.
        rendered[name] = mark_safe(html)  # nosec B308 B703
    if missing:
        cache.set_many(missing, TIMEOUT)
    return rendered
