"""The six roles, each a Django group with the permissions it needs."""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    RECRUITER = "recruiter", _("Recruiter")
    COACH = "coach", _("Coach")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Admin")


# "app_label.codename" per role. A permission whose app is not installed yet is skipped. accounts lists the
# platform's own (Wagtail admin, people); each app adds its permissions with register_role_permissions in ready().
_PLATFORM_PERMISSIONS: dict[str, list[str]] = {
    Role.TRAINER: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    Role.ANALYST: [
        "wagtailadmin.access_admin",
    ],
    Role.ADMIN: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_orgunit",
        "accounts.add_orgunit",
        "accounts.change_orgunit",
        "accounts.view_membership",
        "accounts.add_membership",
        "accounts.change_membership",
        "accounts.delete_membership",
        "accounts.view_auditevent",
        "auth.view_group",
        "auth.change_group",
        "wagtailusers.add_userprofile",
    ],
}
_BY_APP: dict[str, dict[str, list[str]]] = {"accounts": _PLATFORM_PERMISSIONS}
# The merged table, role → permissions; rebuilt in place on every registration.
ROLE_PERMISSIONS: dict[str, list[str]] = {}


def register_role_permissions(app: str, permissions: dict[str, list[str]]) -> None:
    """An app's permissions per role; registering the same app again replaces its entry."""
    _BY_APP[app] = permissions
    ROLE_PERMISSIONS.clear()
    for role in Role:
        ROLE_PERMISSIONS[role] = [p for table in _BY_APP.values() for p in table.get(role, [])]


register_role_permissions("accounts", _PLATFORM_PERMISSIONS)


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions listed that exist."""
    from django.contrib.auth.models import Group, Permission

    wanted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    by_key = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={w.split(".", 1)[1] for w in wanted}
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_key[p] for p in perms if p in by_key])


def sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", "") == "accounts":
        roles_sync()
