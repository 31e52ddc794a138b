"""Page-number pagination that never counts a whole table.

Counting 100,000 matching rows on every page view is the slow part of ordinary pagination;
this counts at most COUNT_CAP + 1 rows (a LIMIT inside the COUNT) and says "more than" past it.
"""

from dataclasses import dataclass

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
        return self.number * self.per_page < self.count or (self.count_capped and len(self.object_list) == self.per_page)

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


def paginate(queryset, raw_page, per_page):
    """One page of `queryset`; the count is bounded by COUNT_CAP."""
    capped_count = queryset.order_by()[: COUNT_CAP + 1].count()
    count_capped = capped_count > COUNT_CAP
    count = min(capped_count, COUNT_CAP)
    number = page_number(raw_page)
    if not count_capped:
        number = min(number, max(1, -(-count // per_page)))
    offset = (number - 1) * per_page
    rows = list(queryset[offset: offset + per_page])
    return CappedPage(rows, number, per_page, count, count_capped)
