"""Fix a key, preview, apply: certifications follow pass/fail both ways and learners are told; one response's
mark can be overridden with a reason, audited, and a later regrade keeps it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Attempt, Certification, Response
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    exam_regrade_apply,
    exam_regrade_preview,
    question_revise,
    response_mark_override,
    response_save,
)
from core.models import Notification
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _sit(exam, learner, second_option_on: int | None = None):  # type: ignore[no-untyped-def]
    """Answer every question with its first option (right on the key), but question `second_option_on` with its
    second; the attempt and the responses by question id."""
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=learner, now=now)
    responses = {r.version.question_id: r for r in attempt.responses.select_related("version__question")}
    for qid, r in responses.items():
        key = 1 if qid == second_option_on else 0
        response_save(attempt=attempt, position=r.position, value=r.choice_order.index(key), seq=1, now=now)
    return attempt_submit(attempt=attempt, now=now), responses


def _rekey(version, right: int, actor) -> None:  # type: ignore[no-untyped-def]
    fixed = dict(version.data)
    fixed["answers"] = [dict(a, fraction=1.0 if i == right else 0.0) for i, a in enumerate(fixed["answers"])]
    question_revise(question=version.question, actor=actor, data=fixed)


def test_apply_revokes_and_issues_certifications_and_tells_the_learners(  # type: ignore[no-untyped-def]
    persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(
        questions=2, draw=2, pass_mark=100, certifying=True, validity_months=12, shuffle_questions=False
    )
    trainer = persona("trainer")
    passer, failer = persona("learner"), persona("coach")
    passed, responses = _sit(exam, passer)
    first = min(responses.values(), key=lambda r: r.version.question_id)
    failed, _responses = _sit(exam, failer, second_option_on=first.version.question_id)
    assert (passed.passed, failed.passed) == (True, False)
    cert = Certification.objects.get(attempt=passed)
    # The key was wrong: option 2 of question 1 is the right one.
    _rekey(first.version, 1, trainer)

    preview = exam_regrade_preview(exam=exam)
    assert sorted(
        (c.user_id, c.old_marks, c.new_marks, c.old_passed, c.new_passed) for c in preview
    ) == sorted([(passer.pk, 2.0, 1.0, True, False), (failer.pk, 1.0, 2.0, False, True)])
    assert Certification.objects.get(pk=cert.pk).status == Certification.Status.VALID
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        changes = exam_regrade_apply(exam=exam, actor=trainer)
    assert len(changes) == 2
    cert.refresh_from_db()
    assert cert.status == Certification.Status.REVOKED and "answer-key" in cert.revoke_reason
    assert Certification.objects.filter(attempt=failed, status=Certification.Status.VALID).exists()
    told = {m.to[0]: m.body for m in mail.outbox}
    assert set(told) == {passer.email, failer.email}
    assert "revoked" in told[passer.email] and "issued" in told[failer.email]
    # The notification centre (the header's bell) has it too, linking to the regraded result.
    bell = {n.recipient_id: n for n in Notification.objects.filter(kind="exams.result_changed")}
    assert set(bell) == {passer.pk, failer.pk}
    assert bell[failer.pk].link == f"/exams/attempts/{failed.pk}/result/"
    assert "issued" in bell[failer.pk].body and "revoked" in bell[passer.pk].body
    assert exam_regrade_preview(exam=exam) == []


def test_an_override_is_audited_moves_the_result_and_survives_a_regrade(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(
        questions=2, draw=2, pass_mark=100, certifying=True, validity_months=12, shuffle_questions=False
    )
    trainer, learner = persona("trainer"), persona("learner")
    some = exam.bank.questions.order_by("pk").first()
    attempt, responses = _sit(exam, learner, second_option_on=some.pk)
    first = responses[some.pk]
    response = Response.objects.select_related("attempt").get(pk=first.pk)
    with pytest.raises(ValidationError):
        response_mark_override(response=response, mark=1.0, reason=" ", actor=trainer)
    with pytest.raises(ValidationError):
        response_mark_override(response=response, mark=5.0, reason="too much", actor=trainer)
    done = response_mark_override(
        response=response, mark=1.0, reason="Both options are defensible", actor=trainer
    )
    assert (done.marks, done.score, done.passed) == (2.0, 100.0, True)
    assert Certification.objects.filter(attempt=attempt, status=Certification.Status.VALID).exists()
    event = AuditEvent.objects.get(verb="response.mark_override")
    assert event.note == "Both options are defensible" and event.actor_id == trainer.pk
    # A later key change would mark it wrong again, but the person's override stands.
    _rekey(first.version, 0, trainer)
    assert exam_regrade_preview(exam=exam) == []
    assert Attempt.objects.get(pk=attempt.pk).score == 100.0


def test_the_regrade_page_lists_the_dry_run_and_applies_it(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=100, certifying=True, validity_months=12)
    trainer = persona("trainer")
    some = exam.bank.questions.order_by("pk").first()
    attempt, responses = _sit(exam, persona("learner"), second_option_on=some.pk)
    _rekey(responses[some.pk].version, 1, trainer)
    client = login_as("trainer")
    page = client.get(f"/exams/{exam.slug}/regrade/").content.decode()
    assert "50.0%" in page and "100.0%" in page and "Apply the regrade" in page
    assert Attempt.objects.get(pk=attempt.pk).score == 50.0
    assert client.post(f"/exams/{exam.slug}/regrade/").status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).score == 100.0
    assert Certification.objects.filter(attempt=attempt, status=Certification.Status.VALID).exists()
    assert "No score would change" in client.get(f"/exams/{exam.slug}/regrade/").content.decode()
