"""Scheduling pages: the recruiter books, moves or cancels a plan step's interview from the candidate page."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedHttpRequest

from . import selectors
from .forms import ScheduleForm
from .models import OPEN_STAGES, Candidate, ScheduledInterview
from .scheduling import (
    SchedulingConflict,
    interview_schedule,
    interview_schedule_cancel,
    scheduled_interviews_active,
    time_zones,
)
from .views import _add_errors, _require_hiring


def _managed_candidate(request: AuthedHttpRequest, pk: int) -> Candidate:
    user = _require_hiring(request)
    candidate = get_object_or_404(selectors.candidates_visible_to(user), pk=pk)
    if not selectors.requisitions_managed_by(user).filter(pk=candidate.requisition_id).exists():
        raise PermissionDenied
    return candidate


@login_required
def interview_schedule_edit(request: AuthedHttpRequest, pk: int, step_id: int) -> HttpResponse:
    candidate = _managed_candidate(request, pk)
    step = get_object_or_404(candidate.requisition.steps.all(), pk=step_id)
    if candidate.stage not in OPEN_STAGES:
        messages.error(
            request, _("The candidate's application is closed; interviews can no longer be scheduled.")
        )
        return redirect("hiring:candidate", pk=candidate.pk)
    current = scheduled_interviews_active().filter(candidate=candidate, step=step).first()
    initial = {"time_zone": settings.TIME_ZONE}
    if current is not None:
        zone = zoneinfo.ZoneInfo(current.time_zone)
        initial = {
            "starts_at": current.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": current.ends_at.astimezone(zone).replace(tzinfo=None),
            "time_zone": current.time_zone,
            "location": current.location,
            "video_link": current.video_link,
            "interviewers": list(current.attendances.values_list("interviewer_id", flat=True)),
        }
    else:
        initial["interviewers"] = list(step.interviewers.values_list("pk", flat=True))
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        step=step,
        time_zones=time_zones(),
    )
    conflicts = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = interview_schedule(
                candidate=candidate,
                step=step,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                time_zone=data["time_zone"],
                location=data["location"],
                video_link=data["video_link"],
                interviewers=list(data["interviewers"]),
                actor=request.user,
                allow_conflicts=data["allow_conflicts"],
            )
        except SchedulingConflict as exc:
            conflicts = exc.conflicts
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if not result.changed:
                messages.info(request, _("Nothing was changed."))
            elif result.created:
                messages.success(request, _("Interview scheduled; the invitations are on their way."))
            else:
                messages.success(
                    request, _("Interview rescheduled; the updated invitations are on their way.")
                )
            return redirect("hiring:candidate", pk=candidate.pk)
    return render(
        request,
        "hiring/schedule_form.html",
        {
            "candidate": candidate,
            "step": step,
            "form": form,
            "current": current,
            "conflicts": conflicts,
        },
        status=(409 if conflicts else 400) if request.method == "POST" else 200,
    )


@login_required
@require_POST
def interview_schedule_cancel_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = _require_hiring(request)
    scheduled = get_object_or_404(
        ScheduledInterview.objects.filter(candidate__requisition__in=selectors.requisitions_managed_by(user)),
        pk=pk,
    )
    try:
        interview_schedule_cancel(scheduled=scheduled, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Interview cancelled; the interviewers and the candidate are told."))
    return redirect("hiring:candidate", pk=scheduled.candidate_id)
