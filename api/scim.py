"""SCIM 2.0 (RFC 7643/7644) over accounts: scim2-models parses, patches and serialises; this maps it to rows.

Users are accounts (`userName` is the sign-in email); Groups are org units (teams). An identity provider can
create, change and deactivate people and teams and set who belongs to which team; it can never touch a
superuser, grant roles, or deactivate the last active admin. Every write is audited with the token's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError
from scim2_models import (
    Context,
    Email,
    Group,
    GroupMember,
    GroupMembership,
    Meta,
    Name,
    PatchOp,
    ScimFilter,
    User,
)
from scim2_models.exceptions import SCIMException
from scim2_models.path.expressions import CompareOperator, Comparison

from accounts.models import Membership, OrgUnit
from accounts.models import User as Account
from accounts.roles import Role
from accounts.services import (
    audit_record,
    membership_add,
    membership_remove,
    user_create,
    user_deactivate,
    user_reactivate,
)

from .models import ApiToken, ScimGroup, ScimUser

MAX_PAGE = 200
NAME_MAX = 150  # AbstractUser.first_name / last_name


class ScimError(Exception):
    """An answer in SCIM's error format (RFC 7644 §3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


@dataclass(frozen=True)
class Caller:
    token: ApiToken

    @property
    def actor(self) -> Account | None:
        return self.token.created_by

    @property
    def note(self) -> str:
        return f"SCIM: {self.token.name} ({self.token.prefix}…)"


