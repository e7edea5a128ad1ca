"""Marks after submit: regrading on a fixed key, and manual and rubric grading of essays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from assessments.rubrics.models import Criterion, RubricVersion
from assessments.rubrics.services import rubric_version_mark_used

from ..grading import grade
from ..models import (
    Attempt,
    AttemptEvent,
    Certification,
    EssayCriterionRating,
    Exam,
    Response,
)
from ..presentation import stored_to_key_space
from ..review import review_shown
from ..selectors import latest_versions
from ..vocabulary import QuestionType
from .certifications import certification_issue_for, certification_revoke
from .common import _log


@dataclass(frozen=True)
class RegradeChange:
    attempt_id: int
    user_id: int
    old_score: float | None
    new_score: float
    old_passed: bool | None
    new_passed: bool | None
    old_marks: float | None = None
    new_marks: float | None = None

    @property
    def verdict_changed(self) -> bool:
        return self.old_passed != self.new_passed


def _attempt_totals(
    attempt: Attempt, fractions: dict[int, float | None]
) -> tuple[float, float, bool, bool | None]:
    marks, pending = 0.0, False
    for response in attempt.responses.all():
        fraction = fractions.get(response.pk, response.fraction)
        if response.version.qtype == QuestionType.ESSAY and fraction is None:
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
                if key.qtype != response.version.qtype or key.qtype == QuestionType.ESSAY:
                    continue
                if response.graded_by_id is not None:
                    # A mark a person overrode (with a reason, audited) is not undone by a key fix.
                    continue
                fractions[response.pk] = grade(key.qtype, key.data or {}, stored_to_key_space(response))
            marks, score, pending, passed = _attempt_totals(attempt, fractions)
            if score == attempt.score and passed == attempt.passed:
                continue
            changes.append(
                RegradeChange(
                    attempt.pk,
                    attempt.user_id,
                    attempt.score,
                    score,
                    attempt.passed,
                    passed,
                    attempt.marks,
                    round(marks, 6),
                )
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
    if changes and not dry_run:
        _path_progress_refresh({c.user_id for c in changes})
    return changes


def _path_progress_refresh(user_ids: set[int]) -> None:
    """A pass gained or lost moves the learners' stored path progress (courses/progress.py)."""
    from courses.services import enrollments_progress_refresh

    enrollments_progress_refresh(user_ids=user_ids)


