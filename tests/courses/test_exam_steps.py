"""An exam step is done when the learner passes the exam (certifying: holds a valid certificate); it is due and
overdue like a course step, and path progress and path_completion_by_user count it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.exams.models import Certification
from courses.models import LearningPathStep
from courses.selectors import onboarding_for, path_completion_by_user
from courses.services import learning_path_assign, lesson_complete
from tests.courses.exam_steps import path_of, take
from tests.factories.accounts import UserFactory
from tests.factories.courses import course
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _finish(a_course, user) -> None:  # type: ignore[no-untyped-def]
    for child in a_course.get_children().live().specific():
        lesson_complete(user=user, lesson=child)


@pytest.mark.parametrize("lessons", [1, 4])
def test_one_course_done_and_one_exam_not_passed_is_half_way(lessons: int) -> None:
    basics = course(title="Basics", lessons=lessons)
    exam = published_exam(title="Product exam")
    path = path_of([(basics, 7), (exam, 14)])
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    learning_path_assign(path=path, users=[learner])
    _finish(basics, learner)
    take(exam, learner, right=False)

    [status] = onboarding_for(learner, today=dt.date(2026, 3, 10))
    assert [s.complete for s in status.steps] == [True, False]
    assert status.percent == 50
    assert path_completion_by_user([learner.pk])[learner.pk].percent == 50
    completion = path_completion_by_user([learner.pk])[learner.pk]
    assert (completion.done, completion.total, completion.complete) == (lessons, lessons + 1, False)

    take(exam, learner, right=True)
    [status] = onboarding_for(learner, today=dt.date(2026, 3, 10))
    assert status.percent == 100 and status.complete
    completion = path_completion_by_user([learner.pk])[learner.pk]
    assert completion.complete and completion.percent == 100 and completion.completed_at is not None


def test_exam_step_is_due_and_overdue_like_a_course_step() -> None:
    exam = published_exam()
    path = path_of([(exam, 7)])
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    learning_path_assign(path=path, users=[learner])

    [soon] = onboarding_for(learner, today=dt.date(2026, 3, 6))
    assert soon.steps[0].due == dt.date(2026, 3, 9) and soon.steps[0].due_soon and not soon.steps[0].overdue
    [late] = onboarding_for(learner, today=dt.date(2026, 3, 10))
    assert late.steps[0].overdue and [s.title for s in late.overdue] == [exam.title]
    take(exam, learner)
    [done] = onboarding_for(learner, today=dt.date(2026, 3, 10))
    assert done.steps[0].complete and not done.steps[0].overdue and done.overdue == []


def test_a_certifying_step_needs_a_certificate_that_still_holds() -> None:
    exam = published_exam(certifying=True, validity_months=12)
    path = path_of([(exam, 7)])
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    learning_path_assign(path=path, users=[learner])
    take(exam, learner)
    cert = Certification.objects.get(user=learner, exam=exam)
    assert onboarding_for(learner)[0].steps[0].complete

    Certification.objects.filter(pk=cert.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    assert not onboarding_for(learner)[0].steps[0].complete
    Certification.objects.filter(pk=cert.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=9), status=Certification.Status.REVOKED
    )
    assert not onboarding_for(learner)[0].steps[0].complete
    assert path_completion_by_user([learner.pk])[learner.pk].done == 0


def test_my_onboarding_shows_state_attempts_left_and_a_start_button(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    learner = persona("learner")
    exam = published_exam(title="Ledgerly certification", attempts_allowed=3)
    learning_path_assign(path=path_of([(exam, 7)]), users=[learner])

    page = client.get("/onboarding/").content.decode()
    assert "Ledgerly certification" in page
    assert "3 attempts left" in page
    assert f'action="/exams/{exam.slug}/start/"' in page and 'data-testid="start-exam"' in page

    take(exam, learner, right=False)
    page = client.get("/onboarding/").content.decode()
    assert "2 attempts left" in page and 'data-testid="start-exam"' in page
    take(exam, learner, right=True)
    page = client.get("/onboarding/").content.decode()
    assert "Passed" in page and 'data-testid="start-exam"' not in page


def test_an_exam_step_needs_an_exam_and_only_an_exam() -> None:
    exam = published_exam()
    with pytest.raises(ValidationError) as missing:
        LearningPathStep(kind=LearningPathStep.Kind.EXAM).clean()
    assert "exam" in missing.value.message_dict
    with pytest.raises(ValidationError) as both:
        LearningPathStep(kind=LearningPathStep.Kind.EXAM, exam=exam, course=course()).clean()
    assert "course" in both.value.message_dict
    LearningPathStep(kind=LearningPathStep.Kind.EXAM, exam=exam).clean()