def _invalid(error: PydanticError | SCIMException | ValueError) -> ScimError:
    if isinstance(error, PydanticError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body",))
        kind = str(first.get("type", ""))
        scim_type = kind.removeprefix("scim_") if kind.startswith("scim_") else "invalidValue"
        message = first.get("msg", str(error))
        return ScimError(400, f"{where}: {message}" if where else message, scim_type)
    if isinstance(error, SCIMException):
        return ScimError(error.status, str(error), getattr(error, "scim_type", None) or "invalidValue")
    return ScimError(400, str(error), "invalidValue")


def _parse(model: Any, payload: Any, ctx: Context) -> Any:
    if not isinstance(payload, dict):
        raise ScimError(400, _("The body must be a JSON object."), "invalidSyntax")
    try:
        return model.model_validate(payload, scim_ctx=ctx)
    except (PydanticError, SCIMException, ValueError) as error:
        raise _invalid(error) from error


# ---- users ---------------------------------------------------------------------------------------------------


def users_queryset() -> QuerySet[Account]:
    units = Prefetch("memberships", queryset=Membership.objects.select_related("org_unit").order_by("pk"))
    return Account.objects.select_related("scim").prefetch_related(units).order_by("pk")


def _external_id(obj: Any) -> str | None:
    try:
        return obj.scim.external_id or None
    except (ScimUser.DoesNotExist, ScimGroup.DoesNotExist):
        return None


def user_resource(user: Account, base: str) -> User:
    full = user.get_full_name()
    return User(
        id=str(user.pk),
        external_id=_external_id(user),
        user_name=user.email,
        name=Name(
            given_name=user.first_name or None, family_name=user.last_name or None, formatted=full or None
        ),
        display_name=user.display_name,
        active=user.is_active,
        emails=[Email(value=user.email, type=Email.Type.work, primary=True)],
        groups=[
            # Read-only on a User (RFC 7643 §4.1.2): membership is changed through the Group.
            GroupMembership(value=str(m.org_unit_id), display=m.org_unit.name)  # type: ignore[call-arg]
            for m in user.memberships.all()
        ]
        or None,
        meta=Meta(
            resource_type="User",
            created=user.date_joined,
            last_modified=user.date_joined,
            location=f"{base}/Users/{user.pk}",
        ),
    )


_USER_FILTERS = {"username": "email__iexact", "externalid": "scim__external_id", "emails": "email__iexact"}
_GROUP_FILTERS = {"displayname": "name__iexact", "externalid": "scim__external_id"}


def _filter_lookup(text: str, model: Any, allowed: dict[str, str]) -> Q:
    """Only `attr eq "value"` on a few attributes; anything else is refused rather than half-understood."""
    try:
        parsed = ScimFilter[model](text)  # type: ignore[valid-type]
    except (SCIMException, ValueError) as error:
        raise ScimError(400, str(error), "invalidFilter") from error
    node = parsed.ast
    if isinstance(node, Comparison) and node.op == CompareOperator.eq and isinstance(node.value, str):
        attr = node.attr_path.attr.lower()
        sub = (node.attr_path.sub_attr or "").lower()
        key = f"{attr}.{sub}" if sub else attr
        if key == "emails.value":
            key = "emails"
        if key in allowed:
            return Q(**{allowed[key]: node.value})
    names = ", ".join(f'{name} eq "…"' for name in allowed if name != "emails")
    raise ScimError(
        400, _("Only these filters are supported: %(names)s.") % {"names": names}, "invalidFilter"
    )


def users_filtered(text: str | None) -> QuerySet[Account]:
    found = users_queryset()
    return found.filter(_filter_lookup(text, User, _USER_FILTERS)) if text else found


def _email_from(resource: User) -> str:
    email = (resource.user_name or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ScimError(
            400, _("userName must be an email address: %(v)s") % {"v": email}, "invalidValue"
        ) from error
    return email


def _names(resource: User) -> tuple[str, str]:
    given = (resource.name.given_name if resource.name else None) or ""
    family = (resource.name.family_name if resource.name else None) or ""
    for label, value in (("name.givenName", given), ("name.familyName", family)):
        if len(value) > NAME_MAX:
            raise ScimError(
                400,
                _("%(field)s is longer than %(n)s characters.") % {"field": label, "n": NAME_MAX},
                "invalidValue",
            )
    return given.strip(), family.strip()


def _email_taken(email: str, *, other_than: Account | None) -> bool:
    from allauth.account.models import EmailAddress

    users = Account.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if other_than is not None:
        users = users.exclude(pk=other_than.pk)
        addresses = addresses.exclude(user=other_than)
    return users.exists() or addresses.exists()


def _conflict_email(email: str) -> ScimError:
    return ScimError(
        409, _("userName %(email)s is already in use by another account.") % {"email": email}, "uniqueness"
    )


def _guard(user: Account) -> None:
    if user.is_superuser:
        raise ScimError(
            403, _("Superusers are managed in Rampway itself, not by the identity provider."), "mutability"
        )


def _last_admin(user: Account) -> bool:
    if not user.groups.filter(name=Role.ADMIN).exists():
        return False
    others = Account.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN))
    return not others.exclude(pk=user.pk).exists()


def _set_external_id(user: Account, value: str | None) -> None:
    ScimUser.objects.update_or_create(user=user, defaults={"external_id": (value or "")[:255]})


def _set_active(user: Account, active: bool | None, caller: Caller) -> None:
    if active is None or active == user.is_active:
        return
    if active:
        user_reactivate(user=user, actor=caller.actor, note=caller.note)
        return
    if _last_admin(user):
        raise ScimError(409, _("This is the last active admin; appoint another admin first."), "mutability")
    user_deactivate(user=user, actor=caller.actor, note=caller.note)


@transaction.atomic
def scim_user_create(payload: Any, caller: Caller) -> Account:
    resource: User = _parse(User, payload, Context.RESOURCE_CREATION_REQUEST)
    email = _email_from(resource)
    given, family = _names(resource)
    if _email_taken(email, other_than=None):
        raise _conflict_email(email)
    try:
        with transaction.atomic():
            user = user_create(
                email=email,
                password=None,
                first_name=given,
                last_name=family,
                verified=True,
                actor=caller.actor,
            )
    except IntegrityError as error:  # a concurrent create won the race
        raise _conflict_email(email) from error
    _set_external_id(user, resource.external_id)
    if resource.active is False:
        user_deactivate(user=user, actor=caller.actor, note=caller.note)
    return user


