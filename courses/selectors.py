"""Reads for courses: dependents of a page, onboarding progress per learner and per team, search."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from accounts.models import User
from core.dashboard import Card

from .exam_steps import exam_backend
from .localisation import active_locale, localized_pages, original_of
from .models import (
    ContentPage,
    CoursePage,
    Enrollment,
    LearningPath,
    LearningPathStep,
    LessonPage,
    LessonProgress,
    LessonReference,
    ProductPage,
    RecertificationStep,
    SolutionPage,
)
from .section_links import links_to
from .segmentation import query_terms

DUE_SOON_DAYS = 3


# --- dependents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dependent:
    kind: str
    id: int
    title: str
    owner_id: int | None
    url: str


def content_dependents(page: Page, sections: Collection[str] | None = None) -> list[Dependent]:
    """What relies on this page's content: live lessons that show one of its sections, the questions that
    test it, the exams drawing those questions and the certificates of those exams that hold now.

    `sections` (block types): only what links to one of those sections or to the whole page.
    """
    content_dependents_exam_side = exam_backend().content_dependents_exam_side

    links = LessonReference.objects.filter(links_to(sections), page_id=page.pk)
    lessons = (
        LessonPage.objects.filter(pk__in=links.values("lesson_id"))
        .only("id", "title", "owner_id", "url_path")
        .order_by("title")
    )
    result = [Dependent("lesson", p.pk, p.title, p.owner_id, p.url_path) for p in lessons]
    rows = content_dependents_exam_side(page_id=page.pk, now=timezone.now(), sections=sections)
    return result + [Dependent(*row) for row in rows]


# --- progress -------------------------------------------------------------------------------------


@dataclass
class StepStatus:
    """One step for one learner: a course (lessons done of its live lessons) or an exam (passed or not)."""

    step: LearningPathStep
    due: dt.date
    lessons: list[LessonPage]
    done_ids: set[int]
    today: dt.date
    # Exam steps: when the learner passed (None: not yet).
    passed_at: dt.datetime | None = None
    # Incomplete earlier steps this one waits for (set by path_statuses for steps that require earlier ones).
    waiting_for: list[StepStatus] = field(default_factory=list)
    # Exam steps on My onboarding: the exam's allowance (attempts left, next start), see exam_step_details.
    allowance: dict[str, Any] | None = None
    # Original page id → its title in the reader's language (the live translation's, when there is one).
    shown_titles: dict[int, str] = field(default_factory=dict)

    @property
    def next_lesson_title(self) -> str:
        lesson = self.next_lesson
        return str(self.shown_titles.get(lesson.pk, lesson.title)) if lesson is not None else ""

    @property
    def is_exam(self) -> bool:
        return self.step.kind == LearningPathStep.Kind.EXAM and self.step.exam_id is not None

    @property
    def exam(self) -> Any:
        return self.step.exam if self.is_exam else None

    @property
    def total(self) -> int:
        return 1 if self.is_exam else len(self.lessons)

    @property
    def done(self) -> int:
        if self.is_exam:
            return 1 if self.passed_at is not None else 0
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def locked(self) -> bool:
        return not self.complete and bool(self.waiting_for)

    @property
    def overdue(self) -> bool:
        return not self.complete and self.due < self.today

    @property
    def due_soon(self) -> bool:
        return not self.complete and self.today <= self.due <= self.today + dt.timedelta(days=DUE_SOON_DAYS)

    @property
    def next_lesson(self) -> LessonPage | None:
        if self.locked:
            return None
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    @property
    def attempts_left(self) -> int | None:
        return None if self.allowance is None else self.allowance.get("left")

    @property
    def can_start(self) -> bool:
        """An exam step the learner may start now: unlocked, not passed, attempts left, no cool-down."""
        if not self.is_exam or self.complete or self.locked:
            return False
        if self.allowance is None:
            return True
        return self.allowance.get("left") != 0 and not self.allowance.get("next_at")

    @property
    def title(self) -> str:
        if not self.is_exam and self.step.course_id and self.step.course_id in self.shown_titles:
            return self.shown_titles[self.step.course_id]
        return str(self.step)


@dataclass
class PathStatus:
    enrollment: Enrollment
    steps: list[StepStatus] = field(default_factory=list)
    # Recertifications assigned to this learner and shown on this path (open ones first by due date).
    recertifications: list[RecertificationStep] = field(default_factory=list)

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
        return step_weighted_percent(self.steps)

    @property
    def lessons_total(self) -> int:
        return sum(s.total for s in self.steps if not s.is_exam)

    @property
    def lessons_done(self) -> int:
        return sum(s.done for s in self.steps if not s.is_exam)

    @property
    def next_step(self) -> StepStatus | None:
        return next((s for s in self.steps if not s.complete and s.total and not s.locked), None)

    @property
    def complete(self) -> bool:
        return bool(self.steps) and all(s.complete for s in self.steps if s.total)

    @property
    def overdue(self) -> list[StepStatus]:
        return [s for s in self.steps if s.overdue]

    @property
    def open_recertifications(self) -> list[RecertificationStep]:
        return [r for r in self.recertifications if r.is_open]


def step_weighted_percent(steps: Iterable[StepStatus]) -> int:
    """Exam steps weigh one step each; the course steps together weigh their count, shared out by lessons.

    So a path of one course and one exam is 50 % done when the course is finished, whatever the course's
    size, and a path of courses only is lessons done over lessons, as it always was.
    """
    steps = [s for s in steps if s.total]
    if not steps:
        return 0
    courses = [s for s in steps if not s.is_exam]
    exams_done = sum(1 for s in steps if s.is_exam and s.complete)
    lessons_total = sum(s.total for s in courses)
    # Work in integers (lesson units × steps) so rounding down is exact.
    numerator = exams_done * lessons_total + len(courses) * sum(s.done for s in courses)
    denominator = len(steps) * lessons_total
    if not courses:
        return percent(exams_done, len(steps))
    return (100 * numerator) // denominator if denominator else 0


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
        .only("id", "title", "path", "depth", "url_path", "estimated_minutes", "locale_id", "translation_key")
        .order_by("path")
    )
    for lesson in lessons:
        parent_path = lesson.path[: -Page.steplen]
        result[by_path[parent_path]].append(lesson)
    return result


def _reads_another_language() -> bool:
    """The reader's UI language is not the content's default one (decided without a query)."""
    from django.conf import settings
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(
            get_language() or settings.LANGUAGE_CODE
        ) != get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return False


def path_statuses(
    enrollments: list[Enrollment],
    done: dict[int, set[int]],
    today: dt.date,
    *,
    recertifications: bool = False,
    steps_by_path: dict[int, list[LearningPathStep]] | None = None,
    lessons: dict[int, list[LessonPage]] | None = None,
) -> list[PathStatus]:
    """Shared by the learner and team views: 2 queries (steps, lessons) for any number of enrollments,
    plus up to 2 when a path has exam steps (who passed) and 1 with `recertifications` (assigned retakes); the
    first 2 are skipped when the caller passes the steps and lessons it has already read (the team table)."""
    if steps_by_path is None:
        steps_by_path = defaultdict(list)
        for step in (
            LearningPathStep.objects.filter(path_id__in={e.path_id for e in enrollments})
            .select_related("course", "exam")
            .order_by("sort_order", "pk")
        ):
            steps_by_path[step.path_id].append(step)
    # The team table passes the steps and lessons it has read; the courses come from the steps either way.
    courses = {s.course_id: s.course for steps in steps_by_path.values() for s in steps if s.course_id}
    if lessons is None:
        lessons = _lessons_by_course(c for c in courses.values() if c is not None)
    exams = [
        s.exam
        for steps in steps_by_path.values()
        for s in steps
        if s.kind == LearningPathStep.Kind.EXAM and s.exam_id
    ]
    # Course and lesson titles in the reader's language: one query, and none when they read the default one.
    shown_titles: dict[int, str] = {}
    if _reads_another_language():
        shown_titles = {
            pk: page.title
            for pk, page in localized_pages(
                [*(c for c in courses.values() if c is not None), *(x for ls in lessons.values() for x in ls)]
            ).items()
        }
    for steps in steps_by_path.values():
        for step in steps:
            # The team table's column heads are the steps themselves.
            step.shown_title = shown_titles.get(step.course_id, str(step)) if step.course_id else str(step)
    passes: dict[tuple[int, int], dt.datetime] = {}
    if exams:
        exam_passes = exam_backend().exam_passes

        passes = exam_passes(user_ids={e.user_id for e in enrollments}, exams=exams, now=timezone.now())
    statuses = []
    for enrollment in enrollments:
        status = PathStatus(enrollment)
        for step in steps_by_path[enrollment.path_id]:
            item = StepStatus(
                step=step,
                due=enrollment.due_date(step),
                lessons=lessons.get(step.course_id or 0, []),
                done_ids=done.get(enrollment.user_id, set()),
                today=today,
                passed_at=passes.get((enrollment.user_id, step.exam_id or 0)),
                shown_titles=shown_titles,
            )
            if step.requires_earlier:
                item.waiting_for = [s for s in status.steps if s.total and not s.complete]
            status.steps.append(item)
        statuses.append(status)
    if recertifications and statuses:
        _attach_recertifications(statuses)
    return statuses


def _attach_recertifications(statuses: list[PathStatus]) -> None:
    """Open recertification steps onto the path they were assigned to (else the learner's first): 1 query."""
    user_ids = {s.enrollment.user_id for s in statuses}
    first_by_user: dict[int, PathStatus] = {}
    by_enrollment: dict[int, PathStatus] = {}
    for status in statuses:
        first_by_user.setdefault(status.enrollment.user_id, status)
        by_enrollment[status.enrollment.pk] = status
    for recert in (
        RecertificationStep.objects.filter(user_id__in=user_ids, closed_at__isnull=True)
        .select_related("exam")
        .order_by("due_date", "pk")
    ):
        target = by_enrollment.get(recert.enrollment_id or 0) or first_by_user.get(recert.user_id)
        if target is not None:
            target.recertifications.append(recert)


def open_recertifications_for(user: User) -> list[RecertificationStep]:
    """A learner's open recertification steps (for those with no active path to show them on)."""
    return list(
        RecertificationStep.objects.filter(user=user, closed_at__isnull=True)
        .select_related("exam")
        .order_by("due_date", "pk")
    )


def exam_step_details(*, user: User, statuses: list[PathStatus]) -> None:
    """Fill in attempts left on the learner's unfinished exam steps (My onboarding): 3 queries per such exam."""
    attempts_left = exam_backend().attempts_left

    pending = {s.step.exam_id: s.step.exam for status in statuses for s in status.steps if s.is_exam}
    if not pending:
        return
    allowances = attempts_left(user=user, exams=pending.values(), now=timezone.now())
    for status in statuses:
        for step in status.steps:
            if step.is_exam:
                step.allowance = allowances.get(step.step.exam_id or 0)


def exam_start_refusal(*, user: Any, exam: Any, today: dt.date | None = None) -> str | None:
    """Why this learner may not start this exam yet, or None.

    Refused only when every active path step that names the exam is locked; an exam on no path of theirs,
    or an open recertification of it, is never locked. The exams start view must call this (and the
    receiver on Attempt creation calls it as the last line of defence).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not LearningPathStep.objects.filter(
        exam_id=exam.pk, kind=LearningPathStep.Kind.EXAM, path__enrollments__user=user, path__is_active=True
    ).exists():
        return None
    if RecertificationStep.objects.filter(user=user, exam_id=exam.pk, closed_at__isnull=True).exists():
        return None
    statuses = onboarding_for(user, today=today, recertifications=False)
    steps = [s for status in statuses for s in status.steps if s.is_exam and s.step.exam_id == exam.pk]
    if not steps or any(not s.locked for s in steps):
        return None
    waiting = []
    for s in steps:
        for w in s.waiting_for:
            if w.title not in waiting:
                waiting.append(w.title)
    from django.utils.translation import gettext as _

    return _("This exam is locked: it unlocks when you finish %(steps)s.") % {"steps": ", ".join(waiting)}


def onboarding_for(
    user: User, *, today: dt.date | None = None, recertifications: bool = True
) -> list[PathStatus]:
    """The learner's paths with per-step progress, locks and due dates: 5 queries whatever the size
    (plus 1–2 when a path has exam steps), open recertifications included."""
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
    return path_statuses(enrollments, {user.pk: completed}, today, recertifications=recertifications)


def course_outline(*, course: CoursePage, user: Any) -> dict[str, Any]:
    """The original course's live lessons, each shown in the reader's language when translated; progress is
    counted on the originals (courses/localisation.py)."""
    course = original_of(course)
    lessons = _lessons_by_course([course])[course.pk]
    shown = localized_pages(lessons)
    done: set[int] = set()
    if user.is_authenticated:
        done = set(
            LessonProgress.objects.filter(
                user=user, lesson_id__in=[lesson.pk for lesson in lessons], completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
    return {
        "lessons": [(shown[lesson.pk], lesson.pk in done) for lesson in lessons],
        "ids": [lesson.pk for lesson in lessons],
        "done": len(done),
        "total": len(lessons),
        "percent": percent(len(done), len(lessons)),
        "minutes": sum(lesson.estimated_minutes for lesson in lessons),
    }


def lesson_navigation(*, lesson: LessonPage, user: Any) -> dict[str, Any]:
    """Previous and next live lesson in the course, and the course's progress for this learner."""
    original = original_of(lesson)
    course = original.course
    if course is None:
        return {}
    outline = course_outline(course=course, user=user)
    ids = outline["ids"]
    index = ids.index(original.pk) if original.pk in ids else -1
    lessons = [item for item, _done in outline["lessons"]]
    return {
        "course": localized_pages([course])[course.pk],
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
        if "type" in value and "value" in value:
            # A stream or list child: its block type and id are not words of the page.
            yield from _texts(value["value"])
            return
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
    """Live library pages, courses and lessons that match, best first, each with a highlighted excerpt. Chinese
    queries are cut into words as the index is (courses/segmentation.py); a page found in several languages is
    listed once, in the reader's language when that translation matches too."""
    terms = query_terms(query[:200])
    if not terms:
        return []
    kinds = {ProductPage: "product", SolutionPage: "solution", CoursePage: "course", LessonPage: "lesson"}
    found = (
        Page.objects.live()
        .type(*kinds)
        .search(" ".join(terms), operator="or", order_by_relevance=True)[: limit * 2]
    )
    locale = active_locale()
    pages = list(found)
    preferred = {p.translation_key for p in pages if locale is not None and p.locale_id == locale.pk}
    seen: set[Any] = set()
    shown: list[Page] = []
    for page in pages:
        if page.translation_key in seen:
            continue
        if page.translation_key in preferred and locale is not None and page.locale_id != locale.pk:
            continue
        seen.add(page.translation_key)
        shown.append(page)
        if len(shown) == limit:
            break
    # The specific pages in one query per page type, not one per result.
    specifics = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in shown]).specific()}
    hits: list[SearchHit] = []
    for page in shown:
        specific = specifics.get(page.pk, page)
        if hasattr(specific, "body"):
            text = " ".join(_texts(specific.body.get_prep_value()))
        else:
            text = strip_tags(getattr(specific, "intro", ""))
        text = re.sub(r"\s+", " ", f"{getattr(specific, 'summary', '')} {text}").strip()
        kind = kinds.get(type(specific), "page")
        hits.append(
            SearchHit(page=specific, kind=kind, snippet=highlight(text or page.title, " ".join(terms)))
        )
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
    rows: list[tuple[Any, Any]] = [(_("Lessons done"), f"{status.lessons_done} / {status.lessons_total}")]
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
    """One person's work done of all their active paths (live lessons and exam steps, each counted once),
    and when the last piece was done."""

    done: int
    total: int
    completed_at: dt.datetime | None
    # Step-weighted like the learner's own page (step_weighted_percent); 0 with nothing to do.
    percent: int = 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def path_completion_by_user(user_ids: Iterable[int]) -> dict[int, PathCompletion]:
    """Onboarding completion for many people: 4 queries (enrollments, steps, lessons, progress) whatever the count,
    plus up to 2 when a path has exam steps (who passed them).

    Everyone asked about gets an entry; someone with no active path has total 0 and is never complete.
    A course counts its live lessons, an exam step counts one; `completed_at` is the time the last
    outstanding lesson was done or exam passed, only once everything is done.
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
    exams_by_path: dict[int, set[int]] = defaultdict(set)
    exams: dict[int, Any] = {}
    for step in (
        LearningPathStep.objects.filter(path_id__in=path_ids)
        .filter(Q(course__isnull=False) | Q(exam__isnull=False))
        .select_related("course", "exam")
        .order_by("sort_order", "pk")
    ):
        if step.kind == LearningPathStep.Kind.EXAM and step.exam_id:
            exams_by_path[step.path_id].add(step.exam_id)
            exams[step.exam_id] = step.exam
        elif step.course_id:
            courses_by_path[step.path_id].append(step.course)
    lessons = _lessons_by_course({c.pk: c for cs in courses_by_path.values() for c in cs}.values())
    lessons_by_path = {
        path_id: {lesson.pk for course in courses for lesson in lessons.get(course.pk, [])}
        for path_id, courses in courses_by_path.items()
    }
    live_courses_by_path = {
        path_id: {course.pk for course in courses if lessons.get(course.pk)}
        for path_id, courses in courses_by_path.items()
    }
    done_at: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    if path_ids:
        for user_id, lesson_id, at in LessonProgress.objects.filter(
            user_id__in=list(paths_by_user), completed_at__isnull=False
        ).values_list("user_id", "lesson_id", "completed_at"):
            if at is not None:  # excluded by the filter; narrows the type
                done_at[user_id][lesson_id] = at
    passes: dict[tuple[int, int], dt.datetime] = {}
    if exams:
        exam_passes = exam_backend().exam_passes

        passes = exam_passes(user_ids=list(paths_by_user), exams=exams.values(), now=timezone.now())
    result: dict[int, PathCompletion] = {}
    for user_id in ids:
        wanted: set[int] = set()
        wanted_exams: set[int] = set()
        course_ids: set[int] = set()
        for path_id in paths_by_user.get(user_id, ()):
            wanted |= lessons_by_path.get(path_id, set())
            wanted_exams |= exams_by_path.get(path_id, set())
            course_ids |= live_courses_by_path.get(path_id, set())
        finished = [at for lesson_id, at in done_at.get(user_id, {}).items() if lesson_id in wanted]
        finished += [passes[(user_id, e)] for e in wanted_exams if (user_id, e) in passes]
        total = len(wanted) + len(wanted_exams)
        complete = total > 0 and len(finished) == total
        exams_done = sum(1 for e in wanted_exams if (user_id, e) in passes)
        lessons_done = len(finished) - exams_done
        steps = len(course_ids) + len(wanted_exams)
        if not steps:
            share = 0
        elif not wanted:
            share = percent(exams_done, steps)
        else:
            share = (100 * (exams_done * len(wanted) + len(course_ids) * lessons_done)) // (
                steps * len(wanted)
            )
        result[user_id] = PathCompletion(
            done=len(finished),
            total=total,
            completed_at=max(finished) if complete else None,
            percent=share,
        )
    return result
