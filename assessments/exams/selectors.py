"""Reads for question banks, exams, attempts and certifications, with their joins done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from accounts.models import User

from .formats import EmbeddedFile, ParsedQuestion
from .models import Attempt, Category, Certification, Question, QuestionBank, QuestionFile, QuestionVersion
from .review import review_shown
from .vocabulary import QuestionType


def category_paths(bank: QuestionBank) -> dict[int, str]:
    """Category id → "Parent/Child" path for the whole bank, in one query."""
    rows = {c.pk: (c.parent_id, c.name) for c in Category.objects.filter(bank=bank).only("parent", "name")}
    paths: dict[int, str] = {}

    def path(pk: int) -> str:
        if pk not in paths:
            parent, name = rows[pk]
            paths[pk] = f"{path(parent)}/{name}" if parent else name
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


def questions_with_latest_version(bank: QuestionBank) -> QuerySet[Question]:
    latest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values("pk")[:1]
    return (
        Question.objects.filter(bank=bank)
        .annotate(latest_version_id=Subquery(latest))
        .select_related("category", "author", "approved_by")
        .prefetch_related("tags")
        .order_by("pk")
    )


def latest_versions(question_ids: list[int]) -> dict[int, QuestionVersion]:
    """Question id → its newest version, in one query."""
    out: dict[int, QuestionVersion] = {}
    for version in (
        QuestionVersion.objects.filter(question_id__in=question_ids)
        .select_related("question")
        .order_by("question_id", "number")
    ):
        out[version.question_id] = version
    return out


def drawable_versions(question_ids: list[int]) -> dict[int, QuestionVersion]:
    """Question id → the version an attempt delivers: the last approved one (a newer draft waits for its second
    trainer), or the newest where no approval was recorded; two queries."""
    out = latest_versions(question_ids)
    approved = Question.objects.filter(pk__in=question_ids, approved_version__isnull=False).values(
        "approved_version_id"
    )
    # One query: the approved ids are a subquery, not a list read first.
    for version in QuestionVersion.objects.filter(pk__in=approved).select_related("question"):
        out[version.question_id] = version
    return out


def bank_as_parsed(bank: QuestionBank) -> list[ParsedQuestion]:
    """The bank's questions (newest versions) in the interchange form, grouped by category for export."""
    paths = category_paths(bank)
    questions = list(
        Question.objects.filter(bank=bank).exclude(status=Question.Status.RETIRED).order_by("pk")
    )
    versions = latest_versions([q.pk for q in questions])
    files: dict[int, list[EmbeddedFile]] = {}
    for item in QuestionFile.objects.filter(question__in=questions).order_by("question_id", "pk"):
        with item.content.open("rb") as handle:
            files.setdefault(item.question_id, []).append(EmbeddedFile(name=item.name, content=handle.read()))
    parsed = []
    for number, q in enumerate(questions, start=1):
        v = versions[q.pk]
        data = v.data or {}
        answers = data.get("pairs") if v.qtype == QuestionType.MATCHING else data.get("answers", [])
        if v.qtype == QuestionType.ORDERING:
            answers = [{"text": item} for item in data.get("items", [])]
        parsed.append(
            ParsedQuestion(
                number=number,
                line=0,
                name=q.name,
                qtype=v.qtype,
                category=paths.get(q.category_id, "") if q.category_id else "",
                text=v.text,
                text_format=v.text_format,
                general_feedback=v.general_feedback,
                single=bool(data.get("single", True)),
                case_sensitive=bool(data.get("case_sensitive", False)),
                answers=[dict(a) for a in answers or []],
                default_mark=float(v.default_mark),
                tags=list(v.tags or []),
                difficulty=q.difficulty,
                content_page=q.content_page_id,
                subquestions=[dict(s) for s in data.get("subquestions", [])],
                files=files.get(q.pk, []),
            )
        )
    parsed.sort(key=lambda p: p.category)
    return parsed


def exams_for_learner(user: User, now: datetime) -> list[dict[str, Any]]:
    """Published exams with the learner's attempts used/left and best score shown, in a fixed few queries."""
    from .models import Accommodation, Attempt, Exam

    exams = list(Exam.objects.filter(status=Exam.Status.PUBLISHED).order_by("title_en"))
    attempts: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(user=user, exam__in=exams).order_by("-started_at"):
        attempts.setdefault(attempt.exam_id, []).append(attempt)
    extra = dict(
        Accommodation.objects.filter(user=user, exam__in=exams).values_list("exam_id", "extra_attempts")
    )
    recert_due = recert_due_since(user=user, exams=exams)
    closes = exam_closes_for(exams=exams, user=user)
    rows = []
    for exam in exams:
        mine = attempts.get(exam.pk, [])
        finished = [a for a in mine if a.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED)]
        due = recert_due.get(exam.pk)
        counted = [a for a in finished if due is None or (a.submitted_at and a.submitted_at >= due)]
        allowed = (
            None
            if (not exam.attempts_allowed or exam.practice)
            else exam.attempts_allowed + extra.get(exam.pk, 0)
        )
        # Only attempts whose marks the review options show now: a hidden score must not surface as "best".
        shown = [
            a
            for a in finished
            if review_shown(exam=exam, attempt=a, now=now, closes_at=closes.get(exam.pk)).marks
        ]
        scores = [a.score for a in shown if a.score is not None]
        rows.append(
            {
                "exam": exam,
                "in_progress": next(
                    (a for a in mine if a.state in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE)), None
                ),
                "used": len(finished),
                "left": None if allowed is None else max(0, allowed - len(counted)),
                "best": max(scores) if scores else None,
                "passed": any(a.passed for a in shown),
                "recert_due": due,
            }
        )
    return rows


