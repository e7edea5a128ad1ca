"""What learning paths need from exams: who passed which exam, attempts left, superseding, the expiry window."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, Exists, Min, OuterRef, Q, Subquery

from accounts.models import User
from accounts.services import audit_record
from courses.section_links import links_to

from .models import Attempt, Certification, Exam, Question

# A certificate expiring within this many days is due for recertification: the learner gets a path step for it.
RECERT_WINDOW_DAYS = 30
# A certificate that holds: these statuses, not expired. "Recertification due" still holds until it expires,
# because the recertification is a step of its own and the original exam step stays done.
HOLDING = (Certification.Status.VALID, Certification.Status.RECERT_DUE)


def exam_passes(
    *, user_ids: Iterable[int], exams: Iterable[Exam], now: datetime
) -> dict[tuple[int, int], datetime]:
    """(user id, exam id) → when that exam step became done: at most 2 queries for any number of people.

    A certifying exam is done while the learner holds a certificate from it (valid or due for recertification,
    not expired, revoked or superseded); any other exam once an attempt passed.
    """
    ids = set(user_ids)
    exams = list({e.pk: e for e in exams if e is not None}.values())
    result: dict[tuple[int, int], datetime] = {}
    if not ids or not exams:
        return result
    certifying = [e.pk for e in exams if e.certifying and not e.practice]
    plain = [e.pk for e in exams if not (e.certifying and not e.practice)]
    if certifying:
        rows = (
            Certification.objects.filter(user_id__in=ids, exam_id__in=certifying, status__in=HOLDING)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .values("user_id", "exam_id")
            .annotate(first=Min("issued_at"))
        )
        for row in rows:
            result[(row["user_id"], row["exam_id"])] = row["first"]
    if plain:
        passed = (
            Attempt.objects.filter(
                user_id__in=ids, exam_id__in=plain, passed=True, submitted_at__isnull=False
            )
            .values("user_id", "exam_id")
            .annotate(first=Min("submitted_at"))
        )
        for row in passed:
            result[(row["user_id"], row["exam_id"])] = row["first"]
    return result


def exam_passed_condition(*, exam: Exam, now: datetime, user_ref: str = "user_id") -> Exists:
    """The SQL twin of `exam_passes` for one exam, correlated to the outer row's `user_ref`: sorts by progress."""
    if exam.certifying and not exam.practice:
        return Exists(
            Certification.objects.filter(
                user_id=OuterRef(user_ref), exam_id=exam.pk, status__in=HOLDING
            ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        )
    return Exists(
        Attempt.objects.filter(
            user_id=OuterRef(user_ref), exam_id=exam.pk, passed=True, submitted_at__isnull=False
        )
    )


def exam_pass_ends(*, exams: Iterable[Exam], now: datetime, user_ref: str = "user_id") -> Subquery:
    """When the earliest of the outer row's certificates counted as a pass now (of these exams, holding, with an
    expiry date) expires, or null: the time its stored progress goes stale (courses.progress)."""
    certifying = sorted({e.pk for e in exams if e is not None and e.certifying and not e.practice})
    ends = (
        Certification.objects.filter(
            user_id=OuterRef(user_ref), exam_id__in=certifying, status__in=HOLDING, expires_at__gt=now
        )
        .order_by()
        .values("user_id")
        .annotate(first=Min("expires_at"))
        .values("first")[:1]
    )
    return Subquery(ends, output_field=DateTimeField())


def attempts_left(*, user: User, exams: Iterable[Exam], now: datetime) -> dict[int, dict[str, Any]]:
    """Exam id → the exam's own allowance (attempts left, next start) for one learner's exam steps."""
    from .services import attempt_allowance

    return {exam.pk: attempt_allowance(exam=exam, user=user, now=now) for exam in exams}


@transaction.atomic
def certification_supersede_older(*, certification: Certification, now: datetime) -> list[Certification]:
    """A new certificate replaces every earlier holding one of the same exam, so a learner never has two valid."""
    older = list(
        Certification.objects.select_for_update()
        .filter(user_id=certification.user_id, exam_id=certification.exam_id, status__in=HOLDING)
        .exclude(pk=certification.pk)
        .order_by("pk")
    )
    for previous in older:
        before = previous.status
        previous.status = Certification.Status.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            verb="certification.superseded",
            obj=previous,
            before={"status": before},
            after={"status": previous.status, "by": certification.pk},
            note=f"{now:%Y-%m-%d %H:%M}",
        )
    return older


@transaction.atomic
def certifications_enter_recert_window(
    *, now: datetime, days: int = RECERT_WINDOW_DAYS
) -> list[Certification]:
    """Valid certificates that expire within `days` become "recertification due" (audited), once each.

    Saving each row (not a bulk update) sends post_save, which puts the recertification step on the path.
    """
    due = list(
        Certification.objects.select_for_update()
        .filter(
            status=Certification.Status.VALID, expires_at__gt=now, expires_at__lte=now + timedelta(days=days)
        )
        .select_related("exam")
        .order_by("pk")
    )
    for certification in due:
        assert certification.expires_at is not None  # the filter above
        certification.status = Certification.Status.RECERT_DUE
        certification.recert_due_at = now
        # No stored sentence: this runs in the beat's language, not the holder's. A blank reason reads as
        # "expires on <date>" wherever it is shown (a material change always carries its summary).
        certification.recert_reason = ""
        certification.save(update_fields=["status", "recert_due_at", "recert_reason", "updated_at"])
        audit_record(
            actor=None,
            verb="certification.recert_due",
            obj=certification,
            before={"status": Certification.Status.VALID},
            after={"status": certification.status, "expires": str(certification.expires_at)},
            note="expiry window",
        )
    return due


def content_dependents_exam_side(
    *, page_id: int, now: datetime, sections: Collection[str] | None = None
) -> list[tuple[str, int, str, int | None, str]]:
    """(kind, id, title, owner id, url) of the questions that test a page, the certifying exams drawing them and
    the certificates of those exams that hold now: what a material change to the page puts in doubt.
    `sections`: only questions testing one of those sections or the whole page.

    Certificates carry no owner: their holders hear from certifications_content_changed, once.
    """
    from django.urls import reverse

    from .services import exam_pool_question_ids

    questions = list(
        Question.objects.filter(links_to(sections, "content_section"), content_page_id=page_id)
        .exclude(status=Question.Status.RETIRED)
        .order_by("name")
    )
    result: list[tuple[str, int, str, int | None, str]] = [
        ("question", q.pk, q.name, q.author_id, reverse("admin:exams_question_change", args=[q.pk]))
        for q in questions
    ]
    approved = {q.pk for q in questions if q.status == Question.Status.APPROVED}
    if not approved:
        return result
    exams = [
        exam
        for exam in Exam.objects.filter(bank_id__in={q.bank_id for q in questions}).order_by("title_en")
        if approved & set(exam_pool_question_ids(exam))
    ]
    result += [
        ("exam", e.pk, e.title, e.created_by_id, reverse("exams:detail", kwargs={"slug": e.slug}))
        for e in exams
    ]
    certifying = [e.pk for e in exams if e.certifying and not e.practice]
    for cert in (
        Certification.objects.filter(exam_id__in=certifying, status__in=HOLDING)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("exam", "user")
        .order_by("exam__title_en", "pk")
    ):
        result.append(("certification", cert.pk, f"{cert.exam.title} — {cert.user}", None, ""))
    return result
