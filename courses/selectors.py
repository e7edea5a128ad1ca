"""Reads for courses: dependents of a page, onboarding progress per learner and per team, search."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from accounts.models import User
from core.dashboard import Card

from .models import (
    ContentPage,
    CoursePage,
    Enrollment,
    LearningPath,
    LearningPathStep,
    LessonPage,
    LessonProgress,
    ProductPage,
    SolutionPage,
)

DUE_SOON_DAYS = 3


# --- dependents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dependent:
    kind: str
    id: int
    title: str
    owner_id: int | None
    url: str


def content_dependents(page: Page) -> list[Dependent]:
    """What relies on this page's content: today live lessons that show one of its sections.

    Later issues (exam questions, certifications) add their kinds here.
    """
    lessons = (
        LessonPage.objects.filter(references__page_id=page.pk)
        .only("id", "title", "owner_id", "url_path")
        .order_by("title")
        .distinct()
    )
    return [Dependent("lesson", p.pk, p.title, p.owner_id, p.url_path) for p in lessons]


# --- progress -------------------------------------------------------------------------------------


@dataclass
class StepStatus:
    step: LearningPathStep
    due: dt.date
    lessons: list[LessonPage]
    done_ids: set[int]
    today: dt.date

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def overdue(self) -> bool:
        return not self.complete and self.due < self.today

    @property
    def due_soon(self) -> bool:
        return not self.complete and self.today <= self.due <= self.today + dt.timedelta(days=DUE_SOON_DAYS)

    @property
    def next_lesson(self) -> LessonPage | None:
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    @property
    def title(self) -> str:
        return str(self.step)


@dataclass
class PathStatus:
    enrollment: Enrollment
    steps: list[StepStatus] = field(default_factory=list)

    @property
    def path(self) -> LearningPath:
        return self.enrollment.path

    @property
    def total(self) -> int:
        return sum(s.total for s in self.steps)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.steps)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def next_step(self) -> StepStatus | None:
        return next((s for s in self.steps if not s.complete and s.total), None)

    @property
    def overdue(self) -> list[StepStatus]:
        return [s for s in self.steps if s.overdue]


def percent(done: int, total: int) -> int:
    """Whole percent, rounded down so 99.6 % never shows as finished."""
    return (100 * done) // total if total else 0


def _lessons_by_course(courses: Iterable[CoursePage]) -> dict[int, list[LessonPage]]:
    courses = [c for c in courses if c is not None]
    result: dict[int, list[LessonPage]] = {c.pk: [] for c in courses}
    if not courses:
        return result
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path = {c.path: c.pk for c in courses}
    lessons = (
        LessonPage.objects.live()
        .filter(condition)
        .only("id", "title", "path", "depth", "url_path", "estimated_minutes")
        .order_by("path")
    )
    for lesson in lessons:
        parent_path = lesson.path[: -Page.steplen]
        result[by_path[parent_path]].append(lesson)
    return result


def path_statuses(
    enrollments: list[Enrollment], done: dict[int, set[int]], today: dt.date
) -> list[PathStatus]:
    """Shared by the learner and team views: 2 queries (steps, lessons) for any number of enrollments."""
    path_ids = {e.path_id for e in enrollments}
    steps_by_path: dict[int, list[LearningPathStep]] = defaultdict(list)
    for step in (
        LearningPathStep.objects.filter(path_id__in=path_ids)
        .select_related("course")
        .order_by("sort_order", "pk")
    ):
        steps_by_path[step.path_id].append(step)
    courses = {s.course_id: s.course for steps in steps_by_path.values() for s in steps if s.course_id}
    lessons = _lessons_by_course(c for c in courses.values() if c is not None)
    statuses = []
    for enrollment in enrollments:
        status = PathStatus(enrollment)
        for step in steps_by_path[enrollment.path_id]:
            status.steps.append(
                StepStatus(
                    step=step,
                    due=enrollment.due_date(step),
                    lessons=lessons.get(step.course_id or 0, []),
                    done_ids=done.get(enrollment.user_id, set()),
                    today=today,
                )
            )
        statuses.append(status)
    return statuses


def onboarding_for(user: User, *, today: dt.date | None = None) -> list[PathStatus]:
    """The learner's paths with per-step progress and due dates: 4 queries whatever the size."""
    today = today or timezone.localdate()
    enrollments = list(
        Enrollment.objects.filter(user=user, path__is_active=True)
        .select_related("path")
        .order_by("enrolled_at")
    )
    if not enrollments:
        return []
    completed = set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    return path_statuses(enrollments, {user.pk: completed}, today)


