"""The dashboards' onboarding figures counted by PostgreSQL: one grouped query per table, whatever the head count.

`courses.selectors.path_completion_by_user` works out each person's completion in Python, which at 100,000
people meant reading every enrollment, lesson done and certificate into the process. The dashboards only show
sums and counts per team or requisition, so here the database does the per-person work and returns one row per
distinct (group, active paths, work done, flags): a few hundred rows at most, from which the sums are exact.

The rules are path_completion_by_user's: a person's work is the union of their active paths' live lessons and
exam steps, each counted once however many of their paths share it; an exam step is done while a certificate from
a certifying exam holds (valid or due for recertification, not expired) or, for any other exam, once an attempt
passed; someone with nothing to do is never complete.

How a query knows which lessons a person's paths want without expanding people × lessons: every active path
with work gets one bit, a person's enrollments OR their paths' bits together, and each lesson or exam carries the
bits of the paths that contain it. A done lesson counts when the two masks share a bit. Bits come in words of 62
(bigint), as many words as there are paths to number, so any number of paths works; usually there is one word.
The person's total to do depends only on their mask, so it is worked out in Python per distinct mask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet

BITS_PER_WORD = 62


@dataclass(frozen=True)
class PathPlan:
    """Every active path's work: which lessons and exams it wants, numbered into mask bits (2 queries to build)."""

    lessons: dict[int, frozenset[int]]  # path id → live lesson ids of its course steps
    exams: dict[int, frozenset[int]]  # path id → exam ids of its exam steps
    certifying: frozenset[int]  # exam ids done by holding a certificate; the others by a passed attempt
    paths: tuple[int, ...]  # the numbered paths: bit i of the mask is paths[i]

    @property
    def words(self) -> int:
        return max(1, -(-len(self.paths) // BITS_PER_WORD))

    def bit(self, path_id: int) -> tuple[int, int]:
        index = self.paths.index(path_id)
        return index // BITS_PER_WORD, 1 << (index % BITS_PER_WORD)

    def paths_of(self, mask: tuple[int, ...]) -> list[int]:
        return [p for i, p in enumerate(self.paths) if mask[i // BITS_PER_WORD] >> (i % BITS_PER_WORD) & 1]

    @cached_property
    def fingerprint(self) -> str:
        """Names this plan's work (which lessons and exams each active path wants, which exams certify): a
        person's stored figures hold only for the plan they were counted against."""
        work = {
            "lessons": sorted((p, sorted(ids)) for p, ids in self.lessons.items()),
            "exams": sorted((p, sorted(ids)) for p, ids in self.exams.items()),
            "certifying": sorted(self.certifying),
        }
        return hashlib.sha256(json.dumps(work).encode()).hexdigest()[:40]

    def total(self, mask: tuple[int, ...]) -> int:
        """How much a person with this mask has to do: their paths' lessons and exams, each counted once."""
        paths = self.paths_of(mask)
        lessons = set().union(*(self.lessons.get(p, frozenset()) for p in paths))
        exams = set().union(*(self.exams.get(p, frozenset()) for p in paths))
        return len(lessons) + len(exams)


def path_plan() -> PathPlan:
    """The active paths' steps and their courses' live lessons (2 queries; 1 when no path has a course)."""
    from courses.models import LearningPathStep
    from courses.selectors import _lessons_by_course

    courses: dict[int, list[Any]] = defaultdict(list)
    exams: dict[int, set[int]] = defaultdict(set)
    certifying: set[int] = set()
    for step in (
        LearningPathStep.objects.filter(path__is_active=True)
        .filter(Q(course__isnull=False) | Q(exam__isnull=False))
        .select_related("course", "exam")
        .order_by("sort_order", "pk")
    ):
        if step.kind == LearningPathStep.Kind.EXAM and step.exam_id:
            exams[step.path_id].add(step.exam_id)
            if step.exam.certifying and not step.exam.practice:
                certifying.add(step.exam_id)
        elif step.course_id:
            courses[step.path_id].append(step.course)
    by_course = _lessons_by_course({c.pk: c for cs in courses.values() for c in cs}.values())
    lessons = {
        path_id: frozenset(lesson.pk for course in cs for lesson in by_course.get(course.pk, []))
        for path_id, cs in courses.items()
    }
    lessons = {p: ids for p, ids in lessons.items() if ids}
    numbered = tuple(sorted(set(lessons) | set(exams)))
    return PathPlan(
        lessons=lessons,
        exams={p: frozenset(ids) for p, ids in exams.items()},
        certifying=frozenset(certifying),
        paths=numbered,
    )


@dataclass(frozen=True)
class Tally:
    """One group's people, counted by the database: `people` rows, their lessons and exams `done` of `total`,
    how many are `complete`, and per flag how many carry it (`flagged`) and how many carry it and are complete
    (`complete_flagged`; a tuple of flag names means all of them)."""

    people: int = 0
    done: int = 0
    total: int = 0
    complete: int = 0
    flagged: Mapping[str, int] | None = None
    complete_flagged: Mapping[tuple[str, ...], int] | None = None


def _sql(qs: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = qs.query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class _Work:
    """SQL for each person's work: `exprs` (their mask words, then their work done) over the people `p` and the
    `joins` it needs, each with its parameters."""

    exprs: list[str]
    expr_params: list[Any]
    joins: list[str]
    join_params: list[Any]


def _work_sql(plan: PathPlan, *, among: str, among_params: tuple[Any, ...], now: dt.datetime) -> _Work:
    """Each person's mask and work done as SQL over `p` (a relation with a `user_id`), reading only the
    enrollments and work done of user ids `among` (an SQL condition: "IN (…)" or "IS NOT NULL")."""
    from assessments.exams.models import Attempt, Certification
    from assessments.exams.paths_glue import HOLDING
    from courses.models import Enrollment, LearningPath, LessonProgress

    words = range(plan.words)
    if not plan.paths:
        return _Work(exprs=["0"] * plan.words + ["0"], expr_params=[], joins=[], join_params=[])
    # Plain SQL that PostgreSQL and SQLite (the default test suite) both run. Only table names, the ORM's own
    # compiled SQL and placeholders go into the text; every value is a parameter. Each person's mask and each
    # person's work done are aggregated on their own (a hash aggregate per table, no join before it), then
    # joined to the people. Work done is counted per class of items wanting the same paths (few classes: about
    # one per path), and the outer select adds a class's count only when the person's mask shares a bit with it.
    # The people are written out again inside each aggregate (not a shared CTE) so the planner sees the table.
    joins: list[str] = []
    join_params: list[Any] = []
    sums = []
    for w in words:
        whens = []
        for path_id in plan.paths:
            word, bit = plan.bit(path_id)
            if word == w:
                whens.append("WHEN %s THEN CAST(%s AS BIGINT)")
                join_params += [path_id, bit]
        sums.append(f"CAST(SUM(CASE e.path_id {' '.join(whens)} ELSE 0 END) AS BIGINT) AS u{w}")
    joins.append(
        f"LEFT JOIN (SELECT e.user_id, {', '.join(sums)} FROM {Enrollment._meta.db_table} e "  # noqa: S608
        f"JOIN {LearningPath._meta.db_table} lp ON lp.id = e.path_id "
        f"WHERE lp.is_active AND e.user_id {among} GROUP BY e.user_id) en ON en.user_id = p.user_id"
    )
    join_params += among_params
    exprs = [f"COALESCE(en.u{w}, 0)" for w in words]

    # Items (lessons by their id, exams by minus their id) in classes wanting the same path bits.
    item_masks: dict[int, list[int]] = defaultdict(lambda: [0] * plan.words)
    for path_id in plan.paths:
        word, bit = plan.bit(path_id)
        for lesson_id in plan.lessons.get(path_id, ()):
            item_masks[lesson_id][word] |= bit
        for exam_id in plan.exams.get(path_id, ()):
            item_masks[-exam_id][word] |= bit
    classes: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for item, masks in sorted(item_masks.items()):
        classes[tuple(masks)].append(item)
    lesson_ids = sorted(i for i in item_masks if i > 0)
    certifying = sorted(-i for i in item_masks if i < 0 and -i in plan.certifying)
    plain = sorted(-i for i in item_masks if i < 0 and -i not in plan.certifying)
    sources: list[tuple[str, QuerySet[Any]]] = []
    if lesson_ids:
        done_lessons = LessonProgress.objects.filter(lesson_id__in=lesson_ids, completed_at__isnull=False)
        sources.append(("s.lesson_id", done_lessons.values_list("user_id", "lesson_id")))
    if certifying:
        held = Certification.objects.filter(exam_id__in=certifying, status__in=HOLDING).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        sources.append(("-s.exam_id", held.values_list("user_id", "exam_id").distinct()))
    if plain:
        passed = Attempt.objects.filter(exam_id__in=plain, passed=True, submitted_at__isnull=False)
        sources.append(("-s.exam_id", passed.values_list("user_id", "exam_id").distinct()))
    counts, count_params = [], []
    for c, items in enumerate(classes.values()):
        counts.append(
            f"SUM(CASE WHEN d.item IN ({', '.join(['%s'] * len(items))}) THEN 1 ELSE 0 END) AS c{c}"
        )
        count_params += items
    parts, part_params = [], []
    for column, qs in sources:
        source_sql, source_params = _sql(qs.order_by())
        parts.append(
            f"SELECT s.user_id, {column} AS item FROM ({source_sql}) s "  # noqa: S608
            f"WHERE s.user_id {among}"
        )
        part_params += [*source_params, *among_params]
    joins.append(
        f"LEFT JOIN (SELECT d.user_id, {', '.join(counts)} FROM ({' UNION ALL '.join(parts)}) d "  # noqa: S608
        "GROUP BY d.user_id) dn ON dn.user_id = p.user_id"
    )
    join_params += [*count_params, *part_params]
    terms, term_params = [], []
    for c, class_masks in enumerate(classes):
        shares = " OR ".join(f"(CAST(%s AS BIGINT) & COALESCE(en.u{w}, 0)) <> 0" for w in words)
        terms.append(f"CASE WHEN {shares} THEN COALESCE(dn.c{c}, 0) ELSE 0 END")
        term_params += list(class_masks)
    exprs.append(" + ".join(terms))
    return _Work(exprs=exprs, expr_params=term_params, joins=joins, join_params=join_params)


def _flag_sql(flags: Mapping[str, QuerySet[Any]], user_id: str) -> tuple[list[str], list[Any]]:
    exprs: list[str] = []
    params: list[Any] = []
    for qs in flags.values():
        flag_sql, flag_params = _sql(qs)
        exprs.append(f"CASE WHEN {user_id} IN ({flag_sql}) THEN 1 ELSE 0 END")
        params += flag_params
    return exprs, params


def onboarding_tallies(
    people: QuerySet[Any],
    *,
    group: str,
    plan: PathPlan,
    flags: Mapping[str, QuerySet[Any]] | None = None,
    chains: tuple[tuple[str, ...], ...] = (),
    narrow: bool = True,
    now: dt.datetime,
) -> dict[Any, Tally]:
    """Group key → Tally, in one query. `people` is a queryset with a `user_id` field and the `group` field, a
    row per person counted (a person in two groups counts in each); `flags` name querysets of user ids (a person
    carries the flag when their id is in it); `chains` name the flag combinations to count among the complete.
    `narrow`: read only these people's enrollments and work done (a semi-join that pays off when they are few;
    when they are most of the organisation, reading everyone's and dropping the rest in the join is cheaper).

    Everyone's work is counted from the source tables on each call: the reference that `completion_tallies`
    (the same figures from the stored per-person summary) is tested against.
    """
    flags = dict(flags or {})
    people_sql, people_params = _sql(people.order_by().values_list(group, "user_id"))
    among, among_params = (
        (f"IN (SELECT px.user_id FROM ({people_sql}) px)", people_params)  # noqa: S608
        if narrow
        else ("IS NOT NULL", ())
    )
    work = _work_sql(plan, among=among, among_params=among_params, now=now)
    flag_exprs, flag_params = _flag_sql(flags, "p.user_id")
    select = [f"p.{group}", *work.exprs, "NULL", *flag_exprs]
    sql = (
        f"SELECT {', '.join(select)}, COUNT(*) FROM ({people_sql}) p "  # noqa: S608
        f"{' '.join(work.joins)} GROUP BY {', '.join(str(i + 1) for i in range(len(select)))}"
    )
    params = [*work.expr_params, *flag_params, *people_params, *work.join_params]
    return _tallies(_fetch(sql, params), plan=plan, flag_names=list(flags), chains=chains)


def completion_tallies(
    people: QuerySet[Any],
    *,
    group: str,
    plan: PathPlan,
    flags: Mapping[str, QuerySet[Any]] | None = None,
    chains: tuple[tuple[str, ...], ...] = (),
    now: dt.datetime,
) -> dict[Any, Tally]:
    """`onboarding_tallies`' figures, in one query, from the stored per-person summary (analytics.Completion):
    each person's work done and to do is read from their summary row while it is current (counted against this
    plan, not marked for a recount, no certificate it counted expired since); the others, usually none, are
    counted from the source tables as onboarding_tallies counts them. So the figures are exact whatever the
    state of the summary, and fast while it is kept current."""
    from .models import Completion

    flags = dict(flags or {})
    table = Completion._meta.db_table
    people_sql, people_params = _sql(people.order_by().values_list(group, "user_id"))
    # The people with their row where it holds, joined once (materialized): the main select reads it, and the
    # count from the source tables reads only the people it left without figures (t IS NULL), usually none.
    people_cte = (
        f"WITH p AS MATERIALIZED (SELECT pp.{group} AS k, pp.user_id AS user_id, s.done AS d, s.total AS t "  # noqa: S608
        f"FROM ({people_sql}) pp LEFT JOIN {table} s ON s.user_id = pp.user_id "
        "AND s.plan = %s AND (s.stale_at IS NULL OR s.stale_at > %s))"
    )
    cte_params = [*people_params, plan.fingerprint, connection.ops.adapt_datetimefield_value(now)]
    work = _work_sql(
        plan, among="IN (SELECT pu.user_id FROM p pu WHERE pu.t IS NULL)", among_params=(), now=now
    )
    *masks, done = work.exprs
    flag_exprs, flag_params = _flag_sql(flags, "p.user_id")
    select = [
        "p.k",
        *(f"CASE WHEN p.t IS NULL THEN {mask} END" for mask in masks),
        f"CASE WHEN p.t IS NULL THEN {done} ELSE p.d END",
        "p.t",
        *flag_exprs,
    ]
    sql = (
        f"{people_cte} SELECT {', '.join(select)}, COUNT(*) FROM p {' '.join(work.joins)} "  # noqa: S608
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(select)))}"
    )
    params = [*cte_params, *work.expr_params, *flag_params, *work.join_params]
    return _tallies(_fetch(sql, params), plan=plan, flag_names=list(flags), chains=chains)


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tallies(
    rows: list[tuple[Any, ...]],
    *,
    plan: PathPlan,
    flag_names: list[str],
    chains: tuple[tuple[str, ...], ...],
) -> dict[Any, Tally]:
    """Rows of (group key, mask words…, done, total or NULL, flags…, people) summed into a Tally per group; a
    NULL total is worked out from the mask (once per distinct mask)."""
    totals: dict[tuple[int, ...], int] = {}
    acc: dict[Any, dict[str, Any]] = {}
    for row in rows:
        key, mask = row[0], tuple(row[1 : 1 + plan.words])
        done, total = row[1 + plan.words], row[2 + plan.words]
        carried = dict(zip(flag_names, row[3 + plan.words : -1], strict=True))
        n = row[-1]
        if total is None:
            if mask not in totals:
                totals[mask] = plan.total(mask)
            total = totals[mask]
        complete = total > 0 and done == total
        a = acc.setdefault(
            key,
            {
                "people": 0,
                "done": 0,
                "total": 0,
                "complete": 0,
                "flagged": dict.fromkeys(flag_names, 0),
                "complete_flagged": dict.fromkeys(chains, 0),
            },
        )
        a["people"] += n
        a["done"] += done * n
        a["total"] += total * n
        a["complete"] += n if complete else 0
        for name in flag_names:
            a["flagged"][name] += n if carried[name] else 0
        for chain in chains:
            a["complete_flagged"][chain] += n if complete and all(carried[f] for f in chain) else 0
    return {key: Tally(**figures) for key, figures in acc.items()}


@dataclass(frozen=True)
class PersonWork:
    """One person's figures as the summary stores them: work `done` of `total`, and `stale_at`, the earliest
    expiry of a certificate counted in `done` (after it the figures may change with no event to say so)."""

    user_id: int
    done: int
    total: int
    stale_at: dt.datetime | None


def people_work(
    people: QuerySet[Any], *, plan: PathPlan, now: dt.datetime, narrow: bool = True
) -> list[PersonWork]:
    """Each of `people` (a queryset of users) counted from the source tables, in one query. `narrow` as in
    onboarding_tallies: False reads everyone's work in one pass, cheaper when `people` is most of them."""
    from assessments.exams.models import Certification
    from assessments.exams.paths_glue import HOLDING

    people_sql, people_params = _sql(people.order_by().annotate(user_id=F("pk")).values_list("user_id"))
    among, among_params = (
        (f"IN (SELECT px.user_id FROM ({people_sql}) px)", people_params)  # noqa: S608
        if narrow
        else ("IS NOT NULL", ())
    )
    work = _work_sql(plan, among=among, among_params=among_params, now=now)
    select, joins, params = ["p.user_id", *work.exprs], list(work.joins), [*work.expr_params]
    join_params = list(work.join_params)
    if plan.certifying:
        # Conservatively the earliest expiry of any certificate held on a certifying exam of the plan.
        expiring = Certification.objects.filter(
            exam_id__in=sorted(plan.certifying), status__in=HOLDING, expires_at__gt=now
        ).values_list("user_id", "expires_at")
        expiring_sql, expiring_params = _sql(expiring.order_by())
        joins.append(
            f"LEFT JOIN (SELECT c.user_id, MIN(c.expires_at) AS first FROM ({expiring_sql}) c "  # noqa: S608
            f"WHERE c.user_id {among} GROUP BY c.user_id) ex ON ex.user_id = p.user_id"
        )
        join_params += [*expiring_params, *among_params]
        select.append("ex.first")
    else:
        select.append("NULL")
    sql = f"SELECT {', '.join(select)} FROM ({people_sql}) p {' '.join(joins)}"  # noqa: S608
    rows = _fetch(sql, [*params, *people_params, *join_params])
    totals: dict[tuple[int, ...], int] = {}
    out = []
    for row in rows:
        mask, done, first = tuple(row[1 : 1 + plan.words]), row[1 + plan.words], row[-1]
        if mask not in totals:
            totals[mask] = plan.total(mask)
        out.append(PersonWork(user_id=row[0], done=done, total=totals[mask], stale_at=_datetime(first)))
    return out


def _datetime(value: Any) -> dt.datetime | None:
    """A timestamp read by plain SQL: SQLite hands back its stored text, PostgreSQL a datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
