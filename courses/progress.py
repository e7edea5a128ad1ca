"""Each enrollment's stored progress (`Enrollment.progress_*`), so lists sort, filter and page by it in SQL.

The stored figures are the SQL twins of the Python reference (`step_weighted_percent`, `PathStatus.done/total`),
written by one UPDATE per path from the path's steps and live lessons. They are kept current by the events that
change them, each refreshing only what it touches:

- a lesson completed or reset (LessonProgress saved or deleted: courses.receivers),
- an exam passed (the submit's `attempt_submitted` follow-up), a regrade, a certificate issued, revoked or
  superseded (exams.receivers, exams.services.marking),
- a path's steps edited or a course's lessons published, unpublished, moved or deleted (queued per path:
  courses.receivers → the `courses.progress_refresh` task),
- an enrollment created (courses.services.learning_path_assign and Enrollment's post_save).

Bulk inserts (`bulk_create`, raw SQL: demo data, the benchmarks) send no signals: they call
`enrollments_progress_refresh` afterwards, or `manage.py progress_recompute` recomputes everything.

Time: a certifying exam step is done only while its certificate holds, and a certificate expires by date with no
event. So each row stores `progress_stale_at`, the earliest expiry among the certificates it counted; a row whose
time has passed is stale. Readers that sort by the stored value (the team table) first refresh the stale rows of
the path they show — one UPDATE that an index makes cheap and that usually touches nothing — so what they read is
right at read time; the `courses.progress_refresh_stale` beat task refreshes every stale row each hour for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .exam_steps import exam_backend
from .models import Enrollment, LearningPathStep, LessonPage, LessonProgress


def _is_exam(step: LearningPathStep) -> bool:
    return step.kind == LearningPathStep.Kind.EXAM and step.exam_id is not None


def _sum(terms: list[Any]) -> Any:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def step_annotations(
    steps: list[LearningPathStep], lessons: dict[int, list[LessonPage]], today: dt.date, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """For one path's enrollments: per-step annotations, the stored progress fields as expressions over them
    (percent, done, total, stale at) and the overdue-step count on `today`."""
    backend = exam_backend()
    annotations: dict[str, Any] = {}
    course_steps: list[tuple[LearningPathStep, int]] = []
    exam_done: list[Any] = []
    overdue: list[Any] = []
    certifying: list[Any] = []
    for step in steps:
        cutoff = today - dt.timedelta(days=step.due_offset_days)
        late = Q(start_date__lt=cutoff)
        if _is_exam(step):
            name = f"passed_{step.pk}"
            annotations[name] = backend.exam_passed_condition(exam=step.exam, now=now)
            exam_done.append(Case(When(**{name: True}, then=Value(1)), default=Value(0)))
            overdue.append(Case(When(late & Q(**{name: False}), then=Value(1)), default=Value(0)))
            certifying.append(step.exam)
            continue
        ids = [lesson.pk for lesson in lessons.get(step.course_id or 0, [])]
        if not ids:  # no live lesson: never complete, so overdue once due
            overdue.append(Case(When(late, then=Value(1)), default=Value(0)))
            continue
        course_steps.append((step, len(ids)))
        name = f"done_{step.pk}"
        counted = (
            LessonProgress.objects.filter(
                user_id=OuterRef("user_id"), lesson_id__in=ids, completed_at__isnull=False
            )
            .order_by()
            .values("user_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        annotations[name] = Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
        overdue.append(Case(When(late & Q(**{f"{name}__lt": len(ids)}), then=Value(1)), default=Value(0)))
    n_steps = len(course_steps) + len(exam_done)
    lessons_total = sum(total for _step, total in course_steps)
    exams = _sum(exam_done) if exam_done else Value(0)
    done: Any = exams
    percent: Any = Value(0)
    if n_steps and not course_steps:
        percent = Value(100) * exams / Value(n_steps)
    elif n_steps:
        # The lessons done over every course step, in one subquery (one index range per row, not one per step):
        # each completed lesson counts once per course step it belongs to, as the per-step counts add up.
        counted_once: dict[int, int] = defaultdict(int)
        for step, _total in course_steps:
            for lesson in lessons.get(step.course_id or 0, []):
                counted_once[lesson.pk] += 1
        weight: Any = Value(1)
        if any(n > 1 for n in counted_once.values()):
            weight = Case(
                *(When(lesson_id=pk, then=Value(n)) for pk, n in counted_once.items() if n > 1),
                default=Value(1),
            )
        all_done = (
            LessonProgress.objects.filter(
                user_id=OuterRef("user_id"), lesson_id__in=list(counted_once), completed_at__isnull=False
            )
            .order_by()
            .values("user_id")
            .annotate(n=Sum(weight))
            .values("n")[:1]
        )
        annotations["done_all"] = Coalesce(Subquery(all_done, output_field=IntegerField()), Value(0))
        done = exams + F("done_all")
        numerator = exams * Value(lessons_total) + Value(len(course_steps)) * F("done_all")
        percent = Value(100) * numerator / Value(n_steps * lessons_total)
    stale_at: Any = Value(None)
    if certifying:
        stale_at = backend.exam_pass_ends(exams=certifying, now=now)
    stored = {
        "progress_percent": percent,
        "progress_done": done,
        "progress_total": Value(lessons_total + len(exam_done)),
        "progress_stale_at": stale_at,
    }
    return annotations, stored, _sum(overdue) if overdue else Value(0)


def path_progress_update(
    enrollments: QuerySet[Enrollment],
    *,
    steps: list[LearningPathStep],
    lessons: dict[int, list[LessonPage]],
    now: dt.datetime | None = None,
) -> int:
    """Store the progress of these enrollments (all on the path of `steps`): one UPDATE."""
    now = now or timezone.now()
    annotations, stored, _overdue = step_annotations(steps, lessons, timezone.localdate(now), now)
    # The annotations are inlined into the UPDATE's SET (Django resolves F() on an annotation to its expression).
    return enrollments.annotate(**annotations).update(**stored)


def path_steps_and_lessons(path_id: int) -> tuple[list[LearningPathStep], dict[int, list[LessonPage]]]:
    """A path's steps in order (with their course and exam) and the live lessons of its courses: 2 queries."""
    from .selectors import _lessons_by_course

    steps = list(
        LearningPathStep.objects.filter(path_id=path_id)
        .select_related("course", "exam")
        .order_by("sort_order", "pk")
    )
    lessons = _lessons_by_course(s.course for s in steps if s.course_id and s.course is not None)
    return steps, lessons


