"""Helpers shared by the public-page tests."""

import re

from incidents import services
from tests.factories import make_incident

ALL_PUBLIC_PATHS = ["/", "/cases/", "/stats/", "/feeds/cases.atom", "/log/", "/log/head.json"]


def published(editor, **fields):
    """A case recorded by someone else and published by `editor`."""
    return services.incident_publish(make_incident(**fields), actor=editor)


def codes_in(response):
    return [row.code for row in response.context["page"].object_list]


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))
