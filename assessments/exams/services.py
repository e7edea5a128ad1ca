"""Writes for question banks, exams, attempts and certifications; each is atomic and audited where it matters."""

from __future__ import annotations

import calendar
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import audit_record
from assessments.rubrics.models import Criterion, RubricVersion
from assessments.rubrics.services import rubric_version_mark_used
from core.concurrency import version_claim

from .answers import AnswerRejected, answer_problem, answer_types
from .formats import ParsedQuestion
from .grading import ALL_TYPES, feedback_for, grade
from .models import (
    Accommodation,
    Attempt,
    AttemptEvent,
    BlueprintRule,
    Category,
    Certification,
    CertificationReminder,
    EssayCriterionRating,
    Exam,
    Question,
    QuestionBank,
    QuestionVersion,
    Response,
)
from .presentation import stored_to_key_space
from .selectors import latest_versions, recert_due_since
from .signals import send_attempt_submitted


def category_ensure(
    *, bank: QuestionBank, path: str, cache: dict[str, Category] | None = None
) -> Category | None:
    """The category at "A/B/C" in the bank, creating missing levels; None for the empty path."""
    if not path:
        return None
    cache = cache if cache is not None else {}
    parent: Category | None = None
    walked = []
    for name in path.split("/"):
        walked.append(name)
        key = "/".join(walked)
        if key not in cache:
            cache[key], _created = Category.objects.get_or_create(bank=bank, parent=parent, name=name[:255])
        parent = cache[key]
    return parent


def _check_type(qtype: str) -> None:
    if qtype not in ALL_TYPES:
        raise ValidationError({"qtype": _("Unknown question type %(type)s.") % {"type": qtype}})


@transaction.atomic
def question_create(
    *,
    bank: QuestionBank,
    name: str,
    qtype: str,
    text: str,
    data: dict[str, Any],
    actor: User | None,
    category: Category | None = None,
    text_format: str = "html",
    general_feedback: str = "",
    difficulty: int = 2,
    default_mark: float = 1,
    rubric_version: RubricVersion | None = None,
) -> Question:
    _check_type(qtype)
    question = Question.objects.create(
        bank=bank, category=category, name=name[:255], difficulty=difficulty, author=actor
    )
    QuestionVersion.objects.create(
        question=question,
        number=1,
        qtype=qtype,
        text=text,
        text_format=text_format,
        general_feedback=general_feedback,
        data=data,
        default_mark=default_mark,
        rubric_version=rubric_version,
        author=actor,
    )
    return question


@transaction.atomic
def question_revise(
    *, question: Question, actor: User | None, expected_version: int | None = None, **changes: Any
) -> QuestionVersion:
    """Editing creates a new version from the newest one; the question goes back to draft for a second look.

    `expected_version` is the question's ``version`` an editing form was loaded at: if someone changed the
    question since, the revision is refused (``core.concurrency.StaleEdit``) instead of building on it blind.
    """
    version_claim(Question, pk=question.pk, expected=expected_version, actor=actor, what=_("This question"))
    latest = question.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("The question has no version to revise."))
    fields = {
        f: changes.pop(f, getattr(latest, f))
        for f in (
            "qtype",
            "text",
            "text_format",
            "general_feedback",
            "data",
            "default_mark",
            "rubric_version",
        )
    }
    if changes:
        raise TypeError(f"unknown fields: {sorted(changes)}")
    _check_type(fields["qtype"])
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion.objects.create(question=question, number=number, author=actor, **fields)
    if question.status == Question.Status.APPROVED:
        question.status = Question.Status.DRAFT
        question.approved_by = None
        question.approved_at = None
        question.save(update_fields=["status", "approved_by", "approved_at"])
    return version


@transaction.atomic
def question_approve(*, question: Question, actor: User) -> Question:
    """A second trainer approves: never the question's author nor the author of its newest version."""
    latest = question.versions.order_by("-number").first()
    authors = {question.author_id, latest.author_id if latest else None} - {None}
    if actor.pk in authors:
        raise PermissionDenied(_("A question is approved by a second trainer, not by its author."))
    if question.status == Question.Status.RETIRED:
        raise ValidationError(_("A retired question cannot be approved."))
    question.status = Question.Status.APPROVED
    question.approved_by = actor
    question.approved_at = timezone.now()
    question.needs_review = False
    question.save(update_fields=["status", "approved_by", "approved_at", "needs_review"])
    # A form loaded before the approval must not save over it.
    version_claim(Question, pk=question.pk, expected=None, actor=actor, what=_("This question"))
    audit_record(
        actor=actor,
        verb="question.approve",
        obj=question,
        after={"version": latest.number if latest else None},
    )
    return question


@transaction.atomic
def question_retire(*, question: Question, actor: User) -> Question:
    question.status = Question.Status.RETIRED
    question.save(update_fields=["status"])
    version_claim(Question, pk=question.pk, expected=None, actor=actor, what=_("This question"))
    audit_record(actor=actor, verb="question.retire", obj=question)
    return question


def questions_content_changed(*, page_id: int) -> int:
    """Hook for the content app: a material change to a page flags every question linked to it for review."""
    return Question.objects.filter(content_page_id=page_id, needs_review=False).update(needs_review=True)


