"""The core app: infrastructure every app shares (outbox and enqueue, the beat schedule, pagination, …)."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .schedule import register_periodic_task, sync_after_migrate

        register_periodic_task(
            name="core: send stored outbox messages (every minute)", task="core.outbox_flush"
        )
        register_periodic_task(
            name="core: retry due webhook deliveries (every minute)", task="core.webhooks_retry"
        )
        # Sessions live in the database; without this their rows grow for ever (one per sign-in).
        register_periodic_task(
            name="core: clear expired sessions (daily)",
            task="core.sessions_clear_expired",
            minute="20",
            hour="3",
        )
        post_migrate.connect(sync_after_migrate, dispatch_uid="core_schedule_sync")

        from django.contrib.auth.signals import user_logged_in

        from .notifications import refresh_on_login

        user_logged_in.connect(refresh_on_login, dispatch_uid="core_notifications_unread_on_login")
