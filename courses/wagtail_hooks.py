"""Wagtail admin: learning paths as snippets, and a home panel listing library pages that need review."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LearningPath


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    menu_label = _("Learning paths")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "is_active"]


register_snippet(LearningPathViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def _enroll_after_path_saved(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, LearningPath):
        from .services import path_assignments_apply

        path_assignments_apply(path=instance)


class NeedsReviewPanel(Component):
    name = "courses_needs_review"
    template_name = "courses/admin/needs_review_panel.html"
    order = 90

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        from .selectors import content_needing_review

        return {"pages": content_needing_review()}


@hooks.register("construct_homepage_panels")
def _add_needs_review_panel(request: HttpRequest, panels: list[Any]) -> None:
    panels.append(NeedsReviewPanel())