def _recert_notify(*, certification: Certification, reason: str, now: datetime) -> None:
    from django.conf import settings
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    link = reverse("exams:detail", kwargs={"slug": certification.exam.slug})
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link
    with in_language_of(certification.user):
        subject = _("Recertification due: %(exam)s") % {"exam": certification.exam.title}
        body = _(
            "The content your certification %(exam)s covers has changed materially: %(reason)s\n\n"
            "Please retake the exam to renew your certification: %(url)s"
        ) % {"exam": certification.exam.title, "reason": reason or "—", "url": url}
    notify(
        recipient=certification.user,
        kind="exams.recertification_due",
        event_key=f"exams.recertification_due:{certification.pk}:{now.isoformat()}",
        title=str(subject),
        body=str(body),
    )


@transaction.atomic
def certifications_content_changed(
    *, page_id: int, summary: str, actor: User | None, now: datetime
) -> list[Certification]:
    """A material change to a content page: flag the questions that test it, and mark valid certifications
    of every certifying exam whose pool draws an approved linked question "recertification due" — audited,
    with an email to each holder after commit. The holder then gets a fresh round of attempts."""
    questions_content_changed(page_id=page_id)
    linked = set(
        Question.objects.filter(content_page_id=page_id, status=Question.Status.APPROVED).values_list(
            "pk", flat=True
        )
    )
    if not linked:
        return []
    banks = Question.objects.filter(pk__in=linked).values_list("bank_id", flat=True)
    exams = [
        exam
        for exam in Exam.objects.filter(bank_id__in=banks, certifying=True, practice=False).order_by("pk")
        if linked & set(exam_pool_question_ids(exam))
    ]
    due = list(
        Certification.objects.select_for_update()
        .filter(exam__in=exams, status=Certification.Status.VALID)
        .exclude(expires_at__lte=now)
        .select_related("user", "exam")
        .order_by("pk")
    )
    for certification in due:
        certification.status = Certification.Status.RECERT_DUE
        certification.recert_due_at = now
        certification.recert_reason = summary[:2000]
        certification.save(update_fields=["status", "recert_due_at", "recert_reason", "updated_at"])
        audit_record(
            actor=actor,
            verb="certification.recert_due",
            obj=certification,
            before={"status": Certification.Status.VALID},
            after={"status": certification.status, "page": page_id},
            note=summary,
        )
        if certification.user.is_active and certification.user.email:
            _recert_notify(certification=certification, reason=summary, now=now)
    return due


@transaction.atomic
def questions_import(
    *, bank: QuestionBank, questions: list[ParsedQuestion], actor: User | None
) -> list[Question]:
    """Save parsed questions as drafts with their categories; all or nothing."""
    cache: dict[str, Category] = {}
    created = []
    for parsed in questions:
        created.append(
            question_create(
                bank=bank,
                category=category_ensure(bank=bank, path=parsed.category, cache=cache),
                name=parsed.name or f"Question {parsed.number}",
                qtype=parsed.qtype,
                text=parsed.text,
                text_format=parsed.text_format,
                general_feedback=parsed.general_feedback,
                data=parsed.data(),
                actor=actor,
            )
        )
    if created:
        audit_record(actor=actor, verb="questions.import", obj=bank, after={"count": len(created)})
    return created


# --- exams and attempts -----------------------------------------------------------------------------

GRACE = timedelta(seconds=60)


class AttemptNotAllowed(ValidationError):
    """Starting an attempt is refused (closed window, no attempts left, cool-down)."""


class AttemptClosed(Exception):
    """The attempt no longer accepts answers (submitted, or past the deadline and the grace)."""


class NavigationRefused(Exception):
    """Sequential navigation: the learner has moved past this question and cannot answer it any more."""

    def __init__(self, message: str, furthest: int) -> None:
        super().__init__(message)
        self.furthest = furthest


def _category_subtree(category: Category) -> list[int]:
    rows = list(Category.objects.filter(bank_id=category.bank_id).values_list("pk", "parent_id"))
    wanted, frontier = {category.pk}, {category.pk}
    while frontier:
        frontier = {pk for pk, parent in rows if parent in frontier} - wanted
        wanted |= frontier
    return sorted(wanted)


def _rule_candidates(rule: BlueprintRule) -> list[int]:
    qs = Question.objects.filter(
        bank_id=rule.exam.bank_id,
        status=Question.Status.APPROVED,
        category_id__in=_category_subtree(rule.category),
    )
    if rule.difficulty:
        qs = qs.filter(difficulty=rule.difficulty)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def exam_pool_question_ids(exam: Exam) -> list[int]:
    """Every approved question the exam's blueprint can draw (the union over its rules), by id."""
    pool: set[int] = set()
    for rule in exam.blueprint.select_related("category", "exam"):
        pool.update(_rule_candidates(rule))
    return sorted(pool)


def exam_blueprint_problems(exam: Exam) -> list[str]:
    """What keeps the blueprint from being drawn: too few approved questions per rule (overlaps counted once)."""
    rules = list(exam.blueprint.select_related("category", "exam"))
    if not rules:
        return [_("The blueprint has no rules.")]
    problems, used = [], set()
    for rule in rules:
        available = [pk for pk in _rule_candidates(rule) if pk not in used]
        if len(available) < rule.count:
            problems.append(
                _(
                    "%(category)s (%(difficulty)s): %(count)s questions needed, %(available)s approved available."
                )
                % {
                    "category": rule.category.name,
                    "difficulty": rule.get_difficulty_display() if rule.difficulty else _("any difficulty"),
                    "count": rule.count,
                    "available": len(available),
                }
            )
        used |= set(available[: rule.count])
    return problems


