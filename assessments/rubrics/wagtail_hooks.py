"""Rubric authoring in the Wagtail admin: rubrics, and versions with their criteria inline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Rubric, RubricVersion
from .services import rubric_version_normalise


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "list-ul"
    menu_label = _("Rubrics")
    list_display = ["name", "purpose"]
    search_fields = ["name"]


class RubricVersionViewSet(SnippetViewSet):
    model = RubricVersion
    icon = "doc-full"
    menu_label = _("Rubric versions")
    list_display = ["__str__", "change_note", "created_at", "locked_at"]
    list_filter = ["rubric"]


class RubricViewSetGroup(SnippetViewSetGroup):
    items = (RubricViewSet, RubricVersionViewSet)
    menu_icon = "list-ul"
    menu_label = _("Rubrics")
    menu_name = "rubrics"


register_snippet(RubricViewSetGroup)


@hooks.register("after_create_snippet")
def rubric_version_created(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, RubricVersion):
        if instance.created_by_id is None:
            RubricVersion.objects.filter(pk=instance.pk).update(created_by=request.user)
        rubric_version_normalise(version=instance, actor=request.user, verb="rubric.version_create")  # type: ignore[arg-type]


@hooks.register("after_edit_snippet")
def rubric_version_edited(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, RubricVersion):
        rubric_version_normalise(version=instance, actor=request.user)  # type: ignore[arg-type]
