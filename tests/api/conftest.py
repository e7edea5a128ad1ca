"""API test helpers: a token with chosen scopes as request headers, and a small organisation to read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from api.models import Scope
from api.services import api_token_create
from assessments.exams.models import Certification
from assessments.hiring.models import Candidate, Scorecard, Stage
from courses.models import Enrollment, LessonProgress
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, learning_path
from tests.factories.exams import ExamFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

ALL_SCOPES = list(Scope.values)


@pytest.fixture
def bearer(db):  # type: ignore[no-untyped-def]
    """bearer("candidates:read", …) → headers for a fresh token holding those scopes."""

    def make(*scopes: str) -> dict[str, str]:
        _, text = api_token_create(name="Test integration", scopes=list(scopes) or ALL_SCOPES, actor=None)
        return {"Authorization": f"Bearer {text}"}

    return make


@dataclass
class Org:
    interviewer_a: User
    interviewer_b: User
    candidate: Candidate  # A submitted, B still drafting
    draft: Scorecard
    submitted: Scorecard
    learner: User
    enrollment: Enrollment
    certification: Certification


@pytest.fixture
def org(db, roles) -> Org:  # type: ignore[no-untyped-def]
    req = make_requisition()
    a = UserFactory(roles=[Role.COACH])
    b = UserFactory(roles=[Role.COACH])
    candidate = make_candidate(req)
    submitted = submit_scorecard(make_interview(candidate, a), values=4)
    draft = submit_scorecard(make_interview(candidate, b), values=2, submit=False)
    learner = UserFactory(roles=[Role.LEARNER])
    c = course(title="Pitch basics", lessons=2)
    path = learning_path(name="Onboarding", courses=[(c, 7)])
    enrollment = Enrollment.objects.create(path=path, user=learner, start_date=timezone.localdate())
    first_lesson = c.get_children().first()
    LessonProgress.objects.create(user=learner, lesson_id=first_lesson.pk, completed_at=timezone.now())
    exam = ExamFactory()
    certification = Certification.objects.create(
        user=learner, exam=exam, code="ABCD1234EFGH", issued_at=timezone.now() - dt.timedelta(days=3)
    )
    return Org(a, b, candidate, draft, submitted, learner, enrollment, certification)


def set_stage_changed(candidate: Candidate, at: dt.datetime) -> None:
    Candidate.objects.filter(pk=candidate.pk).update(stage_changed_at=at)


def hire(candidate: Candidate, user: User, at: dt.datetime | None = None) -> None:
    Candidate.objects.filter(pk=candidate.pk).update(
        stage=Stage.HIRED, user=user, stage_changed_at=at or timezone.now()
    )


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["items"]]