@transaction.atomic
def exam_publish(*, exam: Exam, actor: User | None, expected_version: int | None = None) -> Exam:
    problems = exam_blueprint_problems(exam)
    if problems:
        raise ValidationError(problems)
    # Publishing is a change too: an edit form loaded before it is refused, and a stale publish likewise.
    exam.version = version_claim(
        Exam, pk=exam.pk, expected=expected_version, actor=actor, what=_("This exam")
    )
    exam.status = Exam.Status.PUBLISHED
    exam.published_at = timezone.now()
    exam.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, verb="exam.publish", obj=exam)
    return exam


def attempt_deadline(*, exam: Exam, started_at: datetime, extra_time_percent: int = 0) -> datetime | None:
    """min(start + limit × (1 + extra time), close); None when neither limits the attempt."""
    candidates = []
    if exam.time_limit_minutes:
        minutes = exam.time_limit_minutes * (100 + extra_time_percent) / 100
        candidates.append(started_at + timedelta(minutes=minutes))
    if exam.closes_at:
        candidates.append(exam.closes_at)
    return min(candidates) if candidates else None


def _accommodation(exam: Exam, user: User) -> Accommodation | None:
    return Accommodation.objects.filter(exam=exam, user=user).first()


def attempt_allowance(*, exam: Exam, user: User, now: datetime) -> dict[str, Any]:
    """Attempts used and left, and when the next one may start (cool-down), for the landing page and start."""
    accommodation = _accommodation(exam, user)
    finished_qs = Attempt.objects.filter(exam=exam, user=user).exclude(state=Attempt.State.IN_PROGRESS)
    recert_due = recert_due_since(user=user, exams=[exam]).get(exam.pk)
    if recert_due is not None:
        # Recertification: a new round of attempts, counted from the moment it became due.
        finished_qs = finished_qs.filter(submitted_at__gte=recert_due)
    finished = list(finished_qs.order_by("-submitted_at").values_list("submitted_at", flat=True))
    allowed = None
    if exam.attempts_allowed and not exam.practice:
        allowed = exam.attempts_allowed + (accommodation.extra_attempts if accommodation else 0)
    left = None if allowed is None else max(0, allowed - len(finished))
    next_at = None
    if finished and finished[0] and exam.cooldown_hours and not exam.practice:
        next_at = finished[0] + timedelta(hours=exam.cooldown_hours)
        if next_at <= now:
            next_at = None
    return {
        "used": len(finished),
        "left": left,
        "allowed": allowed,
        "next_at": next_at,
        "accommodation": accommodation,
        "recert_due": recert_due,
    }


def _start_refusal(exam: Exam, allowance: dict[str, Any], now: datetime) -> str | None:
    if exam.status != Exam.Status.PUBLISHED:
        return _("This exam is not open.")
    if exam.opens_at and now < exam.opens_at:
        return _("This exam opens at %(time)s.") % {
            "time": f"{timezone.localtime(exam.opens_at):%Y-%m-%d %H:%M}"
        }
    if exam.closes_at and now >= exam.closes_at:
        return _("This exam has closed.")
    if allowance["left"] == 0:
        return _("You have used all your attempts.")
    if allowance["next_at"]:
        return _("Your next attempt can start at %(time)s.") % {
            "time": f"{timezone.localtime(allowance['next_at']):%Y-%m-%d %H:%M}"
        }
    return None


def _draw(exam: Exam, rng: random.Random) -> list[int]:
    chosen: list[int] = []
    for rule in exam.blueprint.select_related("category", "exam").order_by("pk"):
        available = [pk for pk in _rule_candidates(rule) if pk not in chosen]
        if len(available) < rule.count:
            raise AttemptNotAllowed(_("The exam cannot be drawn: its question pool is too small."))
        chosen += rng.sample(available, rule.count)
    if exam.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _choice_order(version: QuestionVersion, rng: random.Random, shuffle: bool) -> list[int]:
    data = version.data or {}
    size = {
        "multichoice": len(data.get("answers", [])),
        "matching": len(data.get("pairs", [])),
        "ordering": len(data.get("items", [])),
    }.get(version.qtype, 0)
    order = list(range(size))
    # Ordering items must always start shuffled, or the question answers itself.
    if size and (shuffle or version.qtype == "ordering"):
        rng.shuffle(order)
    return order


def _log(attempt: Attempt, kind: str, now: datetime, ip: str | None, user_agent: str, **detail: Any) -> None:
    AttemptEvent.objects.create(
        attempt=attempt, kind=kind, at=now, ip=ip or None, user_agent=(user_agent or "")[:300], detail=detail
    )


