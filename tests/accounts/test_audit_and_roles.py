"""Roles, memberships and the audit log: each change writes exactly one audit row and tells listeners."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent, OrgUnit
from accounts.roles import ROLE_PERMISSIONS, Role
from accounts.services import audit_record, membership_add, role_grant, role_revoke
from accounts.signals import user_granted_role, user_joined_unit
from tests.factories.accounts import RegionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_actor_object_and_before_after(roles) -> None:  # type: ignore[no-untyped-def]
    actor = UserFactory(email="adam@example.com")
    target = UserFactory(email="alice@example.com")
    event = audit_record(
        actor=actor, verb="score.amend", obj=target, before={"x": 1}, after={"x": 2}, note="typo"
    )
    event.refresh_from_db()
    assert (event.actor, event.verb, event.object_id, event.before, event.after, event.note) == (
        actor,
        "score.amend",
        str(target.pk),
        {"x": 1},
        {"x": 2},
        "typo",
    )
    assert event.object_repr == str(target)


def test_granting_a_role_is_audited_once_and_signalled(roles, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    received: list[str] = []

    def listener(sender, user, role, **kwargs):  # type: ignore[no-untyped-def]
        received.append(role)

    user_granted_role.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            role_grant(user=user, role=Role.COACH, actor=None)
            role_grant(user=user, role=Role.COACH, actor=None)
    finally:
        user_granted_role.disconnect(listener)
    assert received == [Role.COACH]
    assert AuditEvent.objects.filter(verb="role.grant", object_id=str(user.pk)).count() == 1
    assert user.groups.filter(name="coach").exists()


def test_admin_role_opens_the_django_admin_and_revoking_closes_it(roles) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    role_grant(user=user, role=Role.ADMIN, actor=None)
    user.refresh_from_db()
    assert user.is_staff
    role_revoke(user=user, role=Role.ADMIN, actor=None)
    user.refresh_from_db()
    assert not user.is_staff
    assert AuditEvent.objects.filter(verb="role.revoke").count() == 1


def test_unknown_role_is_refused(roles) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        role_grant(user=UserFactory(), role="wizard", actor=None)


def test_joining_a_team_is_audited_and_signalled(roles, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user, team = UserFactory(), TeamFactory()
    joined: list[OrgUnit] = []

    def listener(sender, user, org_unit, **kwargs):  # type: ignore[no-untyped-def]
        joined.append(org_unit)

    user_joined_unit.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            membership_add(user=user, org_unit=team, actor=None)
            membership_add(user=user, org_unit=team, actor=None)
    finally:
        user_joined_unit.disconnect(listener)
    assert joined == [team]
    assert AuditEvent.objects.filter(verb="membership.add").count() == 1


def test_org_tree_rules_name_the_parent_field() -> None:
    region = RegionFactory()
    with pytest.raises(ValidationError) as err:
        OrgUnit(name="Loose", slug="loose", kind=OrgUnit.Kind.TEAM).clean()
    assert "parent" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        OrgUnit(name="Nested", slug="nested", kind=OrgUnit.Kind.REGION, parent=region).clean()
    assert "parent" in err.value.message_dict


def test_every_role_is_a_group_with_its_listed_permissions(roles) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group

    for role in Role:
        group = Group.objects.get(name=role)
        have = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert have == set(ROLE_PERMISSIONS[role]), role
