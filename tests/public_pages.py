"""Helpers shared by the public-page tests."""

import re

from incidents import services
from tests.factories import make_incident

ALL_PUBLIC_PATHS = ["/", "/cases/", "/stats/", "/feeds/cases.atom", "/log/", "/log/head.json",
                    "/cases/export.csv", "/cases/claims.csv", "/cases/export.json", "/cases/export.geojson",
                    "/api/cases/", "/api/parties/", "/api/log/head/", "/api/schema/"]
# Pages (HTML) among them, for checks that only make sense on pages.
PUBLIC_PAGES = ["/", "/cases/", "/stats/", "/log/"]


def published(editor, **fields):
    """A case recorded by someone else and published by `editor`."""
    return services.incident_publish(make_incident(**fields), actor=editor)


def codes_in(response):
    return [row.code for row in response.context["page"].object_list]


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))
