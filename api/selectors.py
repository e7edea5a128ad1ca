"""What each caller may read through the API; tokens read organisation-wide, people only what their pages show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.access import people_visible_to, sees_organisation
from accounts.models import User
from assessments.exams.models import Certification
from assessments.hiring.models import Candidate, Rating, Scorecard, Stage
from assessments.hiring.selectors import candidates_visible_to, scorecards_visible_to
from courses.models import Enrollment, LessonProgress
from courses.selectors import PathStatus, path_statuses

from .auth import Principal


def candidates_for(principal: Principal, *, updated_since: dt.datetime | None = None) -> QuerySet[Candidate]:
    """Candidate has no updated_at: a stage move (set at creation too) or anonymisation is what changes it."""
    if principal.token is not None:
        qs = Candidate.objects.select_related("requisition")
    else:
        assert principal.user is not None
        qs = candidates_visible_to(principal.user)
    if updated_since is not None:
        qs = qs.filter(Q(stage_changed_at__gte=updated_since) | Q(anonymised_at__gte=updated_since))
    return qs.order_by("pk")


def hires_for(principal: Principal, *, updated_since: dt.datetime | None = None) -> QuerySet[Candidate]:
    qs = candidates_for(principal).filter(stage=Stage.HIRED).select_related("requisition", "user")
    if updated_since is not None:
        qs = qs.filter(stage_changed_at__gte=updated_since)
    return qs


def scorecards_for(
    principal: Principal, *, candidate: Candidate, updated_since: dt.datetime | None = None
) -> QuerySet[Scorecard]:
    """Tokens see submitted scorecards only; people get the hiring independence rule (their own first)."""
    if principal.token is not None:
        qs = (
            Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False)
            .select_related("interviewer")
            .prefetch_related(
                Prefetch(
                    "ratings",
                    queryset=Rating.objects.select_related("criterion").order_by("criterion__position", "pk"),
                )
            )
        )
    else:
        assert principal.user is not None
        qs = scorecards_visible_to(user=principal.user, candidate=candidate)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs.order_by("submitted_at", "pk")


def _people_visible(user: User) -> QuerySet[User] | None:
    """None means everyone (the access policy's organisation-wide roles); otherwise whom the policy lets them see."""
    if sees_organisation(user):
        return None
    return people_visible_to(user)


def enrollments_for(
    principal: Principal, *, updated_since: dt.datetime | None = None
) -> QuerySet[Enrollment]:
    """Changed since: enrolled then, or the learner started or completed a lesson then."""
    qs = Enrollment.objects.select_related("path", "user")
    if principal.user is not None:
        people = _people_visible(principal.user)
        if people is not None:
            qs = qs.filter(user__in=people.values("pk"))
    if updated_since is not None:
        recent = LessonProgress.objects.filter(user=OuterRef("user")).filter(
            Q(started_at__gte=updated_since) | Q(completed_at__gte=updated_since)
        )
        qs = qs.filter(Q(enrolled_at__gte=updated_since) | Exists(recent))
    return qs.order_by("pk")


def enrollment_progress(enrollments: list[Enrollment], *, today: dt.date | None = None) -> list[PathStatus]:
    """Per-step progress for one page of enrollments: three queries whatever the page size."""
    if not enrollments:
        return []
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, lesson_id in LessonProgress.objects.filter(
        user_id__in={e.user_id for e in enrollments}, completed_at__isnull=False
    ).values_list("user_id", "lesson_id"):
        done[user_id].add(lesson_id)
    return path_statuses(enrollments, done, today or timezone.localdate())


def certifications_for(
    principal: Principal, *, updated_since: dt.datetime | None = None
) -> QuerySet[Certification]:
    qs = Certification.objects.select_related("user", "exam")
    if principal.user is not None:
        people = _people_visible(principal.user)
        if people is not None:
            qs = qs.filter(user__in=people.values("pk"))
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs.order_by("pk")
