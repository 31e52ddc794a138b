"""Totals over every published case, cached until the case log moves.

Every change that can alter them (a case created, edited, decided, published or unpublished, a
claim added, changed or excluded, an investigation recorded) appends an entry to the case log in
the same transaction. The log head's number is therefore a version of the public data: a value
is cached under that number, and the next entry makes it stale everywhere at once, in every web
worker, at the cost of reading one row by its primary key. A time limit bounds what no entry
records, such as a party's name corrected in the admin.
"""

from django.core.cache import cache

TIMEOUT = 300  # seconds


def log_version():
    from incidents.models import CaseLogHead

    return CaseLogHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


def cached_totals(name, compute, version=None):
    """compute(), cached under `name` for the current version of the log."""
    version = log_version() if version is None else version
    return cache.get_or_set(f"casework:{name}:{version}", compute, TIMEOUT)
