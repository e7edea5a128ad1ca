"""Attempts: allowance, start, navigation, practice checks, submit and the overdue sweep; accommodations."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.outbox import enqueue

from ..grading import feedback_for, grade, right_answers
from ..models import (
    Accommodation,
    Attempt,
    AttemptEvent,
    Exam,
    QuestionVersion,
    Response,
)
from ..pool import exam_drawable_pool, pool_delivered
from ..presentation import answer_to_key_space, stored_to_key_space
from ..review import review_shown
from ..signals import SUBMITTED_TASK
from ..vocabulary import QuestionType
from .certifications import HolderState, certification_issue_for, holder_state_from, holder_state_sql
from .common import (
    _OPEN_STATES,
    GRACE,
    AttemptClosed,
    AttemptNotAllowed,
    _log,
)
from .publishing import _draw
from .start_terms import learner_start_terms


def attempt_deadline(
    *, exam: Exam, started_at: datetime, extra_time_percent: int = 0, terms: Any = None
) -> datetime | None:
    """min(start + limit × (1 + extra time), close); None when neither limits the attempt.

    `terms` (from `authoring.exam_terms_for`) carries a learner's or team's override of the limit and the close.
    """
    time_limit = terms.time_limit_minutes if terms is not None else exam.time_limit_minutes
    closes_at = terms.closes_at if terms is not None else exam.closes_at
    candidates = []
    if time_limit:
        minutes = time_limit * (100 + extra_time_percent) / 100
        candidates.append(started_at + timedelta(minutes=minutes))
    if closes_at:
        candidates.append(closes_at)
    return min(candidates) if candidates else None


def _accommodation(exam: Exam, user: User) -> Accommodation | None:
    return Accommodation.objects.filter(exam=exam, user=user).first()


def attempt_allowance(*, exam: Exam, user: User, now: datetime) -> dict[str, Any]:
    """Attempts used and left, and when the next one may start (cool-down), for the landing page and start,
    with the learner's accommodation (attempt_allowance_brief and the accommodation row).

    The exam's window, time limit and attempts are read through the learner's override, if any ("terms").
    """
    return attempt_allowance_brief(exam=exam, user=user, now=now) | {
        "accommodation": _accommodation(exam, user)
    }


def attempt_allowance_brief(*, exam: Exam, user: User, now: datetime) -> dict[str, Any]:
    """attempt_allowance without the accommodation row, in two queries: the learner's terms, extra attempts and
    recertification date in one (learner_start_terms, as a start reads them) and their finished attempts.

    For the result page, which the whole room loads at the bell."""
    known = learner_start_terms(exam=exam, user=user)
    finished = list(
        Attempt.objects.filter(exam=exam, user=user)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .values_list("submitted_at", flat=True)
    )
    return _allowance(
        exam=exam,
        terms=known.terms,
        extra_attempts=known.extra_attempts,
        recert_due=known.recert_due,
        finished=finished,
        now=now,
    )


def _allowance(
    *,
    exam: Exam,
    terms: Any,
    extra_attempts: int,
    recert_due: datetime | None,
    finished: list[datetime | None],
    now: datetime,
) -> dict[str, Any]:
    """The allowance from what was read: `finished` holds the submitted_at of every attempt not in progress."""
    if recert_due is not None:
        # Recertification: a new round of attempts, counted from the moment it became due.
        finished = [at for at in finished if at is not None and at >= recert_due]
    allowed = None
    if terms.attempts_allowed and not exam.practice:
        allowed = terms.attempts_allowed + extra_attempts
    left = None if allowed is None else max(0, allowed - len(finished))
    next_at = None
    last = max((at for at in finished if at is not None), default=None)
    if last and exam.cooldown_hours and not exam.practice:
        next_at = last + timedelta(hours=exam.cooldown_hours)
        if next_at <= now:
            next_at = None
    return {
        "used": len(finished),
        "left": left,
        "allowed": allowed,
        "next_at": next_at,
        "recert_due": recert_due,
        "terms": terms,
    }


def _start_refusal(exam: Exam, allowance: dict[str, Any], now: datetime) -> str | None:
    if exam.status != Exam.Status.PUBLISHED:
        return _("This exam is not open.")
    terms = allowance["terms"]
    if terms.opens_at and now < terms.opens_at:
        return _("This exam opens at %(time)s.") % {
            "time": f"{timezone.localtime(terms.opens_at):%Y-%m-%d %H:%M}"
        }
    if terms.closes_at and now >= terms.closes_at:
        return _("This exam has closed.")
    if allowance["left"] == 0:
        return _("You have used all your attempts.")
    if allowance["next_at"]:
        return _("Your next attempt can start at %(time)s.") % {
            "time": f"{timezone.localtime(allowance['next_at']):%Y-%m-%d %H:%M}"
        }
    return None


def _choice_order(version: QuestionVersion, rng: random.Random, shuffle: bool) -> list[int]:
    data = version.data or {}
    sizes: dict[str, int] = {
        QuestionType.MULTICHOICE: len(data.get("answers", [])),
        QuestionType.MATCHING: len(data.get("pairs", [])),
        QuestionType.ORDERING: len(data.get("items", [])),
    }
    size = sizes.get(version.qtype, 0)
    order = list(range(size))
    # Ordering items must always start shuffled, or the question answers itself.
    if size and (shuffle or version.qtype == QuestionType.ORDERING):
        rng.shuffle(order)
    return order


def attempt_start(
    *, exam: Exam, user: User, now: datetime, ip: str | None = None, user_agent: str = ""
) -> Attempt:
    """The user's attempt in progress, or a new one; concurrent starts end with one attempt (DB constraint).

    A fixed few queries whatever the question count: the learner's attempts and terms are read once each, the
    pool comes from its cache, and the responses are one INSERT."""
    mine = list(Attempt.objects.filter(exam=exam, user=user))
    if any(a.state in _OPEN_STATES and a.deadline and a.deadline < now for a in mine):
        attempts_finalize_overdue(now=now, user=user, exam=exam)
        mine = list(Attempt.objects.filter(exam=exam, user=user))
    existing = next((a for a in mine if a.state == Attempt.State.IN_PROGRESS), None)
    if existing:
        return existing
    known = learner_start_terms(exam=exam, user=user)
    allowance = _allowance(
        exam=exam,
        terms=known.terms,
        extra_attempts=known.extra_attempts,
        recert_due=known.recert_due,
        finished=[a.submitted_at for a in mine if a.state != Attempt.State.IN_PROGRESS],
        now=now,
    )
    refusal = _start_refusal(exam, allowance, now)
    if refusal is None and known.on_path:
        from courses.selectors import exam_start_refusal

        refusal = exam_start_refusal(user=user, exam=exam)
    if refusal:
        raise AttemptNotAllowed(refusal)
    seed = secrets.randbits(48)
    rng = random.Random(seed)
    pool = exam_drawable_pool(exam)
    question_ids = _draw(exam, rng, pool.rules)
    versions = pool.versions
    # The responses are built first so the attempt is inserted with its total (no second UPDATE).
    responses = [
        Response(
            position=position,
            version=versions[qid],
            choice_order=_choice_order(versions[qid], rng, exam.shuffle_choices),
            max_mark=0.0
            if versions[qid].qtype == QuestionType.DESCRIPTION
            else float(versions[qid].default_mark),
        )
        for position, qid in enumerate(question_ids, start=1)
    ]
    attempt = Attempt(
        exam=exam,
        user=user,
        # A concurrent start taking the same number fails the unique constraint and is handled below.
        number=max((a.number for a in mine), default=0) + 1,
        seed=seed,
        started_at=now,
        max_marks=sum(r.max_mark for r in responses),
        deadline=attempt_deadline(
            exam=exam, started_at=now, extra_time_percent=known.extra_time_percent, terms=known.terms
        ),
    )
    # The path lock was checked above from the terms query; the pre_save receiver need not read it again.
    attempt._path_lock_checked = True  # type: ignore[attr-defined]
    drawn = set(question_ids)
    undelivered = [v.pk for qid, v in versions.items() if v.delivered_at is None and qid in drawn]
    try:
        # Outermost, this is the transaction; nested in a caller's, a savepoint would only cost two round trips:
        # a failure here fails the caller's transaction either way.
        with transaction.atomic(savepoint=False):
            attempt.save(force_insert=True)
            for response in responses:
                response.attempt = attempt
            Response.objects.bulk_create(responses)
            # A version is marked delivered once (it freezes its key history); on exam day every version has
            # been delivered by the first start, so later starts skip the UPDATE.
            if undelivered:
                QuestionVersion.objects.filter(pk__in=undelivered, delivered_at__isnull=True).update(
                    delivered_at=now
                )
                pool_delivered(exam, undelivered, now)
            _log(attempt, AttemptEvent.Kind.START, now, ip, user_agent, seed=seed)
    except IntegrityError:
        if transaction.get_connection().in_atomic_block:
            raise
        # A concurrent start won the race for the one in-progress slot (or the attempt number).
        existing = Attempt.objects.filter(exam=exam, user=user, state=Attempt.State.IN_PROGRESS).first()
        if existing is None:
            raise
        return existing
    return attempt


@transaction.atomic
def response_flag(*, attempt: Attempt, position: int, flagged: bool) -> None:
    Response.objects.filter(attempt_id=attempt.pk, position=position).update(flagged=flagged)


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
    """What the Check button may show: each part is empty when the exam's "during" options hold it back."""

    position: int
    fraction: float | None
    feedback: list[str]
    general_feedback: str
    text_format: str
    right: list[str]
    question_id: int = 0

    @property
    def outcome(self) -> str:
        if self.fraction is None:
            return ""
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
    shown = review_shown(exam=attempt.exam, attempt=attempt, now=now, closes_at=None)
    if not (shown.marks or shown.feedback or shown.right_answers):
        raise CheckRefused(_("This exam shows nothing about an answer during the attempt."))
    response = Response.objects.select_related("version").get(attempt_id=attempt.pk, position=position)
    version = response.version
    if version.qtype in (QuestionType.ESSAY, QuestionType.DESCRIPTION):
        raise CheckRefused(_("This question is graded by hand and cannot be checked now."))
    if response.value in (None, "", [], {}):
        raise CheckRefused(_("Answer the question first, then check it."))
    data = version.data or {}
    answer = stored_to_key_space(response)
    fraction = grade(version.qtype, data, answer) or 0.0
    _log(attempt, AttemptEvent.Kind.CHECK, now, ip, user_agent, position=position, seq=response.seq)
    return CheckResult(
        position=position,
        fraction=fraction if shown.marks else None,
        feedback=[f for f in feedback_for(version.qtype, data, answer) if f] if shown.feedback else [],
        general_feedback=version.general_feedback if shown.feedback else "",
        text_format=version.text_format,
        question_id=version.question_id,
        right=right_answers(version.qtype, data) if shown.right_answers else [],
    )


