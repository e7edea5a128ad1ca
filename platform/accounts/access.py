"""Who may see which people: the one policy behind every team page, the API and the passport.

The rule, decided once:

- Admins (and superusers) and **analysts** see the whole organisation. Analysts' work — performance imports,
  validity studies, fairness checks, rubric proposals — is organisation-wide by nature and they already read
  everyone's records through analytics and the API; a team page that showed them nobody was a dead end, and
  one that showed them everyone (the certification matrix) disagreed with it. Seeing is read-only: it gives
  no right to rate, coach or decide.
- A coach or manager sees the people in the org units they manage, and in the units below those.
- Everyone sees themselves.
- Apps may add a relationship that grants sight of a person (coaching: the coach of an engagement sees its
  seller) with `register_visibility_grant` in their `AppConfig.ready`; accounts never imports them.

Views authorize with these functions (404 for a person one may not see, so ids cannot be probed); services
validate the same rule where they accept a person. Every function here adds a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from .models import Membership, OrgUnit, User
from .roles import Role
from .selectors import user_has_role

# A grant returns the pks of extra people the viewer may see, as a subquery (never a list: fixed queries).
VisibilityGrant = Callable[[User], QuerySet[Any]]
_grants: dict[str, VisibilityGrant] = {}


def register_visibility_grant(name: str, grant: VisibilityGrant) -> None:
    """Let an app add people a viewer may see (`grant(viewer)` → a values("pk")-style queryset of user ids)."""
    _grants[name] = grant


def sees_organisation(user: User) -> bool:
    """Admins, superusers and analysts see everyone."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user_has_role(user, Role.ADMIN, Role.ANALYST))


def org_units_visible_to(user: User) -> QuerySet[OrgUnit]:
    """Every unit for the organisation-wide roles; otherwise the units managed and those below them.

    The tree is two levels deep (region → team, enforced by `OrgUnit.clean`), so "below" is one parent hop.
    """
    units = OrgUnit.objects.select_related("parent").order_by("kind", "name")
    if sees_organisation(user):
        return units
    if not user.is_authenticated:
        return units.none()
    return units.filter(Q(manager=user) | Q(parent__manager=user))


def people_visible_to(user: User) -> QuerySet[User]:
    """Active people the user may see, themselves included, ordered by name."""
    people = User.objects.filter(is_active=True).order_by("last_name", "first_name", "email")
    if not user.is_authenticated:
        return people.none()
    if sees_organisation(user):
        return people
    return people.filter(visible_q(user))


def visible_q(user: User, field: str = "pk") -> Q:
    """Whether the person in `field` (a user id or a foreign key to a user) is one a viewer below the
    organisation-wide roles may see, active or not: themselves, the members of the units they manage (and below),
    and every app grant's people.

    Each source is its own uncorrelated IN, which PostgreSQL hashes once per query ("hashed SubPlan") and
    probes per row. One IN over a UNION ALL of the sources looked simpler but plans badly: PostgreSQL cannot
    estimate how many distinct people the union holds, assumes 200, de-duplicates it and looks each one up in a
    nested loop — a second per query on a 100,000-person team, where the hashed sources take a fifth of that.
    The unit ids are a subquery too, so the number of queries does not depend on the viewer.
    """
    units = org_units_visible_to(user).order_by().values("pk")
    members = Membership.objects.filter(org_unit__in=units).order_by().values("user_id")
    condition = Q(**{field: user.pk}) | Q(**{f"{field}__in": members})
    for grant in _grants.values():
        condition |= Q(**{f"{field}__in": grant(user).order_by()})
    return condition


def may_view_person(viewer: User, person: User) -> bool:
    """Whether the viewer may see this person's records (at most one query)."""
    if not viewer.is_authenticated or not person.is_active:
        return viewer.is_authenticated and viewer.pk == person.pk
    if viewer.pk == person.pk or sees_organisation(viewer):
        return True
    return people_visible_to(viewer).filter(pk=person.pk).exists()


def team_of(user: User) -> QuerySet[User]:
    """The people a team page lists for this viewer: everyone visible but the viewer.

    Organisation-wide viewers get the organisation's people — members of an org unit or learners — rather than
    every account (service and staff accounts have no readiness to show).
    """
    return User.objects.filter(team_q(user)).order_by("last_name", "first_name", "email")


def team_q(user: User, field: str = "pk") -> Q:
    """`team_of` as a condition on the person at `field`: "pk" on people, or a foreign key to a user ("user",
    "seller") on another model, so that model's page filters and sorts through its own join to the person (and
    the person's name index) rather than through an IN over a nested query of people."""
    if not user.is_authenticated:
        return Q(**{f"{field}__in": []})
    active = "is_active" if field == "pk" else f"{field}__is_active"
    condition = Q(**{active: True}) & ~Q(**{field: user.pk})
    if sees_organisation(user):
        learners = User.groups.through.objects.filter(group__name=Role.LEARNER).values("user_id")
        members = Membership.objects.values("user_id")
        return condition & (Q(**{f"{field}__in": members}) | Q(**{f"{field}__in": learners}))
    return condition & visible_q(user, field)


def managers_of(person: User) -> QuerySet[User]:
    """Who manages the person: the managers of their units and of the regions above (for notices)."""
    units = OrgUnit.objects.filter(memberships__user=person)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(managed_units__in=units) | Q(managed_units__children__in=units))
        .exclude(pk=person.pk)
        .distinct()
    )


@dataclass
class TeamScope:
    """What a team page shows: the people, the units one may filter by, and the chosen unit (or None)."""

    viewer: User
    units: list[OrgUnit]
    unit: OrgUnit | None
    organisation_wide: bool
    below: list[int] | None = None  # the chosen unit and the units below it

    @property
    def people(self) -> QuerySet[User]:
        """The people in scope, by name (a lazy queryset for the page to paginate)."""
        return User.objects.filter(self.where()).order_by("last_name", "first_name", "email")

    def where(self, field: str = "pk") -> Q:
        """The scope as a condition on the person at `field` (see `team_q`)."""
        condition = team_q(self.viewer, field)
        if self.below is not None:
            members = Membership.objects.filter(org_unit_id__in=self.below).values("user_id")
            condition &= Q(**{f"{field}__in": members})
        return condition


class UnitNotVisible(LookupError):
    """The requested unit does not exist or is outside what the viewer may see (views answer 404)."""


def team_scope(user: User, unit_id: str | int | None = None) -> TeamScope:
    """The team page's people, narrowed to one visible unit (and the units below it) when one is asked for.

    One query for the unit list; the people stay a lazy queryset for the page to paginate.
    """
    units = list(org_units_visible_to(user))
    unit, below = None, None
    if unit_id not in (None, ""):
        try:
            wanted = int(unit_id)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise UnitNotVisible(unit_id) from None
        unit = next((u for u in units if u.pk == wanted), None)
        if unit is None:
            raise UnitNotVisible(unit_id)
        below = [u.pk for u in units if u.pk == unit.pk or u.parent_id == unit.pk]
    return TeamScope(
        viewer=user, units=units, unit=unit, organisation_wide=sees_organisation(user), below=below
    )