def attempt_start(
    *, exam: Exam, user: User, now: datetime, ip: str | None = None, user_agent: str = ""
) -> Attempt:
    """The user's attempt in progress, or a new one; concurrent starts end with one attempt (DB constraint)."""
    attempts_finalize_overdue(now=now, user=user, exam=exam)
    existing = Attempt.objects.filter(exam=exam, user=user, state=Attempt.State.IN_PROGRESS).first()
    if existing:
        return existing
    allowance = attempt_allowance(exam=exam, user=user, now=now)
    refusal = _start_refusal(exam, allowance, now)
    if refusal:
        raise AttemptNotAllowed(refusal)
    seed = secrets.randbits(48)
    rng = random.Random(seed)
    question_ids = _draw(exam, rng)
    versions = latest_versions(question_ids)
    accommodation = allowance["accommodation"]
    try:
        with transaction.atomic():
            number = (Attempt.objects.filter(exam=exam, user=user).aggregate(n=Max("number"))["n"] or 0) + 1
            attempt = Attempt.objects.create(
                exam=exam,
                user=user,
                number=number,
                seed=seed,
                started_at=now,
                deadline=attempt_deadline(
                    exam=exam,
                    started_at=now,
                    extra_time_percent=accommodation.extra_time_percent if accommodation else 0,
                ),
            )
            responses = []
            for position, qid in enumerate(question_ids, start=1):
                version = versions[qid]
                responses.append(
                    Response(
                        attempt=attempt,
                        position=position,
                        version=version,
                        choice_order=_choice_order(version, rng, exam.shuffle_choices),
                        max_mark=0.0 if version.qtype == "description" else float(version.default_mark),
                    )
                )
            Response.objects.bulk_create(responses)
            attempt.max_marks = sum(r.max_mark for r in responses)
            attempt.save(update_fields=["max_marks"])
            QuestionVersion.objects.filter(
                pk__in=[v.pk for v in versions.values()], delivered_at__isnull=True
            ).update(delivered_at=now)
            _log(attempt, AttemptEvent.Kind.START, now, ip, user_agent, seed=seed)
    except IntegrityError:
        # A concurrent start won the race for the one in-progress slot (or the attempt number).
        existing = Attempt.objects.filter(exam=exam, user=user, state=Attempt.State.IN_PROGRESS).first()
        if existing is None:
            raise
        return existing
    return attempt


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    seq: int
    saved_at: datetime | None
    # A refused (stale) save carries the stored answer, so the client can show what the server holds.
    value: Any = None


_OPEN_STATES = (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE)


def _save_statement(vendor: str, types: int = 0) -> str:
    """The conditional UPDATE of one answer; on PostgreSQL also the INSERT of its SAVE event, in one statement.

    Everything that decides whether the write may land is in its WHERE clause (owner, open state, deadline plus
    grace, newer sequence number, sequential position, and — for a non-empty answer — a question type the
    value's shape fits, `types` placeholders of them), so the happy path needs no read first. PostgreSQL locks
    the attempt row FOR SHARE: a save waits for a submit that holds it FOR UPDATE and then sees the attempt
    closed, and a submit waits for a save under way, so grading never misses an answer it acknowledged."""
    q = connection.ops.quote_name
    response, attempt, exam, event, version = (
        q(m._meta.db_table) for m in (Response, Attempt, Exam, AttemptEvent, QuestionVersion)
    )
    of_type = (
        f" AND EXISTS (SELECT 1 FROM {version} v WHERE v.id = {response}.version_id"  # noqa: S608
        f" AND v.qtype IN ({', '.join(['%s'] * types)}))"
        if types
        else ""
    )
    # Only model table names are formatted in; every value is a parameter.
    update = (
        f"UPDATE {response} SET value = %s, seq = %s, saved_at = %s"  # noqa: S608
        f" WHERE attempt_id = %s AND position = %s AND seq < %s{of_type} AND EXISTS ("
        f"SELECT 1 FROM {attempt} a INNER JOIN {exam} e ON e.id = a.exam_id"
        f" WHERE a.id = {response}.attempt_id AND a.user_id = %s AND a.state IN (%s, %s)"
        f" AND (a.deadline IS NULL OR a.deadline >= %s)"
        f" AND (e.navigation <> %s OR a.furthest_position = %s)"
        f"{' FOR SHARE OF a' if vendor == 'postgresql' else ''})"
    )
    if vendor != "postgresql":
        return update
    # The integrity log keeps one event per accepted save (who, when, from which IP and browser), issue 5. A
    # data-modifying CTE writes it in the same statement as the answer, so the log costs no extra round trip and
    # an answer never lands without its event. SQLite has no DML in CTEs: there it is a second statement.
    return (
        f"WITH saved AS ({update} RETURNING attempt_id)"  # noqa: S608
        f" INSERT INTO {event} (attempt_id, kind, at, ip, user_agent, detail)"
        f" SELECT attempt_id, %s, %s, %s, %s, %s FROM saved"
    )


