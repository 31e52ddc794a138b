"""Small helpers for public templates."""

from django import template
from django.utils.http import urlencode

from incidents.public import figure_range

register = template.Library()


@register.filter
def killed_range(case):
    return figure_range(case.killed_min, case.killed_max)


@register.filter
def occurred(case):
    """The date as precisely as it is known, with the end of a range."""
    fmt = {"year": "Y", "month": "F Y"}.get(case.date_precision, "j F Y")
    from django.utils.dateformat import format as date_format

    text = date_format(case.occurred_on, fmt)
    if case.occurred_until and case.occurred_until != case.occurred_on:
        text += f" – {date_format(case.occurred_until, 'j F Y')}"
    return text


@register.simple_tag
def page_url(query, number):
    """The list URL for another page, keeping every filter."""
    return f"?{query}&{urlencode({'page': number})}" if query else f"?{urlencode({'page': number})}"
