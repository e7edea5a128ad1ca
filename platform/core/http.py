"""The signed-in request type and `role_required`, the one gate every view uses for "who may open this page"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:  # core sits below accounts: the user type is only needed by the type checker
    from accounts.models import User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

RoleResolver = Callable[["User"], Iterable[str]]
_role_resolver: RoleResolver | None = None


class AuthedHttpRequest(HttpRequest):
    """A request that passed `login_required`/`role_required`: `request.user` is our `User`, never anonymous."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's middleware on every request


def register_role_resolver(resolver: RoleResolver) -> None:
    """accounts plugs in its `user_roles` (superuser counts as admin there), so core needs no accounts import."""
    global _role_resolver
    _role_resolver = resolver


def roles_of(user: User) -> frozenset[str]:
    if _role_resolver is None:
        raise ImproperlyConfigured("No role resolver registered: is 'accounts' in INSTALLED_APPS?")
    return frozenset(_role_resolver(user))


def role_required(
    *roles: str,
) -> Callable[
    [Callable[Concatenate[AuthedHttpRequest, P], R]], Callable[Concatenate[HttpRequest, P], HttpResponseBase]
]:
    """Anonymous → the sign-in page (like `login_required`); signed in without one of `roles` → 403 page."""
    if not roles:
        raise ValueError("role_required needs at least one role; use login_required for any signed-in person")
    wanted = frozenset(roles)

    def decorator(
        view: Callable[Concatenate[AuthedHttpRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(cast("User", request.user)) & wanted:
                raise PermissionDenied
            return view(cast(AuthedHttpRequest, request), *args, **kwargs)

        wrapped.required_roles = wanted  # type: ignore[attr-defined]
        return wrapped

    return decorator