def _prep(model: type[Any], field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def response_save(
    *,
    attempt: Attempt | int,
    position: int,
    value: Any,
    seq: int,
    now: datetime,
    ip: str | None = None,
    user_agent: str = "",
    user_id: int | None = None,
) -> SaveResult:
    """Store an answer if `seq` is newer than the stored one: one conditional UPDATE, so a stale write never wins.

    `attempt` may be a bare id (the save endpoint): the write is then scoped to `user_id`'s attempts, and an
    attempt that is missing or someone else's raises Attempt.DoesNotExist. Only a save that matched no row reads
    the attempt, to tell why: closed (AttemptClosed), unknown question (Response.DoesNotExist), left behind in a
    sequential exam (NavigationRefused), not an answer to that question's type (AnswerRejected, also raised before
    any query for a value that fits no type), or stale (the stored sequence number and answer are returned,
    saved=False)."""
    types = () if value is None else answer_types(value)
    owner_id: int | None
    if isinstance(attempt, Attempt):
        attempt_id, owner_id = attempt.pk, attempt.user_id
    else:
        attempt_id, owner_id = attempt, user_id
    if owner_id is None:
        raise ValueError("response_save needs the owner's user_id when given an attempt id")
    vendor = connection.vendor
    params = [
        _prep(Response, "value", value),
        seq,
        _prep(Response, "saved_at", now),
        attempt_id,
        position,
        seq,
        *types,
        owner_id,
        *_OPEN_STATES,
        _prep(Attempt, "deadline", now - GRACE),
        Exam.Navigation.SEQUENTIAL,
        position,
    ]
    if vendor == "postgresql":
        params += [
            AttemptEvent.Kind.SAVE,
            _prep(AttemptEvent, "at", now),
            _prep(AttemptEvent, "ip", ip or None),
            (user_agent or "")[:300],
            _prep(AttemptEvent, "detail", {"position": position, "seq": seq}),
        ]
        with connection.cursor() as cursor:
            cursor.execute(_save_statement(vendor, len(types)), params)
            updated = cursor.rowcount
    else:
        # No savepoint: inside a request this opens the transaction itself, so the pair adds no statement.
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(_save_statement(vendor, len(types)), params)
            updated = cursor.rowcount
            if updated:
                _log(
                    Attempt(pk=attempt_id),
                    AttemptEvent.Kind.SAVE,
                    now,
                    ip,
                    user_agent,
                    position=position,
                    seq=seq,
                )
    if updated:
        return SaveResult(True, seq, now)
    return _save_not_applied(
        attempt=attempt,
        attempt_id=attempt_id,
        owner_id=owner_id,
        position=position,
        value=value,
        seq=seq,
        now=now,
        ip=ip,
        user_agent=user_agent,
    )


def _save_not_applied(
    *,
    attempt: Attempt | int,
    attempt_id: int,
    owner_id: int,
    position: int,
    value: Any,
    seq: int,
    now: datetime,
    ip: str | None,
    user_agent: str,
) -> SaveResult:
    """Why a save matched no row, in one read; a sequential exam answered further on moves forward and retries."""
    stored = Response.objects.filter(attempt_id=OuterRef("pk"), position=position)
    row = (
        Attempt.objects.filter(pk=attempt_id, user_id=owner_id)
        .annotate(
            stored_seq=Subquery(stored.values("seq")[:1]),
            stored_at=Subquery(stored.values("saved_at")[:1]),
            stored_value=Subquery(stored.values("value")[:1], output_field=JSONField()),
            stored_qtype=Subquery(stored.values("version__qtype")[:1]),
        )
        .values(
            "state",
            "deadline",
            "furthest_position",
            "exam__navigation",
            "stored_seq",
            "stored_at",
            "stored_value",
            "stored_qtype",
        )
        .first()
    )
    if row is None:
        raise Attempt.DoesNotExist(f"user {owner_id} has no attempt {attempt_id}")
    if row["state"] not in _OPEN_STATES:
        raise AttemptClosed(_("This attempt has been submitted."))
    if row["deadline"] and now > row["deadline"] + GRACE:
        raise AttemptClosed(_("Time is up for this attempt."))
    if row["stored_seq"] is None:
        raise Response.DoesNotExist(f"attempt {attempt_id} has no question {position}")
    problem = answer_problem(row["stored_qtype"], value)
    if problem:
        raise AnswerRejected(problem)
    furthest = row["furthest_position"]
    if row["exam__navigation"] == Exam.Navigation.SEQUENTIAL:
        if position < furthest:
            raise _navigation_refused(furthest)
        if position > furthest and row["stored_seq"] < seq:
            # Answering a later question moves the learner forward; there is no way back. Conditional, so a
            # move further on committed meanwhile wins and the retry below is refused.
            Attempt.objects.filter(
                pk=attempt_id, furthest_position__lt=position, state__in=_OPEN_STATES
            ).update(furthest_position=position)
            if isinstance(attempt, Attempt):
                attempt.furthest_position = position
            return response_save(
                attempt=attempt_id,
                user_id=owner_id,
                position=position,
                value=value,
                seq=seq,
                now=now,
                ip=ip,
                user_agent=user_agent,
            )
    return SaveResult(False, row["stored_seq"], row["stored_at"], row["stored_value"])


@transaction.atomic
def response_flag(*, attempt: Attempt, position: int, flagged: bool) -> None:
    Response.objects.filter(attempt_id=attempt.pk, position=position).update(flagged=flagged)


def _navigation_refused(furthest: int) -> NavigationRefused:
    return NavigationRefused(
        _("This exam goes forward only: you are on question %(current)s and cannot change earlier answers.")
        % {"current": furthest},
        furthest,
    )


def attempt_advance(
    *, attempt: Attempt, from_position: int, now: datetime, ip: str | None = None, user_agent: str = ""
) -> int:
    """Sequential navigation: move from `from_position` to the next question; the furthest position reached.

    Conditional on the stored position, so a double click or a replayed request moves one question only."""
    if attempt.state not in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE):
        raise AttemptClosed(_("This attempt has been submitted."))
    total = Response.objects.filter(attempt_id=attempt.pk).count()
    if attempt.exam.navigation == Exam.Navigation.SEQUENTIAL and from_position < total:
        moved = Attempt.objects.filter(
            pk=attempt.pk,
            furthest_position=from_position,
            state__in=[Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE],
        ).update(furthest_position=from_position + 1)
        if moved:
            _log(attempt, AttemptEvent.Kind.ADVANCE, now, ip, user_agent, position=from_position + 1)
    furthest = Attempt.objects.filter(pk=attempt.pk).values_list("furthest_position", flat=True).get()
    attempt.furthest_position = furthest
    return furthest


class CheckRefused(Exception):
    """Immediate feedback is not available for this question (not practice, not answered, graded by hand)."""


@dataclass(frozen=True)
class CheckResult:
    position: int
    fraction: float
    feedback: list[str]
    general_feedback: str
    text_format: str

    @property
    def outcome(self) -> str:
        if self.fraction >= 1 - 1e-9:
            return "right"
        return "partial" if self.fraction > 0 else "wrong"


