"""What the dashboard shows each role: only real numbers, each with where to go next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, Membership, OrgUnit, User
from accounts.roles import Role
from accounts.selectors import team_members, units_managed_by, user_roles


@dataclass
class Card:
    title: str | Promise
    value: int | str | None = None
    caption: str | Promise = ""
    link: str = ""
    link_label: str | Promise = ""
    rows: list[tuple[str | Promise, Any]] = field(default_factory=list)
    empty: str | Promise = ""


def dashboard_for(user: User) -> dict[str, Any]:
    roles = user_roles(user)
    memberships = list(Membership.objects.filter(user=user).select_related("org_unit__parent"))
    cards: list[Card] = []

    managed = list(units_managed_by(user))
    if managed:
        members = team_members(manager=user)
        cards.append(
            Card(
                title=_("People in your teams"),
                value=members.count(),
                caption=", ".join(u.name for u in managed),
            )
        )

    if Role.LEARNER in roles:
        from courses.selectors import onboarding_dashboard_card

        cards.append(onboarding_dashboard_card(user))
    if Role.TRAINER in roles or Role.ANALYST in roles:
        from wagtail.models import Page

        cards.append(
            Card(
                title=_("Content pages"),
                value=Page.objects.filter(depth__gt=1).count(),
                caption=_("pages in the content library and courses"),
                link=reverse("wagtailadmin_home"),
                link_label=_("Open content admin"),
            )
        )
    if Role.ADMIN in roles or user.is_superuser:
        per_role = dict(Group.objects.annotate(n=Count("user")).values_list("name", "n"))
        cards.append(
            Card(
                title=_("People"),
                value=User.objects.filter(is_active=True).count(),
                caption=_("active accounts"),
                link=reverse("admin:accounts_user_changelist"),
                link_label=_("Manage people"),
                rows=[(Role(r).label, per_role.get(r.value, 0)) for r in Role],
            )
        )
        cards.append(
            Card(
                title=_("Organisation"),
                value=OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).count(),
                caption=_("teams"),
                link=reverse("admin:accounts_orgunit_changelist"),
                link_label=_("Manage org units"),
            )
        )
        events = list(AuditEvent.objects.order_by("-at", "-id")[:5])
        cards.append(
            Card(
                title=_("Recent changes"),
                rows=[
                    (f"{e.at:%Y-%m-%d %H:%M}", f"{e.actor_repr} · {e.verb_label} · {e.object_repr}") for e in events
                ],
                empty=_("Nothing has been changed yet."),
                link=reverse("admin:accounts_auditevent_changelist"),
                link_label=_("Audit log"),
            )
        )
    if Role.RECRUITER in roles:
        from assessments.hiring.selectors import hiring_dashboard_card

        cards.append(hiring_dashboard_card(user))
    if Role.COACH in roles:
        from coaching.selectors import coaching_dashboard_card

        cards.append(coaching_dashboard_card(user))

    return {
        "roles": sorted(Role(r).label for r in roles if r in Role.values),
        "units": [m.org_unit for m in memberships],
        "cards": cards,
    }
