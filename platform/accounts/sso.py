"""Which accounts an organisation's SSO app (an allauth SocialApp) may sign in: its own, or its allowed domains."""

from __future__ import annotations

from typing import Any

from .models import User


def allowed_email_domains(app: Any) -> set[str]:
    """The app's `allowed_email_domains` setting, lower-cased; empty when it names none."""
    domains = (getattr(app, "settings", None) or {}).get("allowed_email_domains") or []
    if isinstance(domains, str):
        domains = [domains]
    return {str(d).strip().lower().lstrip("@") for d in domains if str(d).strip()}


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def sso_provisioned_by(*, app: Any, user: User) -> bool:
    return bool(user.sso_provider) and user.sso_provider == getattr(app, "provider_id", None)


def sso_may_sign_in(*, app: Any, user: User) -> bool:
    """An org's IdP speaks only for the people it created or for the email domains it is trusted with.

    Anything wider would let one customer's IdP administrator sign in as anyone else (another organisation's
    people, our superuser) just by asserting their email address.
    """
    if sso_provisioned_by(app=app, user=user):
        return True
    return email_domain(user.email) in allowed_email_domains(app)


def sso_may_provision(*, app: Any, email: str) -> bool:
    """A new account is created for an unknown address, within the app's domains when it lists any."""
    domains = allowed_email_domains(app)
    return not domains or email_domain(email) in domains