def exam_closes_for(*, exams: list[Any], user: User) -> dict[int, Any]:
    """Exam id → the learner's close date (override laid over the exam's), for many exams in one query."""
    from accounts.models import Membership

    from .models import ExamOverride

    teams = Membership.objects.filter(user=user).values("org_unit_id")
    picked: dict[int, Any] = {}
    # The same precedence as authoring.exam_override_for: the learner's own row first, then the newest team's.
    for exam_id, closes_at in (
        ExamOverride.objects.filter(Q(user=user) | Q(team_id__in=teams), exam__in=exams)
        .order_by(F("user_id").desc(nulls_last=True), "-granted_at", "-pk")
        .values_list("exam_id", "closes_at")
    ):
        picked.setdefault(exam_id, closes_at)
    return {e.pk: picked.get(e.pk) or e.closes_at for e in exams}


def recert_due_since(*, user: User, exams: list[Any] | None = None) -> dict[int, datetime]:
    """Exam id → since when the user's certification on it is due for recertification (one query).

    Attempts finished before that moment do not count against the attempts allowed: the retake is new."""
    qs = Certification.objects.filter(
        user=user, status=Certification.Status.RECERT_DUE, recert_due_at__isnull=False
    )
    if exams is not None:
        qs = qs.filter(exam__in=exams)
    due: dict[int, datetime] = {}
    for exam_id, since in qs.values_list("exam_id", "recert_due_at"):
        if since is not None:  # excluded by the filter; narrows the type
            due[exam_id] = max(since, due.get(exam_id, since))
    return due


def certifications_of(user: User) -> QuerySet[Certification]:
    return Certification.objects.filter(user=user).select_related("exam").order_by("-issued_at")


def certification_state(certification: Certification, now: datetime, *, soon_days: int = 90) -> str:
    """valid / expiring / expired / revoked / recert_due / superseded, as the matrix and the verify page show it."""
    if certification.status == Certification.Status.REVOKED:
        return "revoked"
    if certification.status == Certification.Status.SUPERSEDED:
        return "superseded"
    if certification.status == Certification.Status.RECERT_DUE:
        return "recert_due"
    if certification.expires_at and certification.expires_at <= now:
        return "expired"
    if certification.expires_at and certification.expires_at <= now + timedelta(days=soon_days):
        return "expiring"
    return "valid"


def certifying_exams() -> list[Any]:
    """The certification matrix's columns: published certifying exams by title."""
    from .models import Exam

    return list(
        Exam.objects.filter(certifying=True, practice=False, status=Exam.Status.PUBLISHED).order_by("title")
    )


def team_certification_matrix(
    people: Iterable[User], now: datetime, *, exams: list[Any] | None = None
) -> dict[str, Any]:
    """People × certifying exams → the person's newest certification state or "missing", in three queries
    (two when the caller passes the `exams` it has read)."""
    members = list(people)
    exams = certifying_exams() if exams is None else exams
    newest: dict[tuple[int, int], Certification] = {}
    for cert in Certification.objects.filter(user__in=[m.pk for m in members], exam__in=exams).order_by(
        "issued_at"
    ):
        newest[(cert.user_id, cert.exam_id)] = cert
    rows = []
    for member in members:
        cells = []
        for exam in exams:
            held = newest.get((member.pk, exam.pk))
            cells.append(
                {"exam": exam, "cert": held, "state": certification_state(held, now) if held else "missing"}
            )
        rows.append({"person": member, "cells": cells})
    return {"exams": exams, "rows": rows}


def attempt_overview(responses: list[Any], unsaved: set[int]) -> dict[str, list[int]]:
    """The summary before submit: question numbers answered, unanswered, flagged, and not saved on this device."""
    answerable = [r for r in responses if r.version.qtype != QuestionType.DESCRIPTION]
    return {
        "answered": [r.position for r in answerable if r.value not in (None, "", [], {})],
        "unanswered": [r.position for r in answerable if r.value in (None, "", [], {})],
        "flagged": [r.position for r in responses if r.flagged],
        "unsaved": sorted(p for p in unsaved if p in {r.position for r in responses}),
    }


def marks_by_blueprint_category(exam: Any, responses: list[Any]) -> list[dict[str, Any]]:
    """Marks per blueprint category (a question in a subcategory counts for the rule that drew it), in 2 queries.

    `responses` need `version__question` loaded. Categories outside every rule (a blueprint edited since) are
    counted under "Other" rather than dropped."""
    rules = list(exam.blueprint.select_related("category").order_by("pk"))
    names = {rule.category_id: rule.category.name for rule in rules}
    drawn_from = set(names)
    parents = dict(Category.objects.filter(bank_id=exam.bank_id).values_list("pk", "parent_id"))
    totals: dict[int | None, list[float]] = {pk: [0.0, 0.0, 0] for pk in names}
    for response in responses:
        if not response.max_mark:
            continue
        pk: int | None = response.version.question.category_id
        seen: set[int] = set()
        while pk is not None and pk not in drawn_from and pk not in seen:
            seen.add(pk)
            pk = parents.get(pk)
        key = pk if pk in drawn_from else None
        row = totals.setdefault(key, [0.0, 0.0, 0])
        row[0] += (response.fraction or 0.0) * response.max_mark
        row[1] += response.max_mark
        row[2] += 1
    out = []
    for key, (got, total, count) in totals.items():
        if not count:
            continue
        out.append(
            {
                "category": names.get(key, "") if key is not None else "",
                "marks": round(got, 2),
                "max_marks": round(total, 2),
                "questions": count,
                "percent": round(100 * got / total) if total else 0,
            }
        )
    return out
