"""Wagtail admin: learning paths as snippets, and a home panel listing library pages that need review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .blocks import missing_sections
from .models import ContentPage, LearningPath, ScormPackage

# Set on the request when a publish or submit was turned into a draft save: (action, missing section labels).
_REFUSED = "_courses_refused_publication"


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    menu_label = _("Learning paths")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "is_active"]


register_snippet(LearningPathViewSet)


class ScormPackageViewSet(SnippetViewSet):
    """Trainers upload packages here, then pick one in a lesson's "SCORM package" block."""

    model = ScormPackage
    icon = "media"
    menu_label = _("SCORM packages")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "launch", "file_count", "uploaded_at"]


register_snippet(ScormPackageViewSet)


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


def _save_draft_instead(request: HttpRequest, page_class: type[Any]) -> None:
    """Publishing or submitting a content page with empty sections saves it as a draft instead.

    The form alone would refuse the whole save, and Wagtail would then say the page "could not be created"
    even when the editor's earlier draft (or autosave) exists; the work is kept and the message says what to
    fill in.
    """
    if request.method != "POST" or not issubclass(page_class, ContentPage):
        return
    action = (
        "publish"
        if request.POST.get("action-publish")
        else "submit"
        if request.POST.get("action-submit")
        else ""
    )
    if not action:
        return
    stream_block = page_class._meta.get_field("body").stream_block
    missing = missing_sections(stream_block.value_from_datadict(request.POST, request.FILES, "body"))
    if not missing:
        return
    data = request.POST.copy()
    data.pop("action-publish", None)
    data.pop("action-submit", None)
    request.POST = data  # type: ignore[assignment]
    setattr(request, _REFUSED, (action, missing))


def _say_what_is_missing(request: HttpRequest) -> None:
    refused = getattr(request, _REFUSED, None)
    if refused is None:
        return
    action, missing = refused
    sections = ", ".join(f"“{label}”" for label in missing)
    if action == "submit":
        text = gettext(
            "Saved as a draft, not submitted for review. Fill in %(sections)s before submitting for review."
        )
    else:
        text = gettext("Saved as a draft, not published. Fill in %(sections)s before publishing.")
    messages.warning(request, text % {"sections": sections})


@hooks.register("before_create_page")
def _draft_when_a_new_page_is_incomplete(
    request: HttpRequest, parent_page: Any, page_class: type[Any]
) -> None:
    _save_draft_instead(request, page_class)


@hooks.register("before_edit_page")
def _draft_when_an_edited_page_is_incomplete(request: HttpRequest, page: Any) -> None:
    _save_draft_instead(request, type(page.specific))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _explain_the_draft(request: HttpRequest, page: Any) -> None:
    _say_what_is_missing(request)
