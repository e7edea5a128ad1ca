"""The manager's team table: sorted, counted and cut in the database; step statuses built for the rows shown.

A team of 100,000 shows 50 of them, so only those 50 are read and worked out. Sorting by progress reads
each enrollment's stored percent (courses/progress.py: the SQL twin of `step_weighted_percent`, kept current by
the events that change it) through an index; sorting by overdue steps counts them in the query with the SQL twin
of `StepStatus.overdue`. Either way the order is the one the rows' own figures give.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.access import TeamScope
from accounts.models import User

from .models import Enrollment, LearningPath, LearningPathStep, LessonPage, LessonProgress
from .progress import path_progress_update, step_annotations
from .selectors import PathStatus, _lessons_by_course, path_statuses

SORTS = ("name", "progress", "overdue", "start")
# The CSV reads the rows this many at a time: constant memory at any team size.
CHUNK = 1000


@dataclass
class TeamProgress:
    paths: list[LearningPath]
    path: LearningPath | None
    steps: list[LearningPathStep]
    rows: TeamRows


class TeamRows:
    """The table's rows, lazily: `count()` is one COUNT, a slice is one page of statuses, iteration goes in chunks."""

    def __init__(
        self,
        enrollments: QuerySet[Enrollment] | None,
        *,
        steps: list[LearningPathStep],
        lessons: dict[int, list[LessonPage]],
        today: dt.date,
        count: int | None = None,
        ordered_ids: QuerySet[Any] | None = None,
    ) -> None:
        self.enrollments = enrollments
        # The enrollments' ids in the table's order, when another query finds them faster than the enrollments'
        # own (by name: walking the people's name index; see `team_progress`).
        self.ordered_ids = ordered_ids
        self.steps = steps
        self.lessons = lessons
        self.today = today
        self._count = count  # when the caller has counted them already

    def count(self) -> int:
        if self._count is None:
            self._count = 0 if self.enrollments is None else self.enrollments.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __bool__(self) -> bool:
        if self._count is not None:
            return self._count > 0
        return self.enrollments is not None and self.enrollments.exists()

    def __getitem__(self, index: slice) -> list[PathStatus]:
        if self.enrollments is None:
            return []
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("team rows are read a page (a slice) at a time")
        return self.statuses(self.page(index.start or 0, index.stop))

    def page(self, start: int, stop: int | None) -> list[Enrollment]:
        """Rows start..stop in order, in 2 queries: the ids sorted and cut (only the sort keys travel through the
        sort), then those rows with their people. A page in the back half is read from the end in the reverse
        order, so PostgreSQL keeps a small top-N heap instead of sorting the whole team to skip most of it."""
        assert self.enrollments is not None
        ids = (
            self.ordered_ids
            if self.ordered_ids is not None
            else self.enrollments.values_list("pk", flat=True)
        )
        count = self._count
        if count is not None and stop is not None and start > count // 2:
            wanted = list(reversed(ids.reverse()[max(count - stop, 0) : count - start]))
        else:
            wanted = list(ids[start:stop])
        rows = Enrollment.objects.select_related("user", "path").in_bulk(wanted)
        return [rows[pk] for pk in wanted]

    def __iter__(self) -> Iterator[PathStatus]:
        if self.enrollments is None:
            return
        batch: list[Enrollment] = []
        for enrollment in self.enrollments.iterator(chunk_size=CHUNK):
            batch.append(enrollment)
            if len(batch) == CHUNK:
                yield from self.statuses(batch)
                batch = []
        if batch:
            yield from self.statuses(batch)

    def statuses(self, enrollments: list[Enrollment]) -> list[PathStatus]:
        """Statuses of these enrollments, in their order: 2 queries (lessons done, open recertifications),
        plus up to 2 when the path has exam steps."""
        if not enrollments:
            return []
        done: dict[int, set[int]] = defaultdict(set)
        for user_id, lesson_id in LessonProgress.objects.filter(
            user_id__in=[e.user_id for e in enrollments], completed_at__isnull=False
        ).values_list("user_id", "lesson_id"):
            done[user_id].add(lesson_id)
        by_path = {enrollments[0].path_id: self.steps}
        return path_statuses(
            enrollments, done, self.today, recertifications=True, steps_by_path=by_path, lessons=self.lessons
        )


