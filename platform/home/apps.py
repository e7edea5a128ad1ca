from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        from accounts.roles import Role
        from core.dashboard import register_dashboard_card
        from core.demo import register_demo_seeder
        from core.navigation import register_nav_item

        from . import demo, selectors

        # Orders leave gaps so each app slots its items between these without touching home.
        register_nav_item(_("Dashboard"), "home:dashboard", order=0)
        register_nav_item(
            _("Content admin"), "wagtailadmin_home", roles=[Role.TRAINER, Role.ANALYST, Role.ADMIN], order=200
        )
        register_nav_item(_("Site admin"), "admin:index", roles=[Role.ADMIN], order=210)
        register_nav_item(_("Webhooks"), "webhooks:list", roles=[Role.ADMIN], order=205)

        register_dashboard_card("home.teams", selectors.teams_card, order=10)
        register_dashboard_card(
            "home.content_pages", selectors.content_pages_card, roles=[Role.TRAINER, Role.ANALYST], order=30
        )
        register_dashboard_card("home.people", selectors.people_card, roles=[Role.ADMIN], order=40)
        register_dashboard_card(
            "home.organisation", selectors.organisation_card, roles=[Role.ADMIN], order=41
        )
        register_dashboard_card(
            "home.recent_changes", selectors.recent_changes_card, roles=[Role.ADMIN], order=42
        )

        register_demo_seeder("site", demo.seed_site, order=0)
