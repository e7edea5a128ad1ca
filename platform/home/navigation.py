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
    NavItem(_("Dashboard"), "home:dashboard"),
    NavItem(_("My onboarding"), "courses:my_onboarding", frozenset({"learner"})),
    NavItem(_("Exams"), "exams:list", frozenset({"learner"})),
    NavItem(_("My coaching"), "coaching:home", frozenset({"learner"})),
    NavItem(_("Team onboarding"), "courses:team", frozenset({"coach", "analyst", "admin"})),
    NavItem(_("Team certifications"), "exams:team", frozenset({"coach", "analyst", "admin"})),
    NavItem(_("Coaching"), "coaching:home", frozenset({"coach", "admin"})),
    NavItem(_("Hiring"), "hiring:home", frozenset({"recruiter", "coach", "analyst", "admin"})),
    NavItem(_("Analytics"), "analytics:home", frozenset({"analyst", "admin"})),
    NavItem(_("Question banks"), "exams:banks", frozenset({"trainer", "admin"})),
    NavItem(_("Exam workbench"), "exams:wb_home", frozenset({"trainer", "admin"})),
    NavItem(_("Content admin"), "wagtailadmin_home", frozenset({"trainer", "analyst", "admin"})),
    NavItem(_("Site admin"), "admin:index", frozenset({"admin"})),
]


def nav_for(roles: frozenset[str]) -> list[dict[str, str]]:
    """Items for these roles; a superuser counts as admin (accounts.selectors.user_roles), not as everyone."""
    items = []
    for item in NAV_ITEMS:
        if item.roles is not None and not (roles & item.roles):
            continue
        url = item.url()
        if url:
            items.append({"label": str(item.label), "url": url, "name": item.url_name})
    return items
