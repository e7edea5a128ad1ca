"""One page of a long list, with out-of-range page numbers clamped rather than refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(items: Sequence[Any] | QuerySet[Any], number: str | None, *, per_page: int) -> Page:
    """Page `number` of `items`: not a number → the first page, below 1 → the first, past the end → the last.

    A shared link outlives the rows it pointed at (people leave a team), so a stale page number shows the
    nearest page that exists instead of a 404.
    """
    paginator = Paginator(items, per_page)
    try:
        wanted = int(number or 1)
    except ValueError:
        wanted = 1
    return paginator.page(min(max(wanted, 1), paginator.num_pages))


class FromEitherEnd(Sequence[Any]):
    """A totally ordered queryset as the paginator's sequence: one COUNT, and a page in the back half read from
    the end in the reverse order, so the database keeps a small top-N heap (or walks an index backwards)
    instead of sorting every row to skip most of them (`?page=last` of 100,000 rows).

    `count`, when the caller has already counted the rows (in a statement it runs anyway), saves the COUNT."""

    def __init__(self, queryset: QuerySet[Any], *, count: int | None = None) -> None:
        self.queryset = queryset
        self._count: int | None = count

    def count(self) -> int:  # type: ignore[override]  # the paginator's count(), not Sequence.count(value)
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("read a page (a slice) at a time")
        start, stop = index.start or 0, index.stop
        count = self._count
        if count is not None and stop is not None and start > count // 2:
            return list(reversed(self.queryset.reverse()[max(count - stop, 0) : count - start]))
        return list(self.queryset[start:stop])
