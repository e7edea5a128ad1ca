"""The navigation registry: each app registers its own menu items with the roles that may use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from .registry import Registry


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in person
    order: int = 100

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


NAV_ITEMS: Registry[NavItem] = Registry("navigation item")


def register_nav_item(
    label: str | Promise, url_name: str, *, roles: Iterable[str] | None = None, order: int = 100
) -> None:
    frozen = None if roles is None else frozenset(roles)
    # One URL may appear twice under different labels for different roles (e.g. "My coaching" / "Coaching").
    key = f"{url_name}|{','.join(sorted(frozen)) if frozen is not None else '*'}"
    NAV_ITEMS.add(key, NavItem(label, url_name, frozen, order))


def nav_for(roles: frozenset[str]) -> list[dict[str, str]]:
    """Items for these roles, in order; a superuser counts as admin (accounts.selectors.user_roles), not as everyone."""
    items = []
    for item in sorted(NAV_ITEMS, key=lambda i: (i.order, i.url_name)):
        if item.roles is not None and not (roles & item.roles):
            continue
        url = item.url()
        if url:
            items.append({"label": str(item.label), "url": url, "name": item.url_name})
    return items
