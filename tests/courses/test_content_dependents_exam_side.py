"""content_dependents lists lessons, the questions that test the page, the exams drawing them and the holding
certificates of those exams; a material change tells each owner once, about all of theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from assessments.exams.models import Certification, Question
from courses.selectors import content_dependents
from courses.services import content_version_record
from tests.factories.accounts import UserFactory
from tests.factories.courses import product_page
from tests.factories.exams import QuestionFactory, published_exam

pytestmark = pytest.mark.django_db


def test_dependents_include_questions_exams_and_holding_certificates(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    page, other = product_page(title="Ledgerly"), product_page(title="Other")
    author = UserFactory(email="author@example.com")
    exam = published_exam(title="Ledgerly certification", certifying=True, created_by=author)
    Question.objects.filter(bank=exam.bank).update(content_page=page, author=author)
    QuestionFactory(name="Unrelated", content_page=other)
    holder, lapsed = UserFactory(), UserFactory()
    now = timezone.now()
    held = Certification.objects.create(user=holder, exam=exam, code="HELD23456789", issued_at=now)
    Certification.objects.create(
        user=lapsed, exam=exam, code="LAPSED234567", issued_at=now, expires_at=now - dt.timedelta(days=1)
    )

    dependents = content_dependents(page)
    kinds = [d.kind for d in dependents]
    assert kinds.count("question") == Question.objects.filter(content_page=page).count() == 6
    assert [(d.kind, d.id) for d in dependents if d.kind != "question"] == [
        ("exam", exam.pk),
        ("certification", held.pk),
    ]
    assert all(d.owner_id == author.pk for d in dependents if d.kind in ("question", "exam"))
    assert [d.title for d in content_dependents(other)] == ["Unrelated"]

    revision = page.save_revision()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        content_version_record(page=page, revision=revision, summary="New tiers", actor=None)
    to_author = [m for m in mail.outbox if m.to == [author.email]]
    assert len(to_author) == 1  # one email for all seven of the author's dependents
    assert "Ledgerly certification" in to_author[0].body and "Question" in to_author[0].body
