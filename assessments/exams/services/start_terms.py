"""Everything a start needs to know about one learner on one exam besides their attempts, in one query.

The override (the learner's own, else their newest team's), the accommodation, since when a recertification
is due, and whether a path step names the exam are each a subquery of a single read of the exam row: at exam
day's synchronized start every round trip is paid a thousand times at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, Subquery

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


def learner_start_terms(*, exam: Exam, user: User) -> StartTerms:
    from ..authoring import OVERRIDE_FIELDS, ExamTerms

    teams = Membership.objects.filter(user=user).values("org_unit_id")
    # The same precedence as authoring.exam_override_for; -pk last, so every field comes from the same row.
    override = ExamOverride.objects.filter(Q(user=user) | Q(team_id__in=teams), exam=OuterRef("pk")).order_by(
        F("user_id").desc(nulls_last=True), "-granted_at", "-pk"
    )
    accommodation = Accommodation.objects.filter(exam=OuterRef("pk"), user=user)
    recert = Certification.objects.filter(
        exam=OuterRef("pk"), user=user, status=Certification.Status.RECERT_DUE, recert_due_at__isnull=False
    ).order_by("-recert_due_at")
    on_path = LearningPathStep.objects.filter(
        exam_id=OuterRef("pk"),
        kind=LearningPathStep.Kind.EXAM,
        path__enrollments__user=user,
        path__is_active=True,
    )
    row = (
        Exam.objects.filter(pk=exam.pk)
        .annotate(
            **{f"o_{name}": Subquery(override.values(name)[:1]) for name in OVERRIDE_FIELDS},
            a_time=Subquery(accommodation.values("extra_time_percent")[:1]),
            a_attempts=Subquery(accommodation.values("extra_attempts")[:1]),
            recert_since=Subquery(recert.values("recert_due_at")[:1]),
            on_path=Exists(on_path),
        )
        .values(*(f"o_{name}" for name in OVERRIDE_FIELDS), "a_time", "a_attempts", "recert_since", "on_path")
        .get()
    )

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
