"""Pages whose number of rows is known already (kept in the cache with them, or counted in the
query that read them), numbered as Paginator.get_page() numbers them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count, so that it does not count the rows again."""

    def __init__(self, *args: Any, count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property


def counted(count: int) -> KnownCountPaginator:
    """A paginator of PAGE_SIZE that only knows how many rows there are (for a Page whose rows
    were read already)."""
    return KnownCountPaginator([], settings.PAGE_SIZE, count=count)


def page_number(page: Any) -> int | None:
    """The page asked for, as Paginator.get_page() reads it: 1 for anything but a whole number,
    None for a number below 1 (get_page() shows the last page then, as for one past it)."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def shown_page(number: int | None, count: int) -> int:
    """The page get_page() shows for ``number`` (page_number()'s) of ``count`` rows: the last
    one for a number past it or below 1."""
    last = counted(count).num_pages
    return number if number is not None and number <= last else last
