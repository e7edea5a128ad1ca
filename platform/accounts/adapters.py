"""allauth adapters: closed self sign-up; SSO users land in their organisation's unit and role."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from core.client_address import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return getattr(settings, "RAMPWAY_OPEN_SIGNUP", False)

    def get_client_ip(self, request: HttpRequest) -> str:
        # Rate limits key on the same address every other part of Rampway sees (trusted proxies only).
        return client_ip(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Each customer organisation's IdP is a SocialApp; its settings may name `org_unit` and `role`."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        from .models import OrgUnit
        from .roles import Role
        from .services import membership_add, role_grant

        user = super().save_user(request, sociallogin, form)
        app_settings = (sociallogin.account.get_provider().app.settings or {}) if sociallogin.account else {}
        role_grant(user=user, role=app_settings.get("role", Role.LEARNER), actor=None)
        unit_slug = app_settings.get("org_unit")
        if unit_slug:
            unit = OrgUnit.objects.filter(slug=unit_slug).first()
            if unit is not None:
                membership_add(user=user, org_unit=unit, actor=None)
        return user