def enrollments_progress_refresh(
    *,
    path_ids: Iterable[int] | None = None,
    user_ids: Iterable[int] | None = None,
    stale_only: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """Recompute the stored progress of the enrollments on `path_ids` of `user_ids` (either or both; neither:
    every enrollment); `stale_only`: only rows whose counted certificate has expired. 3 queries per path (its
    steps, its lessons, the UPDATE), plus 1 to find the paths when only people are given. Returns rows updated."""
    now = now or timezone.now()
    enrollments = Enrollment.objects.all()
    if user_ids is not None:
        enrollments = enrollments.filter(user_id__in=sorted(set(user_ids)))
    if stale_only:
        enrollments = enrollments.filter(progress_stale_at__lte=now)
    if path_ids is not None:
        paths = sorted(set(path_ids))
    else:
        paths = sorted(set(enrollments.order_by().values_list("path_id", flat=True).distinct()))
    updated = 0
    for path_id in paths:
        steps, lessons = path_steps_and_lessons(path_id)
        updated += path_progress_update(
            enrollments.filter(path_id=path_id), steps=steps, lessons=lessons, now=now
        )
    return updated


def paths_with_courses(course_ids: Iterable[int]) -> list[int]:
    """The paths that have a step on one of these courses (their progress counts the courses' lessons)."""
    return sorted(
        set(
            LearningPathStep.objects.filter(course_id__in=list(course_ids))
            .values_list("path_id", flat=True)
            .distinct()
        )
    )
