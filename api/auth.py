"""Who is calling: an integration with a bearer token, or a signed-in person (session + CSRF); scopes and rate limits."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from assessments.hiring.selectors import hiring_home_allowed
from core.client_address import client_ip
from core.rate_limit import window_count

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
        # Guessing tokens is throttled per address before any lookup, and every miss is counted.
        bad_tokens_refuse_if_over(request)
        found = api_token_authenticate(token)
        if found is None:
            bad_token_count(request)
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


def _window_count(bucket: str, *, window: int, now: float, add: int = 1) -> tuple[int, float]:
    return window_count(f"api:{bucket}", window=window, now=now, add=add)


def _bad_token_bucket(request: HttpRequest) -> str:
    return f"bad-token:{client_ip(request)}"


def bad_tokens_refuse_if_over(request: HttpRequest) -> None:
    """Once an address has sent `RAMPWAY_API_BAD_TOKEN_LIMIT` unknown tokens in a window, it may not try more."""
    limit: int = getattr(settings, "RAMPWAY_API_BAD_TOKEN_LIMIT", 20)
    window: int = getattr(settings, "RAMPWAY_API_RATE_WINDOW", 60)
    count, left = _window_count(_bad_token_bucket(request), window=window, now=time.time(), add=0)
    if count >= limit:
        raise Throttled(wait=int(left))


def bad_token_count(request: HttpRequest) -> None:
    window: int = getattr(settings, "RAMPWAY_API_RATE_WINDOW", 60)
    _window_count(_bad_token_bucket(request), window=window, now=time.time())


class PerCallerThrottle(BaseThrottle):
    """Fixed windows in the shared cache: one per token (or signed-in person), and one per client address.

    `RAMPWAY_API_RATE_LIMIT` calls per caller and `RAMPWAY_API_RATE_LIMIT_PER_ADDRESS` per address (several
    integrations may share a host, so it is looser) per `RAMPWAY_API_RATE_WINDOW` seconds. The address is the one
    the trusted proxies vouch for (`core.client_address`), so a forged X-Forwarded-For neither resets nor dodges it.
    Limits are read per request, so they change without a restart and tests can lower them.
    """

    def __init__(self) -> None:
        self._wait: float | None = None

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)

    def allow_request(self, request: HttpRequest) -> bool:
        limit: int = getattr(settings, "RAMPWAY_API_RATE_LIMIT", 600)
        per_address: int = getattr(settings, "RAMPWAY_API_RATE_LIMIT_PER_ADDRESS", 3000)
        window: int = getattr(settings, "RAMPWAY_API_RATE_WINDOW", 60)
        auth: Any = getattr(request, "auth", None)
        now = time.time()
        budgets = [(f"ip:{self.get_ident(request)}", limit if auth is None else per_address)]
        if auth is not None:
            budgets.append((str(auth), limit))
        over = False
        for bucket, allowed in budgets:
            count, left = _window_count(bucket, window=window, now=now)
            if count > allowed:
                over = True
                self._wait = max(self._wait or 0.0, left)
        if not over:
            self._wait = None
        return not over

    def wait(self) -> float | None:
        return self._wait