@dataclass
class TeamProgress:
    paths: list[LearningPath]
    path: LearningPath | None
    steps: list[LearningPathStep]
    rows: list[PathStatus]


SORTS = {
    "name": lambda s: (s.enrollment.user.last_name.lower(), s.enrollment.user.first_name.lower()),
    "progress": lambda s: (s.percent, s.enrollment.user.last_name.lower()),
    "overdue": lambda s: (-len(s.overdue), s.enrollment.user.last_name.lower()),
    "start": lambda s: (s.enrollment.start_date, s.enrollment.user.last_name.lower()),
}


def team_progress(
    *, people: QuerySet[User], path_id: int | None = None, sort: str = "name", today: dt.date | None = None
) -> TeamProgress:
    """People × steps of one path for the given people (see `accounts.access.team_scope`): 5 queries whatever
    the size — the people stay a subquery, so an organisation-wide view sends no list of ids."""
    today = today or timezone.localdate()
    member_ids = people.values("pk")
    paths = list(LearningPath.objects.filter(enrollments__user_id__in=member_ids).distinct().order_by("name"))
    path = next((p for p in paths if p.pk == path_id), paths[0] if paths else None)
    if path is None:
        return TeamProgress(paths=[], path=None, steps=[], rows=[])
    enrollments = list(
        Enrollment.objects.filter(path=path, user_id__in=member_ids).select_related("user", "path")
    )
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, lesson_id in LessonProgress.objects.filter(
        user_id__in=member_ids, completed_at__isnull=False
    ).values_list("user_id", "lesson_id"):
        done[user_id].add(lesson_id)
    rows = path_statuses(enrollments, done, today)
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    rows.sort(key=key, reverse=sort.startswith("-"))
    steps = [s.step for s in rows[0].steps] if rows else list(path.steps.select_related("course"))
    return TeamProgress(paths=paths, path=path, steps=steps, rows=rows)


def course_outline(*, course: CoursePage, user: Any) -> dict[str, Any]:
    lessons = _lessons_by_course([course])[course.pk]
    done: set[int] = set()
    if user.is_authenticated:
        done = set(
            LessonProgress.objects.filter(
                user=user, lesson_id__in=[lesson.pk for lesson in lessons], completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
    return {
        "lessons": [(lesson, lesson.pk in done) for lesson in lessons],
        "done": len(done),
        "total": len(lessons),
        "percent": percent(len(done), len(lessons)),
        "minutes": sum(lesson.estimated_minutes for lesson in lessons),
    }


def lesson_navigation(*, lesson: LessonPage, user: Any) -> dict[str, Any]:
    """Previous and next live lesson in the course, and the course's progress for this learner."""
    course = lesson.course
    if course is None:
        return {}
    outline = course_outline(course=course, user=user)
    ids = [item.pk for item, _done in outline["lessons"]]
    index = ids.index(lesson.pk) if lesson.pk in ids else -1
    lessons = [item for item, _done in outline["lessons"]]
    return {
        "course": course,
        "outline": outline,
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if 0 <= index < len(lessons) - 1 else None,
        "position": index + 1,
    }


def content_needing_review(*, today: dt.date | None = None) -> list[ContentPage]:
    today = today or timezone.localdate()
    pages: list[ContentPage] = []
    for model in (ProductPage, SolutionPage):
        pages += list(
            model.objects.filter(review_by__lt=today).select_related("content_owner").order_by("review_by")
        )
    return sorted(pages, key=lambda p: p.review_by)


# --- search ---------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    page: Page
    kind: str
    snippet: SafeString


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def highlight(text: str, query: str, *, width: int = 220) -> SafeString:
    """An escaped excerpt around the first match, every query term wrapped in <mark>."""
    terms = [t for t in re.split(r"\s+", query.strip()) if t]
    if not terms:
        return escape(text[:width])
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - width // 3)
    excerpt = text[start : start + width]
    parts: list[str] = []
    last = 0
    for m in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : m.start()]))
        parts.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    parts.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 — every piece above is escaped


