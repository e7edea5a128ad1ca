from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RubricsConfig(AppConfig):
    name = "assessments.rubrics"
    label = "rubrics"
    verbose_name = _("Rubrics")

    def ready(self) -> None:
        from accounts.roles import Role, register_role_permissions
        from core.demo import register_demo_seeder

        from .demo import seed_rubrics

        register_demo_seeder("rubrics", seed_rubrics, order=30)

        register_role_permissions(
            "rubrics",
            {
                Role.ANALYST: [
                    "rubrics.view_rubric",
                    "rubrics.add_rubric",
                    "rubrics.change_rubric",
                    "rubrics.view_rubricversion",
                    "rubrics.add_rubricversion",
                    "rubrics.change_rubricversion",
                ],
                Role.ADMIN: [
                    "rubrics.view_rubric",
                    "rubrics.add_rubric",
                    "rubrics.change_rubric",
                    "rubrics.view_rubricversion",
                    "rubrics.add_rubricversion",
                    "rubrics.change_rubricversion",
                ],
            },
        )
