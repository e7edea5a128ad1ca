"""Rubric pages: compare two versions of a rubric side by side."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import AuthedHttpRequest, role_required

from .selectors import (
    RUBRIC_READER_ROLES,
    rubric_version_with_criteria,
    rubric_versions_compare,
    rubrics_with_versions,
)


def _version_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


@role_required(*RUBRIC_READER_ROLES)
def version_compare(request: AuthedHttpRequest) -> HttpResponse:
    left_id, right_id = _version_param(request, "left"), _version_param(request, "right")
    context: dict[str, object] = {
        "rubrics": rubrics_with_versions(),
        "left_id": left_id,
        "right_id": right_id,
    }
    if left_id and right_id:
        left = rubric_version_with_criteria(pk=left_id)
        right = rubric_version_with_criteria(pk=right_id)
        if left is None or right is None:
            raise Http404
        context.update(left=left, right=right, rows=rubric_versions_compare(left=left, right=right))
    return render(request, "rubrics/version_compare.html", context)
