"""Expiry reminders go out at 90, 30 and 7 days before expiry, once each, however often the beat task runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assessments.exams.models import Certification, CertificationReminder
from assessments.exams.services import certification_reminders_send
from assessments.exams.tasks import certification_reminders
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _cert(user, expires_in_days: float) -> Certification:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return Certification.objects.create(
        user=user,
        exam=ExamFactory(certifying=True),
        code=f"C{Certification.objects.count():011d}",
        issued_at=now - timedelta(days=300),
        expires_at=now + timedelta(days=expires_in_days),
    )


def test_each_threshold_is_sent_once(persona, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    cert = _cert(learner, 85)
    far = _cert(learner, 200)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):  # emails go out after commit
        assert certification_reminders_send(now=now) == 1
        assert certification_reminders_send(now=now) == 0
        assert certification_reminders_send(now=now + timedelta(days=1)) == 0
        assert (
            certification_reminders_send(now=now + timedelta(days=60)) == 1
        )  # 25 days left → the 30-day one
        assert certification_reminders_send(now=now + timedelta(days=80)) == 1  # 5 days left → the 7-day one
        assert certification_reminders_send(now=now + timedelta(days=80)) == 0
    assert sorted(cert.reminders.values_list("days_before", flat=True)) == [7, 30, 90]
    assert not far.reminders.exists()
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == [learner.email]


def test_revoked_and_expired_certifications_get_no_reminder(persona) -> None:  # type: ignore[no-untyped-def]
    revoked = _cert(persona("learner"), 20)
    Certification.objects.filter(pk=revoked.pk).update(status="revoked")
    _cert(persona("learner"), -3)
    assert certification_reminders.delay().get() == 0
    assert not CertificationReminder.objects.exists()
