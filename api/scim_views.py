"""SCIM 2.0 endpoints at /scim/v2/: bearer token with `scim:write`, `application/scim+json`, SCIM error bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    Error,
    ETag,
    Filter,
    Group,
    ListResponse,
    Patch,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from accounts.models import OrgUnit
from accounts.models import User as Account

from . import scim
from .auth import bad_token_count, bad_tokens_refuse_if_over
from .models import Scope
from .services import api_token_authenticate

CONTENT_TYPE = "application/scim+json"
View = Callable[..., HttpResponse]


def _json(body: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body, default=str), status=status, content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _error(status: int, detail: str, scim_type: str | None = None, **headers: str) -> HttpResponse:
    body = Error(status=status, scim_type=scim_type, detail=detail).model_dump()
    return _json(body, status, **headers)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _caller(request: HttpRequest) -> scim.Caller | HttpResponse:
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return _error(401, _("Send an API token: Authorization: Bearer rw_…"), WWW_Authenticate="Bearer")
    if not _under_bad_token_limit(request):
        return _error(429, _("Too many unknown tokens from this address; wait a minute."), "tooMany")
    token = api_token_authenticate(raw)
    if token is None:
        bad_token_count(request)
        return _error(401, _("This API token is unknown or revoked."), WWW_Authenticate="Bearer")
    if not token.has_scope(Scope.SCIM_WRITE):
        return _error(403, _("This token does not hold the scim:write scope."))
    return scim.Caller(token=token)


def _under_bad_token_limit(request: HttpRequest) -> bool:
    try:
        bad_tokens_refuse_if_over(request)
    except Exception:  # ninja's Throttled
        return False
    return True


def _body(request: HttpRequest) -> Any:
    try:
        raw = request.body
    except RequestDataTooBig as error:
        raise scim.ScimError(413, _("The request body is too large."), "tooLarge") from error
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise scim.ScimError(400, _("The body is not valid JSON."), "invalidSyntax") from error


def endpoint(methods: tuple[str, ...], *, auth: bool = True) -> Callable[[View], View]:
    def wrap(view: View) -> View:
        @csrf_exempt
        def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return _error(405, _("Method not allowed here."), Allow=", ".join(methods))
            caller = _caller(request)
            if isinstance(caller, HttpResponse):
                return caller
            try:
                return view(request, caller, *args, **kwargs)
            except scim.ScimError as error:
                return _error(error.status, error.detail, error.scim_type)
            except ProtectedError:
                return _error(
                    409, _("Something else still points at this team (e.g. a requisition)."), "mutability"
                )

        run.__name__ = view.__name__
        run.__doc__ = view.__doc__
        return run

    return wrap


def _paging(request: HttpRequest) -> tuple[int, int]:
    try:
        start = max(1, int(request.GET.get("startIndex", 1)))
        count = min(scim.MAX_PAGE, max(0, int(request.GET.get("count", scim.MAX_PAGE))))
    except ValueError as error:
        raise scim.ScimError(400, _("startIndex and count must be whole numbers."), "invalidValue") from error
    return start, count


def _list(
    request: HttpRequest, kind: Any, found: QuerySet[Any], render: Callable[[Any], Any]
) -> HttpResponse:
    start, count = _paging(request)
    total = found.count()
    rows = list(found[start - 1 : start - 1 + count]) if count else []
    page = ListResponse[kind](  # type: ignore[valid-type]
        total_results=total, start_index=start, items_per_page=len(rows), resources=[render(r) for r in rows]
    )
    return _json(page.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


def _one(found: QuerySet[Any], pk: str) -> Any:
    row = found.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None
    if row is None:
        raise scim.ScimError(404, _("No such resource: %(id)s") % {"id": pk}, None)
    return row


def _user_out(request: HttpRequest, pk: int, ctx: Context, status: int = 200) -> HttpResponse:
    base = _base(request)
    user = _one(scim.users_queryset(), str(pk))
    body = scim.user_resource(user, base).model_dump(scim_ctx=ctx)
    headers = {"Location": f"{base}/Users/{pk}"} if status == 201 else {}
    return _json(body, status, **headers)


def _group_out(request: HttpRequest, pk: int, ctx: Context, status: int = 200) -> HttpResponse:
    base = _base(request)
    unit = _one(scim.groups_queryset(), str(pk))
    body = scim.group_resource(unit, base).model_dump(scim_ctx=ctx)
    headers = {"Location": f"{base}/Groups/{pk}"} if status == 201 else {}
    return _json(body, status, **headers)


@endpoint(("GET", "POST"))
def users(request: HttpRequest, caller: scim.Caller) -> HttpResponse:
    if request.method == "POST":
        user = scim.scim_user_create(_body(request), caller)
        return _user_out(request, user.pk, Context.RESOURCE_CREATION_RESPONSE, status=201)
    base = _base(request)
    found = scim.users_filtered(request.GET.get("filter"))
    return _list(request, User, found, lambda u: scim.user_resource(u, base))


@endpoint(("GET", "PUT", "PATCH", "DELETE"))
def user_detail(request: HttpRequest, caller: scim.Caller, pk: str) -> HttpResponse:
    user: Account = _one(scim.users_queryset(), pk)
    if request.method == "PUT":
        scim.scim_user_replace(user, _body(request), caller)
        return _user_out(request, user.pk, Context.RESOURCE_REPLACEMENT_RESPONSE)
    if request.method == "PATCH":
        scim.scim_user_patch(user, _body(request), caller, _base(request))
        return _user_out(request, user.pk, Context.RESOURCE_PATCH_RESPONSE)
    if request.method == "DELETE":
        scim.scim_user_delete(user, caller)
        return HttpResponse(status=204)
    return _json(
        scim.user_resource(user, _base(request)).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    )


@endpoint(("GET", "POST"))
def groups(request: HttpRequest, caller: scim.Caller) -> HttpResponse:
    if request.method == "POST":
        unit = scim.scim_group_create(_body(request), caller)
        return _group_out(request, unit.pk, Context.RESOURCE_CREATION_RESPONSE, status=201)
    base = _base(request)
    found = scim.groups_filtered(request.GET.get("filter"))
    return _list(request, Group, found, lambda g: scim.group_resource(g, base))


@endpoint(("GET", "PUT", "PATCH", "DELETE"))
def group_detail(request: HttpRequest, caller: scim.Caller, pk: str) -> HttpResponse:
    unit: OrgUnit = _one(scim.groups_queryset(), pk)
    if request.method == "PUT":
        scim.scim_group_replace(unit, _body(request), caller)
        return _group_out(request, unit.pk, Context.RESOURCE_REPLACEMENT_RESPONSE)
    if request.method == "PATCH":
        scim.scim_group_patch(unit, _body(request), caller, _base(request))
        return _group_out(request, unit.pk, Context.RESOURCE_PATCH_RESPONSE)
    if request.method == "DELETE":
        scim.scim_group_delete(unit, caller)
        return HttpResponse(status=204)
    return _json(
        scim.group_resource(unit, _base(request)).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    )


# ---- discovery (RFC 7644 §4) ---------------------------------------------------------------------------------


def _schemas(base: str) -> list[Schema]:
    found = []
    for model in (User, Group):
        schema = model.to_schema()
        schema.meta = {"resourceType": "Schema", "location": f"{base}/Schemas/{schema.id}"}  # type: ignore[assignment]
        found.append(schema)
    return found


def _resource_types(base: str) -> list[ResourceType]:
    found = []
    for model in (User, Group):
        kind = ResourceType.from_resource(model)
        kind.meta = {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{kind.id}"}  # type: ignore[assignment]
        found.append(kind)
    return found


def _discovery_list(kind: Any, items: list[Any]) -> HttpResponse:
    page = ListResponse[kind](  # type: ignore[valid-type]
        total_results=len(items), start_index=1, items_per_page=len(items), resources=items
    )
    return _json(page.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


def _discovery_one(items: list[Any], pk: str) -> HttpResponse:
    for item in items:
        if item.id == pk:
            return _json(item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise scim.ScimError(404, _("No such resource: %(id)s") % {"id": pk}, None)


@endpoint(("GET",))
def service_provider_config(request: HttpRequest, caller: scim.Caller) -> HttpResponse:
    config = ServiceProviderConfig(
        documentation_uri=request.build_absolute_uri("/api/v1/docs"),  # type: ignore[arg-type]
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=scim.MAX_PAGE),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="OAuth Bearer Token",
                description=_("An API token with the scim:write scope, made by an admin under API tokens."),
                primary=True,
            )
        ],
    )
    config.meta = {
        "resourceType": "ServiceProviderConfig",
        "location": f"{_base(request)}/ServiceProviderConfig",
    }  # type: ignore[assignment]
    return _json(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@endpoint(("GET",))
def schemas(request: HttpRequest, caller: scim.Caller, pk: str = "") -> HttpResponse:
    items = _schemas(_base(request))
    return _discovery_one(items, pk) if pk else _discovery_list(Schema, items)


@endpoint(("GET",))
def resource_types(request: HttpRequest, caller: scim.Caller, pk: str = "") -> HttpResponse:
    items = _resource_types(_base(request))
    return _discovery_one(items, pk) if pk else _discovery_list(ResourceType, items)
