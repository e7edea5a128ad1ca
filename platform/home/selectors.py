"""What the dashboard shows each role: the cards the apps registered, plus home's own organisation cards."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, Membership, OrgUnit, User
from accounts.roles import Role
from accounts.selectors import units_managed_by, user_roles
from core.dashboard import Card, dashboard_cards


def dashboard_for(user: User) -> dict[str, Any]:
    roles = user_roles(user)
    memberships = list(Membership.objects.filter(user=user).select_related("org_unit__parent"))
    return {
        "roles": sorted(Role(r).label for r in roles if r in Role.values),
        "units": [m.org_unit for m in memberships],
        "cards": dashboard_cards(user, roles),
    }


def teams_card(user: User) -> Card | None:
    managed = list(units_managed_by(user))
    if not managed:
        return None
    # team_members() without its DISTINCT over whole user rows and its sort: a semi-join counted once.
    in_team = Membership.objects.filter(user=OuterRef("pk"), org_unit__in=[u.pk for u in managed])
    people = User.objects.filter(Exists(in_team), is_active=True).exclude(pk=user.pk)
    return Card(
        title=_("People in your teams"),
        value=people.count(),
        caption=", ".join(u.name for u in managed),
    )


def content_pages_card(user: User) -> Card:
    from wagtail.models import Page

    return Card(
        title=_("Content pages"),
        value=Page.objects.filter(depth__gt=1).count(),
        caption=_("pages in the content library and courses"),
        link=reverse("wagtailadmin_home"),
        link_label=_("Open content admin"),
    )


def people_card(user: User) -> Card:
    per_role = dict(Group.objects.annotate(n=Count("user")).values_list("name", "n"))
    return Card(
        title=_("People"),
        value=User.objects.filter(is_active=True).count(),
        caption=_("active accounts"),
        link=reverse("admin:accounts_user_changelist"),
        link_label=_("Manage people"),
        rows=[(Role(r).label, per_role.get(r.value, 0)) for r in Role],
    )


def organisation_card(user: User) -> Card:
    return Card(
        title=_("Organisation"),
        value=OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).count(),
        caption=_("teams"),
        link=reverse("admin:accounts_orgunit_changelist"),
        link_label=_("Manage org units"),
    )


def recent_changes_card(user: User) -> Card:
    events = list(AuditEvent.objects.order_by("-at", "-id")[:5])
    return Card(
        title=_("Recent changes"),
        rows=[
            (f"{e.at:%Y-%m-%d %H:%M}", f"{e.actor_repr} · {e.verb_label} · {e.object_repr}") for e in events
        ],
        empty=_("Nothing has been changed yet."),
        link=reverse("admin:accounts_auditevent_changelist"),
        link_label=_("Audit log"),
    )
