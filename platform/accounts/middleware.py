"""Make people in sensitive roles set up a second factor before they use anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_KEY = "rampway_mfa_ok"
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/healthz", "/readyz")


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.RAMPWAY_ENFORCE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.session.get(SESSION_KEY)
        ):
            if _needs_second_factor(request.user):
                return redirect("mfa_activate_totp")
            # Checked once per session: a role granted later applies from the next login.
            request.session[SESSION_KEY] = True
        return self.get_response(request)


def _needs_second_factor(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    required = settings.RAMPWAY_MFA_REQUIRED_ROLES
    in_role = user.is_superuser or user.groups.filter(name__in=required).exists()  # type: ignore[attr-defined]
    return in_role and not Authenticator.objects.filter(user=user).exists()