def _column(model: type[models.Model], name: str) -> str:
    """The quoted database column of a model's concrete field."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return connection.ops.quote_name(field.column)


_GRADING_RESPONSE_FIELDS = ("id", "value", "choice_order", "max_mark", "fraction")
_GRADING_VERSION_FIELDS = ("qtype", "data")


def _grading_read(attempt: Attempt, certifying: bool) -> list[tuple[Any, ...]]:
    """One read of what grading needs: each response's id, answer, choice order, mark and fraction, with its
    version's type and answer key (not the version's texts), in position order; for a certifying exam also the
    learner's HolderState columns (holder_state_sql).

    Plain SQL from the models' table and column names, as _result_statement: compiling this read through the ORM
    (select_related of the whole version, two subqueries) cost more CPU than grading the answers. Every value is
    a parameter; the JSON columns are decoded by their fields, as the ORM would."""
    q = connection.ops.quote_name
    response, version = q(Response._meta.db_table), q(QuestionVersion._meta.db_table)
    columns = [f"r.{_column(Response, name)}" for name in _GRADING_RESPONSE_FIELDS]
    columns += [f"v.{_column(QuestionVersion, name)}" for name in _GRADING_VERSION_FIELDS]
    params: list[Any] = []
    if certifying:
        holder_sql, params = holder_state_sql(user_id=attempt.user_id, exam_id=attempt.exam_id)
        columns.append(holder_sql)
    sql = (
        f"SELECT {', '.join(columns)} FROM {response} r"  # noqa: S608
        f" INNER JOIN {version} v ON v.{_column(QuestionVersion, 'id')} = r.{_column(Response, 'version')}"
        f" WHERE r.{_column(Response, 'attempt')} = %s ORDER BY r.{_column(Response, 'position')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, attempt.pk])
        return cursor.fetchall()


def _json(model: type[models.Model], name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    assert isinstance(field, models.JSONField)
    # Raw SQL has no expression: Django's from_db_value accepts None there (the ORM passes the column).
    return field.from_db_value(value, None, connection)  # type: ignore[arg-type]


def _grade_responses(attempt: Attempt) -> tuple[list[tuple[int, float | None]], HolderState | None]:
    """Grade every response from one read of answers and keys (_grading_read); the attempt's marks, score and
    outcome, and each response's (id, fraction).

    Nothing is written here (see _store_result). An essay keeps the fraction it has (None until graded by hand).
    For a certifying exam the same read asks whether the learner holds a certificate or has a recertification
    step open, so issuing on a pass needs no read of its own."""
    exam = attempt.exam
    certifying = exam.certifying and not exam.practice
    rows = _grading_read(attempt, certifying)
    graded: list[tuple[int, float | None]] = []
    marks, pending = 0.0, False
    for pk, value, choice_order, max_mark, fraction, qtype, data, *_holder in rows:
        if qtype == QuestionType.ESSAY:
            if fraction is None:
                pending = True
            else:
                marks += fraction * max_mark
            graded.append((pk, fraction))
            continue
        answer = answer_to_key_space(
            qtype, _json(Response, "value", value), _json(Response, "choice_order", choice_order)
        )
        fraction = grade(qtype, _json(QuestionVersion, "data", data) or {}, answer)
        graded.append((pk, fraction))
        if fraction is not None:
            marks += fraction * max_mark
    attempt.marks = round(marks, 6)
    attempt.score = round(100 * marks / attempt.max_marks, 4) if attempt.max_marks else 0.0
    attempt.awaiting_grading = pending
    attempt.passed = None if pending else attempt.score >= float(exam.pass_mark)
    if not (certifying and rows):
        return graded, None
    return graded, holder_state_from(*rows[0][-2:])


def _result_statement() -> str:
    """PostgreSQL: the responses' fractions, the attempt's result and its submit event in one statement.

    Two data-modifying CTEs and the attempt's UPDATE run in one round trip, all or nothing, as the answer and its
    SAVE event do on the save path. The fractions travel as two arrays, so the text is the same for any number
    of questions. Only model table and column names are formatted in; every value is a parameter."""
    q = connection.ops.quote_name
    response, attempt, event = (q(m._meta.db_table) for m in (Response, Attempt, AttemptEvent))
    fraction = _column(Response, "fraction")
    attempt_columns = [_column(Attempt, name) for name in ("marks", "score", "awaiting_grading", "passed")]
    event_columns = ", ".join(
        _column(AttemptEvent, name) for name in ("attempt", "kind", "at", "ip", "user_agent", "detail")
    )
    return (
        f"WITH graded AS (UPDATE {response} SET {fraction} = g.fraction"  # noqa: S608
        f" FROM unnest(%s::bigint[], %s::double precision[]) AS g(id, fraction)"
        f" WHERE {response}.id = g.id),"
        f" logged AS (INSERT INTO {event} ({event_columns}) VALUES (%s, %s, %s, %s, %s, %s))"
        f" UPDATE {attempt} SET {', '.join(f'{column} = %s' for column in attempt_columns)} WHERE id = %s"
    )


def _prep(model: type[Any], field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def _store_result(
    attempt: Attempt,
    graded: list[tuple[int, float | None]],
    kind: str,
    now: datetime,
    ip: str | None,
    user_agent: str,
) -> None:
    """Write the grading: the fractions, the attempt's marks, score and outcome, and the submit event.

    One statement on PostgreSQL (_result_statement); elsewhere (SQLite has no DML in CTEs) one bulk UPDATE of the
    fractions, the attempt's UPDATE and the event's INSERT."""
    detail = {"score": attempt.score}
    if connection.vendor != "postgresql":
        Response.objects.bulk_update([Response(pk=pk, fraction=f) for pk, f in graded], ["fraction"])
        # An UPDATE, not save(): like PostgreSQL's one statement it sends no post_save, so what follows a submit
        # is the follow-up task's alone on both databases (a receiver of attempt saves would otherwise act twice).
        Attempt.objects.filter(pk=attempt.pk).update(
            marks=attempt.marks,
            score=attempt.score,
            awaiting_grading=attempt.awaiting_grading,
            passed=attempt.passed,
        )
        _log(attempt, kind, now, ip, user_agent, **detail)
        return
    params = [
        [pk for pk, _fraction in graded],
        [None if f is None else float(f) for _pk, f in graded],
        attempt.pk,
        kind,
        _prep(AttemptEvent, "at", now),
        _prep(AttemptEvent, "ip", ip or None),
        (user_agent or "")[:300],
        _prep(AttemptEvent, "detail", detail),
        attempt.marks,
        attempt.score,
        attempt.awaiting_grading,
        attempt.passed,
        attempt.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_result_statement(), params)


def attempt_submit(
    *, attempt: Attempt, now: datetime, auto: bool = False, ip: str | None = None, user_agent: str = ""
) -> Attempt:
    """Close and grade the attempt once, however often or concurrently it is called.

    The conditional UPDATE that closes it is the lock: it waits for a save under way (which holds the attempt
    FOR SHARE) and a later save waits for it and then finds the attempt closed, so the answers read next are
    the final ones. Outermost, the atomic block is the transaction; nested, a savepoint would buy nothing.

    What follows a submit outside the exam (the item analysis refresh, a path's completion, coaching
    qualification grants: the `attempt_submitted` receivers) runs in ONE task, `exams.attempt_submitted`,
    published once the transaction commits: a worker's queries, not the examinee's (in eager mode, without a
    broker, it runs right after the commit, inside the request)."""
    with transaction.atomic(savepoint=False):
        finished = attempt.deadline if attempt.deadline and now > attempt.deadline else now
        closed = Attempt.objects.filter(pk=attempt.pk, state__in=_OPEN_STATES).update(
            state=Attempt.State.SUBMITTED,
            # The stored deadline, not the one this process read: a deadline changed since still holds.
            submitted_at=Case(When(deadline__lt=now, then=F("deadline")), default=Value(now)),
        )
        if not closed:
            return Attempt.objects.select_related("exam", "user").get(pk=attempt.pk)
        attempt.state, attempt.submitted_at = Attempt.State.SUBMITTED, finished
        graded, holder = _grade_responses(attempt)
        kind = AttemptEvent.Kind.AUTO_SUBMIT if auto else AttemptEvent.Kind.SUBMIT
        _store_result(attempt, graded, kind, now, ip, user_agent)
        if attempt.passed:
            certification_issue_for(attempt=attempt, now=finished, holder=holder, after_submit=True)
        enqueue(SUBMITTED_TASK, args=[attempt.pk], dedupe_key=f"{SUBMITTED_TASK}:{attempt.pk}")
    return attempt


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
