"""Who is calling: an integration with a bearer token, or a signed-in person (session + CSRF); scopes and rate limits."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from assessments.hiring.selectors import hiring_home_allowed

from .models import ApiToken, Scope
from .services import api_token_authenticate


@dataclass(frozen=True)
class Principal:
    """The caller: exactly one of a token (an integration) or a user (the front end's session)."""

    token: ApiToken | None = None
    user: User | None = None

    def __str__(self) -> str:
        return (
            f"token:{self.token.pk}" if self.token is not None else f"user:{self.user.pk if self.user else 0}"
        )


def _session_allows(user: User, scope: str) -> bool:
    """What a signed-in person may do through the API; the selectors then narrow rows to what they may see."""
    if scope in (Scope.CANDIDATES_READ, Scope.SCORECARDS_READ):
        return hiring_home_allowed(user)
    if scope == Scope.PERFORMANCE_WRITE:
        return user.is_superuser or user_has_role(user, Role.ANALYST, Role.ADMIN)
    return True


def _forbidden(scope: str) -> HttpError:
    return HttpError(403, _("This endpoint needs the %(scope)s scope.") % {"scope": scope})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rw_…`; checked before the body is read, so a wrong scope is 403 whatever it sends."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        found = api_token_authenticate(token)
        if found is None:
            # A bad token is refused outright, even from a browser that also holds a session.
            raise AuthenticationError()
        if not found.has_scope(self.scope):
            raise _forbidden(self.scope)
        return Principal(token=found)


class SessionAuth(APIKeyCookie):
    """Django's session; unsafe methods need the CSRF token. Anonymous callers fall through to 401, not a CSRF 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user: User = request.user  # type: ignore[assignment]
        if not user.is_authenticated:
            return None
        if not _session_allows(user, self.scope):
            raise _forbidden(self.scope)
        return Principal(user=user)


def scoped(scope: str) -> list[Any]:
    """The auth of an endpoint that needs `scope`: a token holding it, or a person allowed it."""
    return [TokenAuth(scope), SessionAuth(scope)]


class PerCallerThrottle(BaseThrottle):
    """A fixed window per token (or per person, or per address when anonymous), counted in the shared cache.

    The limit is read per request (`RAMPWAY_API_RATE_LIMIT` calls per `RAMPWAY_API_RATE_WINDOW` seconds),
    so it can change without a restart and tests can lower it.
    """

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        limit: int = getattr(settings, "RAMPWAY_API_RATE_LIMIT", 600)
        window: int = getattr(settings, "RAMPWAY_API_RATE_WINDOW", 60)
        auth: Any = getattr(request, "auth", None)
        ident = str(auth) if auth is not None else f"ip:{self.get_ident(request)}"
        now = time.time()
        start = int(now // window) * window
        key = f"api-rate:{ident}:{start}"
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
        if count > limit:
            self._wait = max(1.0, math.ceil(start + window - now))
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
