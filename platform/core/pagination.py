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