def response_check(
    *, attempt: Attempt, position: int, now: datetime, ip: str | None = None, user_agent: str = ""
) -> CheckResult:
    """Practice mode: grade the saved answer to one question and return its feedback — that question only.

    Certifying and other non-practice exams never reveal anything before submit; an unanswered question
    reveals nothing either."""
    if not attempt.exam.practice:
        raise CheckRefused(_("Answers are checked only in practice exams."))
    if attempt.state not in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE):
        raise AttemptClosed(_("This attempt has been submitted."))
    if attempt.deadline and now > attempt.deadline + GRACE:
        raise AttemptClosed(_("Time is up for this attempt."))
    response = Response.objects.select_related("version").get(attempt_id=attempt.pk, position=position)
    version = response.version
    if version.qtype in ("essay", "description"):
        raise CheckRefused(_("This question is graded by hand and cannot be checked now."))
    if response.value in (None, "", [], {}):
        raise CheckRefused(_("Answer the question first, then check it."))
    data = version.data or {}
    answer = stored_to_key_space(response)
    fraction = grade(version.qtype, data, answer) or 0.0
    _log(attempt, AttemptEvent.Kind.CHECK, now, ip, user_agent, position=position, seq=response.seq)
    return CheckResult(
        position=position,
        fraction=fraction,
        feedback=[f for f in feedback_for(version.qtype, data, answer) if f],
        general_feedback=version.general_feedback,
        text_format=version.text_format,
    )


def _grade_responses(attempt: Attempt) -> None:
    responses = list(attempt.responses.select_related("version"))
    marks, pending = 0.0, False
    for response in responses:
        version = response.version
        if version.qtype == "essay":
            if response.fraction is None:
                pending = True
            else:
                marks += response.fraction * response.max_mark
            continue
        fraction = grade(version.qtype, version.data or {}, stored_to_key_space(response))
        response.fraction = fraction
        if fraction is not None:
            marks += fraction * response.max_mark
    Response.objects.bulk_update(responses, ["fraction"])
    attempt.marks = round(marks, 6)
    attempt.score = round(100 * marks / attempt.max_marks, 4) if attempt.max_marks else 0.0
    attempt.awaiting_grading = pending
    attempt.passed = None if pending else attempt.score >= float(attempt.exam.pass_mark)


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, now: datetime, auto: bool = False, ip: str | None = None, user_agent: str = ""
) -> Attempt:
    """Close and grade the attempt once, however often or concurrently it is called."""
    locked = Attempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
    if locked.state in (Attempt.State.SUBMITTED, Attempt.State.ABANDONED):
        return locked
    finished = now
    if locked.deadline and now > locked.deadline:
        finished = locked.deadline
    closed = Attempt.objects.filter(
        pk=locked.pk, state__in=[Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE]
    ).update(state=Attempt.State.SUBMITTED, submitted_at=finished)
    if not closed:
        return Attempt.objects.get(pk=locked.pk)
    locked.state, locked.submitted_at = Attempt.State.SUBMITTED, finished
    _grade_responses(locked)
    locked.save(update_fields=["marks", "score", "awaiting_grading", "passed"])
    _log(
        locked,
        AttemptEvent.Kind.AUTO_SUBMIT if auto else AttemptEvent.Kind.SUBMIT,
        now,
        ip,
        user_agent,
        score=locked.score,
    )
    if locked.passed:
        certification_issue_for(attempt=locked, now=finished)
    transaction.on_commit(partial(send_attempt_submitted, locked))
    return locked


def attempts_finalize_overdue(*, now: datetime, user: User | None = None, exam: Exam | None = None) -> int:
    """The sweep: past the deadline → overdue; past the deadline and the grace → submitted at the deadline."""
    open_attempts = Attempt.objects.filter(
        state__in=[Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE], deadline__lt=now
    )
    if user is not None:
        open_attempts = open_attempts.filter(user=user)
    if exam is not None:
        open_attempts = open_attempts.filter(exam=exam)
    open_attempts.filter(state=Attempt.State.IN_PROGRESS).update(state=Attempt.State.OVERDUE)
    submitted = 0
    for attempt in open_attempts.filter(deadline__lt=now - GRACE):
        attempt_submit(attempt=attempt, now=now, auto=True)
        submitted += 1
    return submitted


def attempt_refresh(*, attempt: Attempt, now: datetime) -> Attempt:
    """On every request: submit an attempt whose deadline and grace have passed (the sweep may not have run)."""
    if attempt.state in (Attempt.State.IN_PROGRESS, Attempt.State.OVERDUE) and attempt.deadline:
        if now > attempt.deadline + GRACE:
            return attempt_submit(attempt=attempt, now=now, auto=True)
        if now > attempt.deadline and attempt.state == Attempt.State.IN_PROGRESS:
            Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.IN_PROGRESS).update(
                state=Attempt.State.OVERDUE
            )
            attempt.state = Attempt.State.OVERDUE
    return attempt


# --- certification ---------------------------------------------------------------------------------

