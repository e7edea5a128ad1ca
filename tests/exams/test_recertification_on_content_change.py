"""A material change to a product page makes valid certifications of exams that test it "recertification
due": audited, the holder is emailed after commit, the exam landing says so, and a fresh attempt is allowed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Attempt, BlueprintRule, Certification, Exam, Question
from assessments.exams.services import certifications_content_changed
from tests.courses.admin_forms import page_post_data
from tests.factories.courses import product_page
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _certifying_exam(title: str, *, page=None) -> Exam:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    QuestionFactory(bank=bank, category=category, content_page=page)
    exam = ExamFactory(
        bank=bank,
        title=title,
        status=Exam.Status.PUBLISHED,
        published_at=timezone.now(),
        certifying=True,
        attempts_allowed=1,
        pass_mark=50,
        validity_months=12,
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=1)
    return exam


def _pass(client, exam: Exam) -> Attempt:  # type: ignore[no-untyped-def]
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam, state=Attempt.State.IN_PROGRESS)
    response = attempt.responses.get()
    client.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": 1, "value": response.choice_order.index(0), "seq": 1}),
        content_type="application/json",
    )
    client.post(f"/exams/attempts/{attempt.pk}/submit/")
    attempt.refresh_from_db()
    assert attempt.passed is True
    return attempt


def test_material_change_marks_linked_certifications_due_and_allows_a_retake(
    login_as, persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    linked = _certifying_exam("Field certification", page=page)
    unrelated = _certifying_exam("Insight certification")
    learner = login_as("learner")
    _pass(learner, linked)
    _pass(learner, unrelated)
    assert "Start the exam" not in learner.get(f"/exams/{linked.slug}/").content.decode()
    before = Certification.objects.get(exam=linked).updated_at

    data = page_post_data(title="Lumora Field")
    data["material_change"] = "on"
    data["material_change_summary"] = "New pricing tiers."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = login_as("analyst").post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert reply.status_code == 302

    due = Certification.objects.get(exam=linked)
    assert due.status == Certification.Status.RECERT_DUE
    assert due.recert_reason == "New pricing tiers." and due.recert_due_at is not None
    assert due.updated_at > before
    assert Certification.objects.get(exam=unrelated).status == Certification.Status.VALID
    event = AuditEvent.objects.get(verb="certification.recert_due")
    assert event.object_id == str(due.pk) and event.actor == persona("analyst")
    assert Question.objects.get(bank=linked.bank).needs_review is True

    to_learner = [m for m in mail.outbox if m.to == [persona("learner").email]]
    assert len(to_learner) == 1
    assert "Field certification" in to_learner[0].subject
    assert f"/exams/{linked.slug}/" in to_learner[0].body and "New pricing tiers." in to_learner[0].body

    landing = learner.get(f"/exams/{linked.slug}/").content.decode()
    assert 'data-testid="recert-due"' in landing and "New pricing tiers." in landing
    assert "Start the exam" in landing and "1 attempt left" in landing
    assert "Recertification due" in learner.get("/exams/").content.decode()

    # Retaking and passing issues a new certification; the due one is superseded, not "valid, expiring now".
    _pass(learner, linked)
    statuses = sorted(Certification.objects.filter(exam=linked).values_list("status", flat=True))
    assert statuses == ["superseded", "valid"]
    assert Certification.objects.filter(exam=linked, status=Certification.Status.VALID).count() == 1
    assert 'data-testid="recert-due"' not in learner.get(f"/exams/{linked.slug}/").content.decode()


def test_only_valid_unexpired_certifications_of_pool_exams_change(
    persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    exam = _certifying_exam("Ledger certification", page=page)
    now = timezone.now()
    learner, other = persona("learner"), persona("coach")
    valid = Certification.objects.create(
        user=learner, exam=exam, code="VALID2345678", issued_at=now, expires_at=now + dt.timedelta(days=30)
    )
    expired = Certification.objects.create(
        user=other, exam=exam, code="EXPIRED23456", issued_at=now, expires_at=now - dt.timedelta(days=1)
    )
    # A draft question linked to the page does not make other exams due; nor does an unlinked page.
    assert (
        certifications_content_changed(
            page_id=product_page(title="Other").pk, summary="x", actor=None, now=now
        )
        == []
    )
    with django_capture_on_commit_callbacks(execute=True):
        changed = certifications_content_changed(page_id=page.pk, summary="Renamed", actor=None, now=now)
    assert [c.pk for c in changed] == [valid.pk]
    expired.refresh_from_db()
    assert expired.status == Certification.Status.VALID
    assert [m.to for m in mail.outbox] == [[learner.email]]
    # Recorded twice (a second revision): nothing is due twice.
    assert certifications_content_changed(page_id=page.pk, summary="Again", actor=None, now=now) == []
