"""Paging long lists without counting every row on every page.

A page fetches one row more than it shows, so it knows whether another page follows without COUNT(*).
The total is counted lazily and only up to `count_cap` rows, so over 153,000 cooperatives the count stays
as cheap as reading a thousand index entries; beyond that the page says "more than 1,000".
"""

from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Page numbers beyond this are clamped: an OFFSET far past the data is pointless and may overflow.
MAX_PAGE_NUMBER = 100_000


def page_number(raw: object) -> int:
    """A page number from user input: anything unreadable is page 1."""
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


class LookaheadPaginator(Paginator):
    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count_cap: int = 1000) -> None:
        super().__init__(object_list, per_page)
        self.count_cap = count_cap

    @cached_property
    def count(self) -> int:
        """How many rows match, counting no further than `count_cap` + 1."""
        limited = self.object_list.select_related(None).order_by().values("pk")[: self.count_cap + 1]
        return limited.count()

    @property
    def count_is_capped(self) -> bool:
        """True when there are more rows than were counted: show "more than {count_cap}"."""
        return self.count > self.count_cap

    @property
    def shown_count(self) -> int:
        return min(self.count, self.count_cap)

    def page(self, number: Any) -> "LookaheadPage":
        number = page_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        has_more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not has_more and (rows or number == 1):
            # The last page tells the exact total for free.
            self.__dict__["count"] = bottom + len(rows)
        return LookaheadPage(rows, number, self, has_more=has_more)


class LookaheadPage(Page):
    paginator: LookaheadPaginator

    def __init__(self, object_list: list[Any], number: int, paginator: LookaheadPaginator, *, has_more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        if not self.has_more:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        return self.number + 1

    def previous_page_number(self) -> int:
        if self.number <= 1:
            raise EmptyPage(self.paginator.error_messages["min_page"])
        return self.number - 1

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)