def essay_queue(exam: Exam | None = None) -> Any:
    """Essay answers waiting for a grader, oldest first; the learner is not shown (blind grading)."""
    qs = Response.objects.filter(
        version__qtype=QuestionType.ESSAY, fraction__isnull=True, attempt__state=Attempt.State.SUBMITTED
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
        _path_progress_refresh({attempt.user_id})
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


def exam_regrade_preview(*, exam: Exam) -> list[RegradeChange]:
    """The dry run: each submitted attempt whose mark or pass/fail a regrade would change; nothing is saved."""
    return exam_regrade(exam=exam, actor=None, dry_run=True)


def _result_changed_notify(
    *,
    attempt: Attempt,
    old: float | None,
    new: float,
    passed: bool | None,
    certification: str,
    marks_shown: bool = True,
) -> None:
    """The learner's notification centre (and their email, by their channel settings) says what changed, in their
    language (`certification`: issued, revoked or "")."""
    from django.urls import reverse

    from core.notifications import in_language_of, notify

    with in_language_of(attempt.user):
        subject = _("Your result for %(exam)s has changed") % {"exam": attempt.exam.title}
        follow = {
            "issued": " " + _("Your certification has been issued."),
            "revoked": " " + _("The certification it earned has been revoked."),
        }.get(certification, "")
        if not marks_shown:
            # The exam's review options hold marks back now: the notice must not carry them either.
            body = _(
                "After a correction to the exam's answer key your attempt was graded again. Your result page "
                "shows your marks when the exam's review options allow.%(certification)s"
            ) % {"certification": follow}
        else:
            verdict = _("passed") if passed else _("not passed")
            body = _(
                "After a correction to the exam's answer key your attempt was graded again: %(old)s%% → %(new)s%% "
                "(%(verdict)s).%(certification)s"
            ) % {
                "old": f"{old or 0:.1f}",
                "new": f"{new:.1f}",
                "verdict": verdict,
                "certification": follow,
            }
    notify(
        recipient=attempt.user,
        kind="exams.result_changed",
        event_key=f"exams.result_changed:{attempt.pk}:{new:.4f}:{passed}",
        title=str(subject),
        body=str(body),
        link=reverse("exams:result", kwargs={"attempt_id": attempt.pk}),
    )


def _certification_follow(*, attempt: Attempt, actor: User, change: RegradeChange) -> str:
    """Issue or revoke the attempt's certification after its verdict flipped: "issued", "revoked" or ""."""
    if change.new_passed:
        issued = certification_issue_for(attempt=attempt, now=attempt.submitted_at or timezone.now())
        return "issued" if issued else ""
    revoked = 0
    for certification in Certification.objects.filter(attempt=attempt).exclude(
        status=Certification.Status.REVOKED
    ):
        certification_revoke(
            certification=certification,
            actor=actor,
            reason=_("Regrade after an answer-key fix: %(old)s%% → %(new)s%%, below the pass mark.")
            % {"old": f"{change.old_score or 0:.1f}", "new": f"{change.new_score:.1f}"},
        )
        revoked += 1
    return "revoked" if revoked else ""


@transaction.atomic
def exam_regrade_apply(*, exam: Exam, actor: User) -> list[RegradeChange]:
    """Regrade for real: store the new marks (audited), issue or revoke certifications where pass/fail flipped,
    and tell each learner whose result changed (notification centre and email)."""
    from ..authoring import exam_terms_for

    changes = exam_regrade(exam=exam, actor=actor, dry_run=False)
    attempts = Attempt.objects.select_related("user", "exam").in_bulk([c.attempt_id for c in changes])
    for change in changes:
        attempt = attempts[change.attempt_id]
        certification = (
            _certification_follow(attempt=attempt, actor=actor, change=change)
            if change.verdict_changed
            else ""
        )
        if attempt.user.is_active:
            closes_at = exam_terms_for(exam=exam, user=attempt.user).closes_at
            shown = review_shown(exam=exam, attempt=attempt, now=timezone.now(), closes_at=closes_at)
            # notify() records it in this transaction and queues the email after commit.
            _result_changed_notify(
                attempt=attempt,
                old=change.old_score,
                new=change.new_score,
                passed=change.new_passed,
                certification=certification,
                marks_shown=shown.marks,
            )
    return changes


@transaction.atomic
def response_mark_override(*, response: Response, mark: float, reason: str, actor: User) -> Attempt:
    """A person sets one response's mark (0..its maximum) with a reason, audited; the attempt's score,
    pass/fail and certification follow, and later regrades keep the overridden mark."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the override.")})
    if not 0.0 <= mark <= response.max_mark:
        raise ValidationError(
            {"mark": _("Give a mark between 0 and %(max)s.") % {"max": f"{response.max_mark:g}"}}
        )
    if response.attempt.user_id == actor.pk:
        raise PermissionDenied(_("You cannot change the mark of your own answer."))
    if response.attempt.state != Attempt.State.SUBMITTED:
        raise ValidationError(_("Only a submitted attempt's marks can be changed."))
    before = {"fraction": response.fraction, "attempt_score": response.attempt.score}
    response.fraction = mark / response.max_mark if response.max_mark else 0.0
    response.comment = reason.strip()
    response.graded_by = actor
    response.graded_at = timezone.now()
    response.save(update_fields=["fraction", "comment", "graded_by", "graded_at"])
    attempt = (
        Attempt.objects.select_related("exam", "user")
        .prefetch_related("responses__version")
        .get(pk=response.attempt_id)
    )
    old_score, old_passed = attempt.score, attempt.passed
    marks, score, pending, passed = _attempt_totals(attempt, {})
    attempt.marks, attempt.score, attempt.awaiting_grading, attempt.passed = marks, score, pending, passed
    attempt.save(update_fields=["marks", "score", "awaiting_grading", "passed"])
    audit_record(
        actor=actor,
        verb="response.mark_override",
        obj=attempt,
        before=before,
        after={"response": response.pk, "mark": mark, "attempt_score": score, "passed": passed},
        note=reason.strip(),
    )
    if passed != old_passed and passed is not None:
        change = RegradeChange(attempt.pk, attempt.user_id, old_score, score, old_passed, passed)
        _certification_follow(attempt=attempt, actor=actor, change=change)
        _path_progress_refresh({attempt.user_id})
    return attempt