REMINDER_DAYS = (90, 30, 7)


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _new_code() -> str:
    # Unambiguous characters only (no 0/O, 1/I/L): people type these codes from paper.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def certification_issue_for(*, attempt: Attempt, now: datetime) -> Certification | None:
    exam = attempt.exam
    if not exam.certifying or exam.practice or not attempt.passed:
        return None
    existing = Certification.objects.filter(attempt=attempt).first()
    if existing:
        return existing
    certification = Certification.objects.create(
        user=attempt.user,
        exam=exam,
        attempt=attempt,
        code=_new_code(),
        issued_at=now,
        expires_at=add_months(now, exam.validity_months) if exam.validity_months else None,
    )
    # Recertification: the new certificate replaces an older one that was due or still valid.
    Certification.objects.filter(
        user=attempt.user, exam=exam, status=Certification.Status.RECERT_DUE
    ).exclude(pk=certification.pk).update(status=Certification.Status.VALID, expires_at=now, updated_at=now)
    audit_record(
        actor=None,
        verb="certification.issue",
        obj=certification,
        after={"user": attempt.user_id, "exam": exam.slug, "expires": str(certification.expires_at or "")},
    )
    return certification


@transaction.atomic
def certification_revoke(*, certification: Certification, actor: User, reason: str) -> Certification:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the revocation.")})
    before = {"status": certification.status}
    certification.status = Certification.Status.REVOKED
    certification.revoked_at = timezone.now()
    certification.revoked_by = actor
    certification.revoke_reason = reason.strip()
    certification.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        verb="certification.revoke",
        obj=certification,
        before=before,
        after={"status": certification.status},
        note=certification.revoke_reason,
    )
    return certification


def certification_reminders_send(*, now: datetime) -> int:
    """Remind holders at 90, 30 and 7 days before expiry; a reminder row per threshold makes reruns send nothing."""
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    horizon = now + timedelta(days=max(REMINDER_DAYS))
    due = Certification.objects.filter(
        status=Certification.Status.VALID, expires_at__gt=now, expires_at__lte=horizon
    ).select_related("user", "exam")
    sent = 0
    for certification in due:
        assert certification.expires_at is not None
        days_left = (certification.expires_at - now).days
        threshold = min(d for d in REMINDER_DAYS if days_left < d)
        with transaction.atomic():
            _reminder, created = CertificationReminder.objects.get_or_create(
                certification=certification, days_before=threshold, defaults={"sent_at": now}
            )
            if not created:
                continue
            with in_language_of(certification.user):
                subject = ngettext(
                    "Your certification %(exam)s expires in %(days)s day",
                    "Your certification %(exam)s expires in %(days)s days",
                    days_left,
                ) % {
                    "exam": certification.exam.title,
                    "days": days_left,
                }
                body = _("Retake the exam before %(date)s to keep your certification.") % {
                    "date": f"{certification.expires_at:%Y-%m-%d}"
                }
            notify(
                recipient=certification.user,
                kind="exams.certification_expiry",
                event_key=f"exams.certification_expiry:{certification.pk}:{threshold}",
                title=str(subject),
                body=str(body),
                link=reverse("exams:detail", kwargs={"slug": certification.exam.slug}),
            )
            sent += 1
    return sent


# --- regrading and manual grading ------------------------------------------------------------------


@dataclass(frozen=True)
class RegradeChange:
    attempt_id: int
    user_id: int
    old_score: float | None
    new_score: float
    old_passed: bool | None
    new_passed: bool | None


def _attempt_totals(
    attempt: Attempt, fractions: dict[int, float | None]
) -> tuple[float, float, bool, bool | None]:
    marks, pending = 0.0, False
    for response in attempt.responses.all():
        fraction = fractions.get(response.pk, response.fraction)
        if response.version.qtype == "essay" and fraction is None:
            pending = True
        marks += (fraction or 0.0) * response.max_mark
    score = round(100 * marks / attempt.max_marks, 4) if attempt.max_marks else 0.0
    return marks, score, pending, None if pending else score >= float(attempt.exam.pass_mark)


def exam_regrade(*, exam: Exam, actor: User | None, dry_run: bool) -> list[RegradeChange]:
    """Grade every submitted attempt again on each question's newest version (an answer-key fix).

    The dry run reports the score and pass/fail changes; the real run stores them and audits each one."""
    attempts = list(
        Attempt.objects.filter(exam=exam, state=Attempt.State.SUBMITTED)
        .select_related("exam")
        .prefetch_related("responses__version")
        .order_by("pk")
    )
    question_ids = {r.version.question_id for a in attempts for r in a.responses.all()}
    newest = latest_versions(sorted(question_ids))
    changes: list[RegradeChange] = []
    with transaction.atomic():
        for attempt in attempts:
            fractions: dict[int, float | None] = {}
            for response in attempt.responses.all():
                key = newest.get(response.version.question_id, response.version)
                if key.qtype != response.version.qtype or key.qtype == "essay":
                    continue
                fractions[response.pk] = grade(key.qtype, key.data or {}, stored_to_key_space(response))
            marks, score, pending, passed = _attempt_totals(attempt, fractions)
            if score == attempt.score and passed == attempt.passed:
                continue
            changes.append(
                RegradeChange(attempt.pk, attempt.user_id, attempt.score, score, attempt.passed, passed)
            )
            if dry_run:
                continue
            for response in attempt.responses.all():
                if response.pk in fractions:
                    response.fraction = fractions[response.pk]
            Response.objects.bulk_update(list(attempt.responses.all()), ["fraction"])
            before = {"score": attempt.score, "passed": attempt.passed}
            attempt.marks, attempt.score, attempt.awaiting_grading, attempt.passed = (
                marks,
                score,
                pending,
                passed,
            )
            attempt.save(update_fields=["marks", "score", "awaiting_grading", "passed"])
            audit_record(
                actor=actor,
                verb="attempt.regrade",
                obj=attempt,
                before=before,
                after={"score": score, "passed": passed},
            )
            _log(attempt, AttemptEvent.Kind.REGRADE, timezone.now(), None, "", score=score)
            if passed:
                certification_issue_for(attempt=attempt, now=attempt.submitted_at or timezone.now())
    return changes