def content_search(query: str, *, limit: int = 30) -> list[SearchHit]:
    """Live library pages, courses and lessons that match, each with a highlighted excerpt."""
    query = query.strip()
    if not query:
        return []
    hits: list[SearchHit] = []
    for model, kind in (
        (ProductPage, "product"),
        (SolutionPage, "solution"),
        (CoursePage, "course"),
        (LessonPage, "lesson"),
    ):
        for page in model.objects.live().search(query)[:limit]:
            if hasattr(page, "body"):
                text = " ".join(_texts(page.body.get_prep_value()))
            else:
                text = strip_tags(getattr(page, "intro", ""))
            text = re.sub(r"\s+", " ", f"{getattr(page, 'summary', '')} {text}").strip()
            hits.append(SearchHit(page=page, kind=kind, snippet=highlight(text or page.title, query)))
    return hits[:limit]


def onboarding_dashboard_card(user: User) -> Card:
    """The learner's dashboard card: real progress on their first active path, or the empty state."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    statuses = onboarding_for(user)
    if not statuses:
        return Card(
            title=_("My onboarding"),
            empty=_(
                "No learning path has been assigned to you yet. Your manager or trainer will assign one."
            ),
        )
    status = statuses[0]
    step = status.next_step
    rows: list[tuple[Any, Any]] = [(_("Lessons done"), f"{status.done} / {status.total}")]
    if step is not None:
        rows.append((_("Next step"), f"{step.title} · {step.due:%Y-%m-%d}"))
    if status.overdue:
        rows.append((_("Overdue steps"), len(status.overdue)))
    return Card(
        title=_("My onboarding"),
        value=f"{status.percent}%",
        caption=status.path.name,
        rows=rows,
        link=reverse("courses:my_onboarding"),
        link_label=_("Continue onboarding"),
    )


# --- bulk completion (analytics funnel and readiness) ----------------------------------------------


@dataclass(frozen=True)
class PathCompletion:
    """One person's lessons done of the lessons in all their active paths, and when the last one was done."""

    done: int
    total: int
    completed_at: dt.datetime | None

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def path_completion_by_user(user_ids: Iterable[int]) -> dict[int, PathCompletion]:
    """Onboarding completion for many people: 4 queries (enrollments, steps, lessons, progress) whatever the count.

    Everyone asked about gets an entry; someone with no active path has total 0 and is never complete.
    `completed_at` is the time the last outstanding lesson was done, only once every lesson is done.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    paths_by_user: dict[int, set[int]] = defaultdict(set)
    for user_id, path_id in Enrollment.objects.filter(user_id__in=ids, path__is_active=True).values_list(
        "user_id", "path_id"
    ):
        paths_by_user[user_id].add(path_id)
    path_ids = {p for paths in paths_by_user.values() for p in paths}
    courses_by_path: dict[int, list[CoursePage]] = defaultdict(list)
    for step in (
        LearningPathStep.objects.filter(path_id__in=path_ids, course__isnull=False)
        .select_related("course")
        .order_by("sort_order", "pk")
    ):
        courses_by_path[step.path_id].append(step.course)
    lessons = _lessons_by_course({c.pk: c for cs in courses_by_path.values() for c in cs}.values())
    lessons_by_path = {
        path_id: {lesson.pk for course in courses for lesson in lessons.get(course.pk, [])}
        for path_id, courses in courses_by_path.items()
    }
    done_at: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    if path_ids:
        for user_id, lesson_id, at in LessonProgress.objects.filter(
            user_id__in=list(paths_by_user), completed_at__isnull=False
        ).values_list("user_id", "lesson_id", "completed_at"):
            if at is not None:  # excluded by the filter; narrows the type
                done_at[user_id][lesson_id] = at
    result: dict[int, PathCompletion] = {}
    for user_id in ids:
        wanted: set[int] = set()
        for path_id in paths_by_user.get(user_id, ()):
            wanted |= lessons_by_path.get(path_id, set())
        finished = [at for lesson_id, at in done_at.get(user_id, {}).items() if lesson_id in wanted]
        complete = bool(wanted) and len(finished) == len(wanted)
        result[user_id] = PathCompletion(
            done=len(finished), total=len(wanted), completed_at=max(finished) if complete else None
        )
    return result
