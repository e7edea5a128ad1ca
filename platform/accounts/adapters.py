"""allauth adapters: closed self sign-up; SSO users land in their organisation's unit and role, and nowhere else."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.client_address import client_ip

from .sso import sso_may_provision, sso_may_sign_in


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return getattr(settings, "RAMPWAY_OPEN_SIGNUP", False)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> Any:
        """After sign-in (password, passkey or SSO) the UI speaks the person's preferred language."""
        from django.utils import translation

        from .views import language_cookie

        response = super().post_login(request, user, **kwargs)
        if getattr(user, "language", "") and response is not None:
            translation.activate(user.language)
            language_cookie(response, user.language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account emails (verification, password reset, security notices) in the recipient's language."""
        from core.notifications import in_language_of

        from .models import User

        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        if user is None:
            super().send_mail(template_prefix, email, context)
            return
        with in_language_of(user):
            super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """The address's sign-in ceilings (accounts.login_limits, lock-free), then allauth's per-account lock-out."""
        from .login_limits import attempt_allowed

        if not attempt_allowed(request):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        from .login_limits import failure_count

        failure_count(request)
        super().authentication_failed(request, **credentials)

    def get_client_ip(self, request: HttpRequest) -> str:
        # Rate limits key on the same address every other part of Rampway sees (trusted proxies only).
        return client_ip(request)


def _refuse(request: HttpRequest, app: Any, message: str) -> ImmediateHttpResponse:
    response = render(
        request,
        "socialaccount/sso_refused.html",
        {"app_name": getattr(app, "name", "") or _("Single sign-on"), "message": message},
        status=403,
    )
    return ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Each customer organisation's IdP is a SocialApp; its settings may name `org_unit`, `role` and
    `allowed_email_domains`. An app signs in only the accounts it created and those in its allowed domains;
    an existing password account is joined to an SSO identity only by its owner, signed in (password and second
    factor) and reauthenticated, through allauth's connect flow — never by a matching email address."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        from .models import User

        app = sociallogin.account.get_provider().app
        process = sociallogin.state.get("process")
        if process == AuthProcess.CONNECT:
            target = request.user if request.user.is_authenticated else None
            if (
                target is not None
                and not sociallogin.is_existing
                and not sso_may_sign_in(app=app, user=target)
            ):
                raise _refuse(
                    request,
                    app,
                    _("%(app)s may not sign in this account: its email address is outside that organisation.")
                    % {"app": app.name},
                )
            return
        if sociallogin.is_existing:
            if not sso_may_sign_in(app=app, user=sociallogin.user):
                raise _refuse(
                    request,
                    app,
                    _("%(app)s may not sign in this account. Sign in with your email address and password.")
                    % {"app": app.name},
                )
            return
        emails = {e.email.lower() for e in sociallogin.email_addresses if e.email}
        if sociallogin.user is not None and sociallogin.user.email:
            emails.add(sociallogin.user.email.lower())
        from allauth.account.models import EmailAddress

        existing = User.objects.filter(email__in=emails).first() or next(
            (a.user for a in EmailAddress.objects.filter(email__in=emails).select_related("user")), None
        )
        if existing is not None:
            if sso_may_sign_in(app=app, user=existing):
                message = _(
                    "An account with this email address already exists. Sign in with its password, then "
                    "connect %(app)s to it from your account's connected sign-in services."
                ) % {"app": app.name}
            else:
                message = _(
                    "%(app)s may not sign in the account registered with this email address. Sign in with "
                    "that account's password, or ask your administrator."
                ) % {"app": app.name}
            raise _refuse(request, app, message)
        for email in emails:
            if not sso_may_provision(app=app, email=email):
                raise _refuse(
                    request,
                    app,
                    _("%(app)s may not create accounts for the email address %(email)s.")
                    % {"app": app.name, "email": email},
                )

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        from .models import OrgUnit
        from .roles import Role
        from .services import membership_add, role_grant

        app = sociallogin.account.get_provider().app if sociallogin.account else None
        sociallogin.user.sso_provider = getattr(app, "provider_id", "") or ""
        user = super().save_user(request, sociallogin, form)
        app_settings = (app.settings or {}) if app is not None else {}
        role_grant(user=user, role=app_settings.get("role", Role.LEARNER), actor=None)
        unit_slug = app_settings.get("org_unit")
        if unit_slug:
            unit = OrgUnit.objects.filter(slug=unit_slug).first()
            if unit is not None:
                membership_add(user=user, org_unit=unit, actor=None)
        return user
