"""Reads about accounts: a user's roles, teams and the people they manage."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import OrgUnit, User
from .roles import Role


def user_roles(user: User) -> frozenset[str]:
    """The user's role names, cached on the instance for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_rampway_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        user._rampway_roles = cached  # type: ignore[attr-defined]
    return cached


def user_has_role(user: User, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def units_managed_by(user: User) -> QuerySet[OrgUnit]:
    """Units the user manages, directly or as manager of the parent region."""
    return OrgUnit.objects.filter(Q(manager=user) | Q(parent__manager=user)).select_related("parent")


def team_members(*, manager: User) -> QuerySet[User]:
    """Everyone in a team the manager runs (directly or through the region), manager excluded."""
    return (
        User.objects.filter(memberships__org_unit__in=units_managed_by(manager), is_active=True)
        .exclude(pk=manager.pk)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def org_tree() -> list[tuple[OrgUnit, list[OrgUnit]]]:
    """Regions with their teams, in one query."""
    units = list(OrgUnit.objects.select_related("manager").order_by("name"))
    regions = [u for u in units if u.kind == OrgUnit.Kind.REGION]
    return [(r, [u for u in units if u.parent_id == r.pk]) for r in regions]
