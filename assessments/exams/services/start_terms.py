"""Everything a start needs to know about one learner on one exam besides their attempts, in one query.

The override (the learner's own, else their newest team's), the accommodation, since when a recertification
is due, and whether a path step names the exam are each a subquery of a single read of the exam row: at exam
day's synchronized start every round trip is paid a thousand times at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connections, router
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from accounts.models import Membership, User
from courses.models import LearningPathStep

from ..models import Accommodation, Certification, Exam, ExamOverride

if TYPE_CHECKING:
    from ..authoring import ExamTerms


@dataclass(frozen=True)
class StartTerms:
    """The learner's terms (override laid over the exam; `override` itself is not read), extra time and
    attempts, recertification due date, and whether a learning path could lock the exam for them."""

    terms: ExamTerms
    extra_time_percent: int
    extra_attempts: int
    recert_due: datetime | None
    on_path: bool


# Stand-ins for the two ids while the statement is compiled: no primary key is ever negative.
_USER, _EXAM = -(2**62) - 1, -(2**62) - 2


@dataclass(frozen=True)
class _Statement:
    """The terms query compiled once: its SQL, where its parameters take the two ids, and its converters."""

    sql: str
    params: tuple[Any, ...]
    columns: tuple[str, ...]
    compiler: Any
    converters: dict[int, Any]

    def run(self, *, exam_id: int, user_id: int) -> dict[str, Any]:
        ids = {_USER: user_id, _EXAM: exam_id}
        params = [ids.get(p, p) if type(p) is int else p for p in self.params]
        with connections[self.compiler.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if len(rows) != 1:
            raise Exam.DoesNotExist(f"exam {exam_id}")
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return dict(zip(self.columns, rows[0], strict=True))


_statements: dict[str, _Statement] = {}


def _terms_queryset(*, exam_id: int, user_id: int) -> QuerySet[Exam, dict[str, Any]]:
    from ..authoring import OVERRIDE_FIELDS

    teams = Membership.objects.filter(user_id=user_id).values("org_unit_id")
    # The same precedence as authoring.exam_override_for; -pk last, so every field comes from the same row.
    override = ExamOverride.objects.filter(
        Q(user_id=user_id) | Q(team_id__in=teams), exam=OuterRef("pk")
    ).order_by(F("user_id").desc(nulls_last=True), "-granted_at", "-pk")
    accommodation = Accommodation.objects.filter(exam=OuterRef("pk"), user_id=user_id)
    recert = Certification.objects.filter(
        exam=OuterRef("pk"),
        user_id=user_id,
        status=Certification.Status.RECERT_DUE,
        recert_due_at__isnull=False,
    ).order_by("-recert_due_at")
    on_path = LearningPathStep.objects.filter(
        exam_id=OuterRef("pk"),
        kind=LearningPathStep.Kind.EXAM,
        path__enrollments__user_id=user_id,
        path__is_active=True,
    )
    return (
        Exam.objects.filter(pk=exam_id)
        .annotate(
            **{f"o_{name}": Subquery(override.values(name)[:1]) for name in OVERRIDE_FIELDS},
            a_time=Subquery(accommodation.values("extra_time_percent")[:1]),
            a_attempts=Subquery(accommodation.values("extra_attempts")[:1]),
            recert_since=Subquery(recert.values("recert_due_at")[:1]),
            on_path=Exists(on_path),
        )
        .values(*(f"o_{name}" for name in OVERRIDE_FIELDS), "a_time", "a_attempts", "recert_since", "on_path")
    )


def _statement(using: str) -> _Statement:
    """Building and compiling the query costs a start more CPU than all its other queries together (eight
    subqueries, each resolved and compiled afresh), while only the two ids change: so it is compiled once per
    process and database, with stand-ins for the ids that each start replaces by its own."""
    statement = _statements.get(using)
    if statement is None:
        queryset = _terms_queryset(exam_id=_EXAM, user_id=_USER)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if _USER not in params or _EXAM not in params:
            raise RuntimeError("the start terms query no longer takes the ids as parameters")
        # The SELECT's own order, whatever order values() and the annotations were named in.
        columns = tuple(alias for _expression, _sql, alias in compiler.select)
        converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
        statement = _Statement(
            sql=sql, params=tuple(params), columns=columns, compiler=compiler, converters=converters
        )
        _statements[using] = statement
    return statement


def learner_start_terms(*, exam: Exam, user: User) -> StartTerms:
    from ..authoring import ExamTerms

    row = _statement(router.db_for_read(Exam)).run(exam_id=exam.pk, user_id=user.pk)

    def pick(name: str) -> Any:
        value = row[f"o_{name}"]
        return getattr(exam, name) if value is None else value

    return StartTerms(
        terms=ExamTerms(
            opens_at=pick("opens_at"),
            closes_at=pick("closes_at"),
            time_limit_minutes=pick("time_limit_minutes"),
            attempts_allowed=pick("attempts_allowed"),
            override=None,
        ),
        extra_time_percent=row["a_time"] or 0,
        extra_attempts=row["a_attempts"] or 0,
        recert_due=row["recert_since"],
        on_path=bool(row["on_path"]),
    )