def _ordered(
    enrollments: QuerySet[Enrollment],
    sort: str,
    steps: list[LearningPathStep],
    lessons: dict[int, list[LessonPage]],
    today: dt.date,
) -> QuerySet[Enrollment]:
    """`sort` is a key of SORTS, "-" first for the reverse order; ties go by last name, then row id. Progress is
    the stored figure (courses/progress.py), read through an index; overdue steps depend on the day, so they are
    counted in the query."""
    field = sort.lstrip("-")
    field = field if field in SORTS else "name"
    descending = sort.startswith("-")
    last, first = Lower("user__last_name"), Lower("user__first_name")
    if field == "overdue":
        annotations, _stored, overdue = step_annotations(steps, lessons, today, timezone.now())
        enrollments = enrollments.annotate(**annotations).annotate(sort_overdue=overdue)
    orders: dict[str, list[tuple[Any, bool]]] = {
        # Within a path a person has one enrollment: the person's id ends a tie of names as the row's would, in
        # the order of the people's name index (which `team_progress` walks for a page).
        "name": [(last, False), (first, False), (F("user_id"), False)],
        "start": [(F("start_date"), False), (last, False)],
        "progress": [(F("progress_percent"), False), (last, False)],
        "overdue": [(F("sort_overdue"), True), (last, False)],
    }
    keys = orders[field]
    keys.append((F("pk"), False))
    return enrollments.order_by(*(OrderBy(key, descending=desc != descending) for key, desc in keys))


def team_progress(
    *,
    people: QuerySet[User] | TeamScope,
    path_id: int | None = None,
    sort: str = "name",
    today: dt.date | None = None,
) -> TeamProgress:
    """People × steps of one path for the given people — a queryset of them, or a team page's scope
    (`accounts.access.team_scope`). Building it counts the
    team's enrollments per path and reads those paths, the path's steps and its lessons (4 queries); the rows are
    read when sliced or iterated. The people stay
    a subquery, so an organisation-wide view sends no list of ids."""
    today = today or timezone.localdate()
    # A team page's scope is a condition on each enrollment's person, read through the join each query makes
    # anyway; a queryset of people is an IN over a nested query of them (one more pass over the people).
    members = people.where("user") if isinstance(people, TeamScope) else Q(user_id__in=people.values("pk"))
    # The team's enrollments counted per path in one pass: the paths to choose from and the chosen path's row
    # count together, so the people (on a large team, the page's costliest condition) are sought twice per
    # page — here and for the page's rows — rather than once more for a COUNT.
    counts = dict(
        Enrollment.objects.filter(members)
        .order_by()
        .values("path_id")
        .annotate(n=Count("pk"))
        .values_list("path_id", "n")
    )
    paths = list(LearningPath.objects.filter(pk__in=list(counts)).order_by("name_en")) if counts else []
    path = next((p for p in paths if p.pk == path_id), paths[0] if paths else None)
    if path is None:
        return TeamProgress(
            paths=[], path=None, steps=[], rows=TeamRows(None, steps=[], lessons={}, today=today)
        )
    steps = list(
        LearningPathStep.objects.filter(path=path)
        .select_related("course", "exam")
        .order_by("sort_order", "pk")
    )
    lessons = _lessons_by_course(s.course for s in steps if s.course_id and s.course is not None)
    # Rows whose counted certificate has expired since they were stored are recomputed before they are sorted:
    # one UPDATE through a partial index, which touches nothing on most days (see courses/progress.py).
    path_progress_update(
        Enrollment.objects.filter(path=path, progress_stale_at__lte=timezone.now()),
        steps=steps,
        lessons=lessons,
    )
    enrollments = Enrollment.objects.filter(members, path=path).select_related("user", "path")
    ordered_ids = None
    if isinstance(people, TeamScope) and sort.lstrip("-") not in SORTS[1:]:  # by name (the default)
        # By name, a page is found from the people's side: PostgreSQL walks their name index from the chosen end
        # and stops at the page, where from the enrollments' side it sorts the whole team to cut 50 rows.
        descending = sort.startswith("-")
        keys = (Lower("last_name"), Lower("first_name"), F("pk"))
        ordered_ids = (
            User.objects.filter(people.where(), enrollments__path=path)
            .order_by(*(OrderBy(key, descending=descending) for key in keys))
            .values_list("enrollments__pk", flat=True)
        )
    rows = TeamRows(
        _ordered(enrollments, sort, steps, lessons, today),
        steps=steps,
        lessons=lessons,
        today=today,
        count=counts[path.pk],
        ordered_ids=ordered_ids,
    )
    return TeamProgress(paths=paths, path=path, steps=steps, rows=rows)
