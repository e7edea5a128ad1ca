"""Learner and manager views: My onboarding, mark-complete, search, the team progress table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import UnitNotVisible, team_scope
from accounts.roles import Role
from core.exports import csv_response
from core.http import AuthedHttpRequest, role_required
from core.pagination import page_of

from .localisation import original_of
from .models import LessonPage
from .selectors import (
    content_search,
    exam_step_details,
    onboarding_for,
    open_recertifications_for,
)
from .services import lesson_complete
from .team_table import TeamProgress, team_progress

TEAM_ROLES = (Role.COACH, Role.ANALYST, Role.ADMIN)
# Rendering every learner of a large team took seconds; the CSV export still has them all.
TEAM_PAGE_SIZE = 50


@login_required
def my_onboarding(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    statuses = onboarding_for(user)
    exam_step_details(user=user, statuses=statuses)
    context = {
        "statuses": statuses,
        "today": timezone.localdate(),
        # Shown on their own only when there is no path to carry them.
        "recertifications": [] if statuses else open_recertifications_for(user),
    }
    return render(request, "courses/my_onboarding.html", context)


@login_required
@require_POST
def lesson_mark_complete(request: AuthedHttpRequest, lesson_id: int) -> HttpResponse:
    # Progress belongs to the original lesson, whichever translation the learner read.
    lesson = original_of(get_object_or_404(LessonPage.objects.live(), pk=lesson_id))
    lesson_complete(user=request.user, lesson=lesson)
    nav_next = request.POST.get("next") == "1"
    if nav_next:
        following = lesson.get_next_siblings().live().first()
        if following is not None:
            return redirect(following.url)
    return redirect(lesson.url)


@login_required
def search(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    return render(request, "courses/search.html", {"query": query, "hits": content_search(query)})


@role_required(*TEAM_ROLES)
def team(request: AuthedHttpRequest) -> HttpResponseBase:
    try:
        path_id = int(request.GET.get("path", "")) or None
    except ValueError:
        path_id = None
    sort = request.GET.get("sort", "name")
    try:
        scope = team_scope(request.user, request.GET.get("unit"))
    except UnitNotVisible:
        raise Http404 from None  # an unknown unit and another manager's unit look the same
    table = team_progress(people=scope, path_id=path_id, sort=sort)
    if request.GET.get("format") == "csv":
        return _team_csv(table)
    # TeamRows counts and slices in the database, which is all the paginator asks of a sequence.
    page = page_of(cast(Sequence[Any], table.rows), request.GET.get("page"), per_page=TEAM_PAGE_SIZE)
    keep = [("sort", sort)] + ([("path", table.path.pk)] if table.path else [])
    return render(
        request,
        "courses/team.html",
        {
            "table": table,
            "sort": sort,
            "page": page,
            "scope": scope,
            "keep": keep,
            "today": timezone.localdate(),
        },
    )


def _team_csv(table: TeamProgress) -> StreamingHttpResponse:
    name = table.path.name if table.path else "path"
    header = [_("Learner"), _("Email"), _("Start date"), _("Progress %")]
    for step in table.steps:
        header += [f"{step} %", f"{step} " + _("due")]
    header.append(_("Recertification due"))
    return csv_response(filename=f"team-progress-{slug(name)}", header=header, rows=_team_csv_rows(table))


def _team_csv_rows(table: TeamProgress) -> Iterator[list[object]]:
    for row in table.rows:
        user = row.enrollment.user
        line: list[object] = [user.display_name, user.email, row.enrollment.start_date, row.percent]
        for status in row.steps:
            line += [status.percent, status.due.isoformat() + (" " + _("overdue") if status.overdue else "")]
        line.append("; ".join(f"{r.exam.title} {r.due_date.isoformat()}" for r in row.open_recertifications))
        yield line


def slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text) or "path"