def essay_queue(exam: Exam | None = None) -> Any:
    """Essay answers waiting for a grader, oldest first; the learner is not shown (blind grading)."""
    qs = Response.objects.filter(
        version__qtype="essay", fraction__isnull=True, attempt__state=Attempt.State.SUBMITTED
    ).select_related("version", "attempt__exam")
    if exam is not None:
        qs = qs.filter(attempt__exam=exam)
    return qs.order_by("attempt__submitted_at", "position")


@transaction.atomic
def response_grade_manual(*, response: Response, actor: User, fraction: float, comment: str = "") -> Attempt:
    """A grader scores an essay (0..1 of its mark); the attempt's score and pass/fail follow, audited."""
    if not 0.0 <= fraction <= 1.0:
        raise ValidationError({"fraction": _("Give a share of the mark between 0 and 1.")})
    if response.attempt.user_id == actor.pk:
        raise PermissionDenied(_("You cannot grade your own answer."))
    before = {"fraction": response.fraction}
    response.fraction = fraction
    response.comment = comment
    response.graded_by = actor
    response.graded_at = timezone.now()
    response.save(update_fields=["fraction", "comment", "graded_by", "graded_at"])
    attempt = (
        Attempt.objects.select_related("exam")
        .prefetch_related("responses__version")
        .get(pk=response.attempt_id)
    )
    marks, score, pending, passed = _attempt_totals(attempt, {})
    attempt.marks, attempt.score, attempt.awaiting_grading, attempt.passed = marks, score, pending, passed
    attempt.save(update_fields=["marks", "score", "awaiting_grading", "passed"])
    audit_record(
        actor=actor,
        verb="response.grade",
        obj=attempt,
        before=before,
        after={"fraction": fraction, "score": score},
    )
    if passed:
        certification_issue_for(attempt=attempt, now=attempt.submitted_at or timezone.now())
    return attempt


def essay_rubric_for(response: Response) -> RubricVersion | None:
    """The rubric an essay is graded on: its question version's own, else the exam's essay rubric, else none."""
    return response.version.rubric_version or response.attempt.exam.essay_rubric


def rubric_fraction(criteria: list[Criterion], ratings: Mapping[int, int]) -> float:
    """Σ weight × (rating − min) / (max − min), over the weights' sum (they are normalised, but be exact)."""
    total = sum(c.weight for c in criteria)
    if total <= 0:
        raise ValidationError(_("The rubric's criteria have no weight."))
    return (
        sum(c.weight * (ratings[c.pk] - c.scale_min) / (c.scale_max - c.scale_min) for c in criteria) / total
    )


@transaction.atomic
def response_grade_rubric(
    *, response: Response, actor: User, ratings: Mapping[int, int], comment: str = ""
) -> Attempt:
    """Grade an essay on its rubric: one rating per criterion, stored per criterion; the fraction follows."""
    rubric = essay_rubric_for(response)
    if rubric is None:
        raise ValidationError(_("This essay has no rubric; give a share of the mark instead."))
    criteria = list(rubric.criteria.order_by("position", "id"))
    errors = {}
    for criterion in criteria:
        rating = ratings.get(criterion.pk)
        if rating is None or not criterion.scale_min <= rating <= criterion.scale_max:
            errors[f"criterion_{criterion.pk}"] = _(
                "%(criterion)s: choose a rating from %(min)s to %(max)s."
            ) % {
                "criterion": criterion.name,
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
    if errors:
        raise ValidationError(errors)
    fraction = rubric_fraction(criteria, ratings)
    if response.attempt.user_id == actor.pk:
        raise PermissionDenied(_("You cannot grade your own answer."))
    EssayCriterionRating.objects.filter(response=response).delete()
    EssayCriterionRating.objects.bulk_create(
        [EssayCriterionRating(response=response, criterion=c, rating=ratings[c.pk]) for c in criteria]
    )
    response.rubric_version = rubric
    response.save(update_fields=["rubric_version"])
    rubric_version_mark_used(version=rubric, actor=actor)
    audit_record(
        actor=actor,
        verb="response.grade_rubric",
        obj=response.attempt,
        after={
            "response": response.pk,
            "rubric_version": rubric.pk,
            "ratings": {c.name: ratings[c.pk] for c in criteria},
            "fraction": round(fraction, 6),
        },
    )
    return response_grade_manual(response=response, actor=actor, fraction=fraction, comment=comment)


@transaction.atomic
def accommodation_grant(
    *,
    exam: Exam,
    user: User,
    extra_time_percent: int,
    extra_attempts: int,
    actor: User,
    reason: str = "",
) -> Accommodation:
    """Extra time and/or attempts for one person on one exam, recorded with who granted them (audited)."""
    accommodation, _created = Accommodation.objects.update_or_create(
        exam=exam,
        user=user,
        defaults={
            "extra_time_percent": extra_time_percent,
            "extra_attempts": extra_attempts,
            "reason": reason,
            "granted_by": actor,
        },
    )
    audit_record(
        actor=actor,
        verb="accommodation.grant",
        obj=accommodation,
        after={"extra_time_percent": extra_time_percent, "extra_attempts": extra_attempts},
        note=reason,
    )
    return accommodation
