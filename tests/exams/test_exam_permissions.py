"""Only the owner reads an attempt or downloads a certificate; trainers alone export banks and revoke."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.exams import QuestionBankFactory, published_exam

pytestmark = pytest.mark.django_db

EVERYONE = ("learner", "trainer", "recruiter", "coach", "analyst", "admin")


@pytest.fixture
def owned(persona):  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=0, certifying=True, validity_months=12)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    return exam, attempt


@pytest.mark.parametrize("name", EVERYONE)
def test_only_the_owner_sees_an_attempt(owned, login_as, name) -> None:  # type: ignore[no-untyped-def]
    _exam, attempt = owned
    client = login_as(name)
    expected = 200 if name == "learner" else 404
    assert client.get(f"/exams/attempts/{attempt.pk}/").status_code == expected
    assert client.post(
        f"/exams/attempts/{attempt.pk}/save/", data="{}", content_type="application/json"
    ).status_code == (400 if name == "learner" else 404)


@pytest.mark.parametrize("name", EVERYONE)
def test_certificate_pdf_is_for_the_holder_and_admins(owned, login_as, name) -> None:  # type: ignore[no-untyped-def]
    _exam, attempt = owned
    done = attempt_submit(attempt=attempt, now=timezone.now())
    code = done.certification.code
    reply = login_as(name).get(f"/exams/certificates/{code}.pdf")
    assert reply.status_code == (200 if name in ("learner", "admin") else 404)
    assert login_as(None).get(f"/verify/{code}/").status_code == 200


@pytest.mark.parametrize("name", EVERYONE)
def test_bank_export_and_revoke_are_for_trainers(owned, login_as, name) -> None:  # type: ignore[no-untyped-def]
    _exam, attempt = owned
    code = attempt_submit(attempt=attempt, now=timezone.now()).certification.code
    bank = QuestionBankFactory()
    client = login_as(name)
    allowed = name in ("trainer", "admin")
    assert client.get(f"/exams/banks/{bank.slug}/export.xml").status_code == (200 if allowed else 403)
    assert client.get(f"/exams/certificates/{code}/revoke/").status_code == (200 if allowed else 403)


@pytest.mark.parametrize("name", EVERYONE)
def test_regrade_and_grading_pages_are_for_trainers(owned, login_as, name) -> None:  # type: ignore[no-untyped-def]
    exam, _attempt = owned
    client = login_as(name)
    allowed = name in ("trainer", "admin")
    assert client.get(f"/exams/{exam.slug}/regrade/").status_code == (200 if allowed else 403)
    assert client.get(f"/exams/{exam.slug}/angoff/").status_code == (200 if allowed else 403)
    assert client.get("/exams/grading/").status_code == (200 if allowed else 403)
    assert client.get(f"/exams/{exam.slug}/statistics/").status_code == (
        200 if name in ("trainer", "analyst", "admin") else 403
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_practice_check_is_for_the_attempt_owner_only(login_as, persona, name) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, practice=True)
    attempt = attempt_start(exam=exam, user=persona("learner"), now=timezone.now())
    reply = login_as(name).post(
        f"/exams/attempts/{attempt.pk}/check/", data='{"position": 1}', content_type="application/json"
    )
    # The owner is told to answer first; anybody else cannot tell the attempt exists.
    assert reply.status_code == (422 if name == "learner" else 404)
