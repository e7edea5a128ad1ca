"""A certificate due for recertification because it is about to expire says so in its holder's language — on
My onboarding, on the exam's page and in the email — although the daily sweep runs in the site's language; and
the exam's page does not claim the content changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from assessments.exams.models import Certification
from courses.models import RecertificationStep
from courses.services import learning_path_assign, recertifications_expiry_sweep
from tests.courses.exam_steps import path_of, take
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _gettext(message: str, language: str, **params: object) -> str:
    with translation.override(language):
        return translation.gettext(message) % params


def test_an_expiring_certificate_is_explained_in_the_holders_language(
    persona, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    User.objects.filter(pk=learner.pk).update(language="zh-hans")
    learner.refresh_from_db()
    exam = published_exam(title="Ledgerly certification", certifying=True, validity_months=12)
    learning_path_assign(path=path_of([(exam, 7)]), users=[learner])
    take(exam, learner)
    expires = timezone.now() + dt.timedelta(days=12)
    Certification.objects.filter(user=learner, exam=exam).update(expires_at=expires)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):  # the beat's language
        recertifications_expiry_sweep()
    step = RecertificationStep.objects.get(user=learner, exam=exam)
    date = timezone.localdate(expires).isoformat()
    why_zh = _gettext("The certification expires on %(date)s.", "zh-hans", date=date)
    why_en = _gettext("The certification expires on %(date)s.", "en", date=date)
    assert why_zh != why_en, "the test needs a translated message"

    [email] = [m for m in mail.outbox if m.to == [learner.email]]
    assert why_zh in email.body and why_en not in email.body

    client = login_as("learner")
    client.cookies["django_language"] = "zh-hans"
    onboarding = client.get("/onboarding/").content.decode()
    assert 'data-testid="recertification-step"' in onboarding and step.due_date.isoformat() in onboarding
    assert why_zh in onboarding and why_en not in onboarding

    detail = client.get(reverse("exams:detail", kwargs={"slug": exam.slug})).content.decode()
    assert 'data-testid="recert-due"' in detail and why_zh in detail
    changed = _gettext(
        "The content this certification covers changed materially on %(date)s. Retake the exam to renew your "
        "certification.",
        "zh-hans",
        date=timezone.localdate().isoformat(),
    )
    assert changed not in detail


def test_a_material_change_still_gives_its_summary_and_says_the_content_changed(
    persona, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import Question
    from assessments.exams.services import certifications_content_changed
    from tests.factories.courses import product_page

    learner = persona("learner")
    page = product_page()
    exam = published_exam(title="Ledgerly certification", certifying=True, validity_months=12)
    Question.objects.filter(bank=exam.bank).update(content_page=page)
    learning_path_assign(path=path_of([(exam, 7)]), users=[learner])
    take(exam, learner)
    with django_capture_on_commit_callbacks(execute=True):
        certifications_content_changed(page_id=page.pk, summary="New tiers.", actor=None, now=timezone.now())

    client = login_as("learner")
    onboarding = client.get("/onboarding/").content.decode()
    assert "New tiers." in onboarding
    assert _gettext("The certification expires on %(date)s.", "en", date="").rstrip(".") not in onboarding
    detail = client.get(reverse("exams:detail", kwargs={"slug": exam.slug})).content.decode()
    assert "changed materially on" in detail and "New tiers." in detail
