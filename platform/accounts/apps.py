from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from core.http import register_role_resolver

        from . import roles
        from .selectors import user_roles

        register_role_resolver(user_roles)

        from core.audit import register_audit_writer

        from .services import audit_record

        register_audit_writer(audit_record)

        from core.demo import register_demo_seeder

        from .demo import seed_accounts

        register_demo_seeder("accounts", seed_accounts, order=10)

        # Later apps add permissions to roles; syncing after every migrate picks them up.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="accounts.roles.sync")
