"""Page-number pagination that never counts a whole table.

Counting 100,000 matching rows on every page view is the slow part of ordinary pagination;
this counts at most COUNT_CAP + 1 rows (a LIMIT inside the COUNT) and says "more than" past it.
"""

from dataclasses import dataclass

from incidents.caching import cached_totals

COUNT_CAP = 10_000


@dataclass
class CappedPage:
    object_list: list
    number: int
    per_page: int
    count: int          # exact when not capped, else COUNT_CAP
    count_capped: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        more_known = self.number * self.per_page < self.count
        return more_known or (self.count_capped and len(self.object_list) == self.per_page)

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def last_known_page(self):
        return max(1, -(-self.count // self.per_page))

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.object_list)


def page_number(raw):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 1_000_000)


# From this offset on, a page's ids are found first and its rows fetched by id (see paginate).
DEFERRED_JOIN_OFFSET = 500


def paginate(queryset, raw_page, per_page, *, order_when_few=None, count_cache_name=None, cache_version=None):
    """One page of `queryset`; the count is bounded by COUNT_CAP.

    `order_when_few`, given, reorders the queryset when no more than COUNT_CAP rows match
    (ranking search results sorts every match, affordable only for a bounded number).
    `count_cache_name`, given, caches the count until the case log moves (incidents.caching):
    even capped, counting 10,001 matches costs tens of milliseconds, and every page of a filter
    repeats it.
    """

    def count():
        return queryset.order_by()[: COUNT_CAP + 1].count()

    capped_count = cached_totals(count_cache_name, count, cache_version) if count_cache_name else count()
    count_capped = capped_count > COUNT_CAP
    count = min(capped_count, COUNT_CAP)
    number = page_number(raw_page)
    if not count_capped:
        number = min(number, max(1, -(-count // per_page)))
        if order_when_few is not None:
            queryset = order_when_few(queryset)
    offset = (number - 1) * per_page
    if offset < DEFERRED_JOIN_OFFSET:
        rows = list(queryset[offset: offset + per_page])
    else:
        # A deep OFFSET reads and throws away every row before the page; reading only their ids
        # lets PostgreSQL walk an index alone, and then just the page's rows are fetched.
        ids = list(queryset.values_list("pk", flat=True)[offset: offset + per_page])
        rows = list(queryset.filter(pk__in=ids)) if ids else []
    return CappedPage(rows, number, per_page, count, count_capped)