def _apply_user(user: Account, resource: User, caller: Caller) -> None:
    """Write a whole resource (after a PUT, or after a PATCH was applied to the current one)."""
    _guard(user)
    email = _email_from(resource)
    given, family = _names(resource)
    before = {"email": user.email, "first_name": user.first_name, "last_name": user.last_name}
    if email != user.email.lower() and _email_taken(email, other_than=user):
        raise _conflict_email(email)
    after = {
        "email": email if email != user.email.lower() else user.email,
        "first_name": given,
        "last_name": family,
    }
    if after != before:
        if after["email"] != user.email:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.filter(user=user).update(primary=False)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"primary": True, "verified": True}
            )
        user.email, user.first_name, user.last_name = after["email"], given, family
        user.save(update_fields=["email", "first_name", "last_name"])
        audit_record(
            actor=caller.actor, verb="user.update", obj=user, before=before, after=after, note=caller.note
        )
    if (resource.external_id or None) != _external_id(user):
        _set_external_id(user, resource.external_id)
    _set_active(user, resource.active, caller)


@transaction.atomic
def scim_user_replace(user: Account, payload: Any, caller: Caller) -> None:
    resource: User = _parse(User, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    if resource.active is None:
        resource.active = user.is_active  # omitted on a PUT: keep, rather than silently deactivate
    _apply_user(user, resource, caller)


@transaction.atomic
def scim_user_patch(user: Account, payload: Any, caller: Caller, base: str) -> None:
    patch: PatchOp[User] = _parse(PatchOp[User], payload, Context.RESOURCE_PATCH_REQUEST)
    resource = user_resource(user, base)
    try:
        patch.patch(resource)
    except (SCIMException, PydanticError, ValueError) as error:
        raise _invalid(error) from error
    _apply_user(user, resource, caller)


@transaction.atomic
def scim_user_delete(user: Account, caller: Caller) -> None:
    """DELETE deactivates: the person's results and certificates stay for the record."""
    _guard(user)
    _set_active(user, False, caller)


# ---- groups --------------------------------------------------------------------------------------------------


def groups_queryset() -> QuerySet[OrgUnit]:
    members = Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("pk"))
    return OrgUnit.objects.select_related("scim").prefetch_related(members).order_by("pk")


def groups_filtered(text: str | None) -> QuerySet[OrgUnit]:
    found = groups_queryset()
    return found.filter(_filter_lookup(text, Group, _GROUP_FILTERS)) if text else found


def group_resource(unit: OrgUnit, base: str) -> Group:
    return Group(
        id=str(unit.pk),
        external_id=_external_id(unit),
        display_name=unit.name,
        members=[
            GroupMember(value=str(m.user_id), display=m.user.display_name, type="User")  # type: ignore[call-arg]
            for m in unit.memberships.all()
        ],
        meta=Meta(resource_type="Group", location=f"{base}/Groups/{unit.pk}"),
    )


def _region() -> OrgUnit:
    slug = getattr(settings, "RAMPWAY_SCIM_REGION", "directory")
    region, _created = OrgUnit.objects.get_or_create(
        slug=slug, defaults={"name": _("Directory"), "kind": OrgUnit.Kind.REGION}
    )
    if region.kind != OrgUnit.Kind.REGION:
        raise ScimError(500, _("RAMPWAY_SCIM_REGION must name a region."))
    return region


def _display_name(resource: Group) -> str:
    name = (resource.display_name or "").strip()
    if not name or len(name) > 120:
        raise ScimError(400, _("displayName is required and at most 120 characters."), "invalidValue")
    return name


