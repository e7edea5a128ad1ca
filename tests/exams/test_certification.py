"""Passing a certifying exam issues a certification; revocation needs a reason and is audited; the PDF has a QR code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Certification
from assessments.exams.services import add_months, attempt_start, attempt_submit, certification_revoke
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _pass(persona, **exam_fields):  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=0, **exam_fields)
    now = timezone.now()
    return attempt_submit(attempt=attempt_start(exam=exam, user=persona("learner"), now=now), now=now)


def test_passing_a_certifying_exam_issues_a_certification(persona) -> None:  # type: ignore[no-untyped-def]
    attempt = _pass(persona, certifying=True, validity_months=12)
    cert = Certification.objects.get(attempt=attempt)
    assert cert.status == "valid"
    assert len(cert.code) == 12
    assert cert.expires_at == add_months(cert.issued_at, 12)
    assert AuditEvent.objects.filter(verb="certification.issue", object_id=str(cert.pk)).exists()


def test_practice_and_non_certifying_exams_issue_nothing(persona) -> None:  # type: ignore[no-untyped-def]
    _pass(persona, certifying=False)
    _pass(persona, certifying=True, practice=True)
    assert not Certification.objects.exists()


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 15, tzinfo=UTC), 14).date().isoformat() == "2028-01-15"


def test_revocation_needs_a_reason_and_is_audited(persona) -> None:  # type: ignore[no-untyped-def]
    cert = Certification.objects.get(attempt=_pass(persona, certifying=True, validity_months=12))
    with pytest.raises(ValidationError):
        certification_revoke(certification=cert, actor=persona("admin"), reason="  ")
    certification_revoke(certification=cert, actor=persona("admin"), reason="Shared answers")
    cert.refresh_from_db()
    assert (cert.status, cert.revoke_reason) == ("revoked", "Shared answers")
    event = AuditEvent.objects.get(verb="certification.revoke", object_id=str(cert.pk))
    assert event.before == {"status": "valid"} and event.note == "Shared answers"


def test_certificate_pdf_is_a_pdf_with_the_code(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    cert = Certification.objects.get(attempt=_pass(persona, certifying=True, validity_months=12))
    reply = login_as("learner").get(f"/exams/certificates/{cert.code}.pdf")
    assert reply["Content-Type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")
    assert b"/Image" in reply.content or b"/XObject" in reply.content


def test_verify_page_shows_name_exam_dates_status_and_nothing_else(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    attempt = _pass(persona, certifying=True, validity_months=12)
    cert = Certification.objects.get(attempt=attempt)
    page = login_as(None).get(f"/verify/{cert.code}/").content.decode()
    learner = attempt.user
    assert learner.display_name in page
    assert attempt.exam.title in page
    assert f"{cert.issued_at:%Y-%m-%d}" in page and f"{cert.expires_at:%Y-%m-%d}" in page
    assert "Valid" in page
    for private in (learner.email, f"{attempt.score:g}%", "score", "Score", f"/exams/attempts/{attempt.pk}"):
        assert private not in page, private


def test_verify_shows_revoked_and_expired_states(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    cert = Certification.objects.get(attempt=_pass(persona, certifying=True, validity_months=12))
    Certification.objects.filter(pk=cert.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert "Expired" in login_as(None).get(f"/verify/{cert.code}/").content.decode()
    certification_revoke(certification=cert, actor=persona("admin"), reason="Fraud")
    assert "Revoked" in login_as(None).get(f"/verify/{cert.code}/").content.decode()
