"""The main navigation: each item names the roles that may use it (None = every signed-in person)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


# Apps append their own entries here as they grow (e.g. courses adds "My onboarding").
NAV_ITEMS: list[NavItem] = [
    NavItem(_("Dashboard"), "home_dashboard"),
    NavItem(_("Content admin"), "wagtailadmin_home", frozenset({"trainer", "analyst", "admin"})),
    NavItem(_("Site admin"), "admin:index", frozenset({"admin"})),
]


def nav_for(roles: frozenset[str], *, is_superuser: bool = False) -> list[dict[str, str]]:
    items = []
    for item in NAV_ITEMS:
        if item.roles is not None and not (roles & item.roles) and not is_superuser:
            continue
        url = item.url()
        if url:
            items.append({"label": str(item.label), "url": url, "name": item.url_name})
    return items