def _name_taken(name: str, *, other_than: OrgUnit | None) -> bool:
    found = OrgUnit.objects.filter(name__iexact=name)
    return (found.exclude(pk=other_than.pk) if other_than else found).exists()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "team"
    slug, n = base, 1
    while OrgUnit.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _member_users(resource: Group) -> dict[int, Account]:
    ids: list[int] = []
    for member in resource.members or []:
        try:
            ids.append(int(str(member.value)))
        except (TypeError, ValueError) as error:
            raise ScimError(400, _("Unknown member: %(v)s") % {"v": member.value}, "invalidValue") from error
    users = {u.pk: u for u in Account.objects.filter(pk__in=ids)}
    missing = sorted(set(ids) - set(users))
    if missing:
        raise ScimError(
            400, _("Unknown members: %(ids)s") % {"ids": ", ".join(map(str, missing))}, "invalidValue"
        )
    return users


def _apply_group(unit: OrgUnit, resource: Group, caller: Caller) -> None:
    name = _display_name(resource)
    if name != unit.name:
        if _name_taken(name, other_than=unit):
            raise ScimError(409, _("A team named %(name)s already exists.") % {"name": name}, "uniqueness")
        before = unit.name
        unit.name = name
        unit.save(update_fields=["name"])
        audit_record(
            actor=caller.actor,
            verb="org_unit.rename",
            obj=unit,
            before={"name": before},
            after={"name": name},
            note=caller.note,
        )
    wanted = _member_users(resource)
    current = set(Membership.objects.filter(org_unit=unit).values_list("user_id", flat=True))
    for pk in sorted(set(wanted) - current):
        membership_add(user=wanted[pk], org_unit=unit, actor=caller.actor)
    for user in Account.objects.filter(pk__in=current - set(wanted)).order_by("pk"):
        membership_remove(user=user, org_unit=unit, actor=caller.actor)
    if (resource.external_id or None) != _external_id(unit):
        ScimGroup.objects.update_or_create(
            org_unit=unit, defaults={"external_id": (resource.external_id or "")[:255]}
        )


@transaction.atomic
def scim_group_create(payload: Any, caller: Caller) -> OrgUnit:
    resource: Group = _parse(Group, payload, Context.RESOURCE_CREATION_REQUEST)
    name = _display_name(resource)
    if _name_taken(name, other_than=None):
        raise ScimError(409, _("A team named %(name)s already exists.") % {"name": name}, "uniqueness")
    unit = OrgUnit.objects.create(
        name=name, slug=_unique_slug(name), kind=OrgUnit.Kind.TEAM, parent=_region()
    )
    ScimGroup.objects.create(
        org_unit=unit, external_id=(resource.external_id or "")[:255], created_by_scim=True
    )
    audit_record(actor=caller.actor, verb="org_unit.create", obj=unit, after={"name": name}, note=caller.note)
    resource.external_id = resource.external_id or None
    _apply_group(unit, resource, caller)
    return unit


@transaction.atomic
def scim_group_replace(unit: OrgUnit, payload: Any, caller: Caller) -> None:
    _apply_group(unit, _parse(Group, payload, Context.RESOURCE_REPLACEMENT_REQUEST), caller)


@transaction.atomic
def scim_group_patch(unit: OrgUnit, payload: Any, caller: Caller, base: str) -> None:
    patch: PatchOp[Group] = _parse(PatchOp[Group], payload, Context.RESOURCE_PATCH_REQUEST)
    resource = group_resource(unit, base)
    try:
        patch.patch(resource)
    except (SCIMException, PydanticError, ValueError) as error:
        raise _invalid(error) from error
    _apply_group(unit, resource, caller)


@transaction.atomic
def scim_group_delete(unit: OrgUnit, caller: Caller) -> None:
    """Only a team SCIM created may be deleted by SCIM; the people in it stay, only the memberships go."""
    link = ScimGroup.objects.filter(org_unit=unit, created_by_scim=True).first()
    if link is None or unit.children.exists():
        raise ScimError(
            403, _("This team was made in Rampway; remove it there, or empty it through SCIM."), "mutability"
        )
    audit_record(
        actor=caller.actor, verb="org_unit.delete", obj=unit, before={"name": unit.name}, note=caller.note
    )
    unit.delete()
