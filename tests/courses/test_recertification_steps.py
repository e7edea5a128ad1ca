"""Recertification is assigned: a certificate that becomes "recertification due" (material change or expiry
window) puts a recertification step with a due date on the learner's path, the team table shows it, reminders
follow it, and passing closes it; the replaced certificate is superseded, never a second valid one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Certification, Question
from assessments.exams.services import certifications_content_changed
from courses.models import RecertificationStep
from courses.services import (
    RECERT_DUE_DAYS,
    learning_path_assign,
    recertifications_expiry_sweep,
    step_reminders_send,
)
from tests.courses.exam_steps import path_of, take
from tests.factories.accounts import UserFactory
from tests.factories.courses import product_page
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _certified(learner, *, linked_page=None, **fields):  # type: ignore[no-untyped-def]
    exam = published_exam(
        title="Ledgerly certification", certifying=True, validity_months=12, attempts_allowed=2, **fields
    )
    if linked_page is not None:
        Question.objects.filter(bank=exam.bank).update(content_page=linked_page)
    learning_path_assign(path=path_of([(exam, 7)]), users=[learner])
    take(exam, learner)
    return exam


def test_a_material_change_assigns_a_recertification_step_and_passing_closes_it(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    learner = UserFactory(email="ana@example.com")
    page = product_page()
    exam = _certified(learner, linked_page=page)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        certifications_content_changed(
            page_id=page.pk, summary="New pricing tiers.", actor=None, now=timezone.now()
        )

    step = RecertificationStep.objects.get(user=learner, exam=exam)
    assert step.is_open and step.reason == "New pricing tiers."
    assert step.due_date == timezone.localdate() + dt.timedelta(days=RECERT_DUE_DAYS)
    assert step.enrollment is not None and step.enrollment.path.steps.filter(exam=exam).exists()
    # The exam service announces a material-change recertification; the step adds no second email.
    assert len([m for m in mail.outbox if m.to == [learner.email]]) == 1
    assert AuditEvent.objects.filter(verb="recertification_step.open", object_id=str(step.pk)).exists()

    # Recorded again for a later revision: still one open step.
    with django_capture_on_commit_callbacks(execute=True):
        certifications_content_changed(page_id=page.pk, summary="Again.", actor=None, now=timezone.now())
    assert RecertificationStep.objects.filter(user=learner, exam=exam).count() == 1

    take(exam, learner)
    step.refresh_from_db()
    assert not step.is_open and step.closed_by is not None
    statuses = sorted(Certification.objects.filter(user=learner, exam=exam).values_list("status", flat=True))
    assert statuses == ["superseded", "valid"]
    assert AuditEvent.objects.filter(verb="certification.superseded").count() == 1


def test_a_retake_while_valid_leaves_one_valid_certificate() -> None:
    learner = UserFactory()
    exam = _certified(learner)
    first = Certification.objects.get(user=learner, exam=exam)
    take(exam, learner)
    first.refresh_from_db()
    assert first.status == Certification.Status.SUPERSEDED
    assert (
        Certification.objects.filter(user=learner, exam=exam, status=Certification.Status.VALID).count() == 1
    )


def test_the_expiry_window_assigns_a_step_due_on_the_expiry_date_and_tells_the_learner(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    learner = UserFactory()
    exam = _certified(learner)
    cert = Certification.objects.get(user=learner, exam=exam)
    now = timezone.now()
    expires = now + dt.timedelta(days=12)
    Certification.objects.filter(pk=cert.pk).update(expires_at=expires)
    far = Certification.objects.create(
        user=UserFactory(),
        exam=exam,
        code="FARAWAY23456",
        issued_at=now,
        expires_at=now + dt.timedelta(days=200),
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        steps = recertifications_expiry_sweep(now=now)
    step = RecertificationStep.objects.get(user=learner, exam=exam)
    assert [s.pk for s in steps] == [step.pk]
    cert.refresh_from_db()
    assert cert.status == Certification.Status.RECERT_DUE
    assert step.due_date == timezone.localdate(expires)
    [assigned] = mail.outbox
    assert assigned.to == [learner.email] and "Recertification assigned" in assigned.subject
    assert step.due_date.isoformat() in assigned.body
    assert recertifications_expiry_sweep(now=now) == []  # once each
    far.refresh_from_db()
    assert far.status == Certification.Status.VALID
    assert not RecertificationStep.objects.filter(user=far.user).exists()


def test_recertification_shows_on_my_onboarding_and_the_team_table(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import Membership
    from tests.factories.accounts import TeamFactory

    learner = persona("learner")
    exam = _certified(learner)
    cert = Certification.objects.get(user=learner, exam=exam)
    cert.status, cert.recert_due_at, cert.recert_reason = (
        Certification.Status.RECERT_DUE,
        timezone.now(),
        "Pricing",
    )
    cert.save(update_fields=["status", "recert_due_at", "recert_reason", "updated_at"])
    step = RecertificationStep.objects.get(user=learner)

    page = login_as("learner").get("/onboarding/").content.decode()
    assert 'data-testid="recertification-step"' in page and "Recertification: Ledgerly certification" in page
    assert step.due_date.strftime("%Y-%m-%d") in page and 'data-testid="start-recertification"' in page

    Membership.objects.create(user=learner, org_unit=TeamFactory(manager=persona("coach")))
    table = login_as("coach").get("/onboarding/team/").content.decode()
    assert f"Ledgerly certification · {step.due_date:%m-%d}" in table


def test_reminders_follow_the_recertification_step_once_per_kind(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    learner = UserFactory()
    exam = _certified(learner)
    cert = Certification.objects.get(user=learner, exam=exam)
    cert.status, cert.recert_due_at = Certification.Status.RECERT_DUE, timezone.now()
    cert.save(update_fields=["status", "recert_due_at", "updated_at"])
    step = RecertificationStep.objects.get(user=learner)
    mail.outbox.clear()

    assert step_reminders_send(today=step.due_date - dt.timedelta(days=10)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert step_reminders_send(today=step.due_date - dt.timedelta(days=2)) == 1
    assert "Recertifications assigned to you:" in mail.outbox[-1].body
    assert step_reminders_send(today=step.due_date - dt.timedelta(days=1)) == 0  # due-soon sent once
    with django_capture_on_commit_callbacks(execute=True):
        assert step_reminders_send(today=step.due_date + dt.timedelta(days=1)) == 1
    assert "overdue" in mail.outbox[-1].body
    assert step_reminders_send(today=step.due_date + dt.timedelta(days=2)) == 0
