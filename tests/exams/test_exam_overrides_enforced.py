"""An override is not only shown: the start and the server deadline obey the learner's or team's terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.authoring import exam_override_set
from assessments.exams.models import Attempt
from assessments.exams.services import AttemptNotAllowed, attempt_start, attempt_submit
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def test_extra_attempts_from_an_override_let_the_learner_start_again() -> None:
    exam = published_exam(attempts_allowed=1)
    learner, trainer = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.TRAINER])
    now = timezone.now()
    attempt_submit(attempt=attempt_start(exam=exam, user=learner, now=now), now=now)
    with pytest.raises(AttemptNotAllowed):
        attempt_start(exam=exam, user=learner, now=now)
    exam_override_set(exam=exam, actor=trainer, user=learner, attempts_allowed=2, reason="Retake agreed")
    assert attempt_start(exam=exam, user=learner, now=now).number == 2


def test_a_team_override_keeps_the_exam_open_and_sets_the_deadline() -> None:
    now = timezone.now()
    exam = published_exam(time_limit_minutes=30, closes_at=now - dt.timedelta(hours=1))
    team, trainer = TeamFactory(), UserFactory(roles=[Role.TRAINER])
    member, outsider = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.LEARNER])
    MembershipFactory(user=member, org_unit=team)
    exam_override_set(
        exam=exam,
        actor=trainer,
        team=team,
        closes_at=now + dt.timedelta(days=2),
        time_limit_minutes=90,
        reason="Launch week in the field",
    )
    with pytest.raises(AttemptNotAllowed):
        attempt_start(exam=exam, user=outsider, now=now)
    attempt = attempt_start(exam=exam, user=member, now=now)
    assert attempt.deadline == now + dt.timedelta(minutes=90)
    assert Attempt.objects.filter(exam=exam).count() == 1
