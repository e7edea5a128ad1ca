"""Writes to accounts: users, roles, memberships — each audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import AuditEvent, Membership, OrgUnit, User
from .roles import Role
from .signals import user_granted_role, user_joined_unit


def audit_record(
    *,
    actor: User | None,
    verb: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit row; call it inside the same transaction as the change it describes."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_repr=str(actor) if actor is not None else "system",
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        note=note,
        at=timezone.now(),
    )


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    roles: list[str] | tuple[str, ...] = (),
    verified: bool = False,
    actor: User | None = None,
    **extra: Any,
) -> User:
    """Create a user with their allauth email address (verified or not) and roles."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    audit_record(actor=actor, verb="user.create", obj=user, after={"email": user.email})
    for role in roles:
        role_grant(user=user, role=role, actor=actor)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, actor: User | None) -> None:
    Role(role)  # raises ValueError for an unknown role
    group, _ = Group.objects.get_or_create(name=role)
    if user.groups.filter(pk=group.pk).exists():
        return
    user.groups.add(group)
    if role == Role.ADMIN and not user.is_staff:
        # The admin role runs the Django admin (users, org units, audit log).
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(actor=actor, verb="role.grant", obj=user, after={"role": role})
    transaction.on_commit(lambda: user_granted_role.send(sender=User, user=user, role=role))


@transaction.atomic
def role_revoke(*, user: User, role: str, actor: User | None) -> None:
    group = Group.objects.filter(name=role).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return
    user.groups.remove(group)
    if role == Role.ADMIN and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit_record(actor=actor, verb="role.revoke", obj=user, before={"role": role})


@transaction.atomic
def membership_add(*, user: User, org_unit: OrgUnit, actor: User | None) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, org_unit=org_unit)
    if created:
        audit_record(actor=actor, verb="membership.add", obj=user, after={"org_unit": org_unit.slug})
        transaction.on_commit(lambda: user_joined_unit.send(sender=User, user=user, org_unit=org_unit))
    return membership


@transaction.atomic
def membership_remove(*, user: User, org_unit: OrgUnit, actor: User | None) -> None:
    deleted, _ = Membership.objects.filter(user=user, org_unit=org_unit).delete()
    if deleted:
        audit_record(actor=actor, verb="membership.remove", obj=user, before={"org_unit": org_unit.slug})


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """The person's preferred language (blank: the site default), audited."""
    from django.conf import settings

    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": gettext("Choose one of the languages Rampway speaks.")})
    before = user.language
    if before != language:
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=user,
            verb="user.language",
            obj=user,
            before={"language": before},
            after={"language": language},
        )
    return user


def user_sessions_end(*, user: User) -> int:
    """Sign the person out everywhere: delete every unexpired session that belongs to them, through the session
    engine, so a copy in the cache (production's cached_db) goes with the database row."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None, note: str = "") -> User:
    """Switch the account off (it can no longer sign in) and end its open sessions; history stays."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, verb="user.deactivate", obj=user, before={"active": True}, note=note)
    user_sessions_end(user=user)
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User | None, note: str = "") -> User:
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, verb="user.reactivate", obj=user, after={"active": True}, note=note)
    return user
