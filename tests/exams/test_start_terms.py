"""The start terms query is compiled once per process: each call still reads its own learner's and exam's terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.authoring import exam_override_set
from assessments.exams.models import Accommodation, Exam
from assessments.exams.services.start_terms import learner_start_terms
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def test_each_call_reads_its_own_learner_and_exam() -> None:
    first, second = published_exam(time_limit_minutes=30), published_exam(time_limit_minutes=45)
    helped, other = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.LEARNER])
    trainer = UserFactory(roles=[Role.TRAINER])
    closes = timezone.now() + dt.timedelta(days=3)
    exam_override_set(
        exam=first, actor=trainer, user=helped, closes_at=closes, attempts_allowed=5, reason="x"
    )
    Accommodation.objects.create(exam=first, user=helped, extra_time_percent=25, extra_attempts=1)

    mine = learner_start_terms(exam=first, user=helped)
    assert (mine.terms.closes_at, mine.terms.attempts_allowed) == (closes, 5)
    assert (mine.extra_time_percent, mine.extra_attempts) == (25, 1)
    assert mine.terms.time_limit_minutes == 30
    theirs = learner_start_terms(exam=first, user=other)
    assert (theirs.terms.closes_at, theirs.terms.attempts_allowed) == (
        first.closes_at,
        first.attempts_allowed,
    )
    assert (theirs.extra_time_percent, theirs.extra_attempts) == (0, 0)
    elsewhere = learner_start_terms(exam=second, user=helped)
    assert elsewhere.terms.time_limit_minutes == 45
    assert (elsewhere.extra_time_percent, elsewhere.terms.attempts_allowed) == (0, second.attempts_allowed)


def test_a_missing_exam_raises_does_not_exist() -> None:
    ghost = Exam(pk=987654321)
    with pytest.raises(Exam.DoesNotExist):
        learner_start_terms(exam=ghost, user=UserFactory())
