"""A step may require the earlier steps: while they are unfinished it is locked, says what unlocks it, and the
exam it names refuses to start with a clear message; finishing them unlocks it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.exams.models import Attempt
from assessments.exams.services import AttemptNotAllowed, attempt_start
from courses.selectors import exam_start_refusal, onboarding_for
from courses.services import learning_path_assign, lesson_complete
from tests.courses.exam_steps import path_of
from tests.factories.accounts import UserFactory
from tests.factories.courses import course
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _setup(learner):  # type: ignore[no-untyped-def]
    basics = course(title="Product basics", lessons=2)
    exam = published_exam(title="Product certification")
    learning_path_assign(path=path_of([(basics, 7), (exam, 14)], locked={1}), users=[learner])
    return basics, exam


def test_a_locked_exam_step_names_what_unlocks_it_and_unlocks_when_that_is_done() -> None:
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    basics, exam = _setup(learner)

    [status] = onboarding_for(learner)
    step = status.steps[1]
    assert step.locked and [w.title for w in step.waiting_for] == ["Product basics"]
    assert not step.can_start
    refusal = exam_start_refusal(user=learner, exam=exam)
    assert refusal is not None and "Product basics" in refusal

    for child in basics.get_children().specific():
        lesson_complete(user=learner, lesson=child)
    [status] = onboarding_for(learner)
    assert not status.steps[1].locked and status.steps[1].can_start
    assert exam_start_refusal(user=learner, exam=exam) is None
    assert attempt_start(exam=exam, user=learner, now=timezone.now()).pk


def test_the_exam_service_refuses_to_start_a_locked_exam_and_nothing_is_left_behind() -> None:
    learner = UserFactory()
    _basics, exam = _setup(learner)
    with pytest.raises(AttemptNotAllowed) as refused:
        attempt_start(exam=exam, user=learner, now=timezone.now())
    assert "Product basics" in " ".join(refused.value.messages)
    assert not Attempt.objects.exists()


def test_the_start_view_shows_the_refusal_and_my_onboarding_the_lock(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    _basics, exam = _setup(persona("learner"))

    page = client.get("/onboarding/").content.decode()
    assert 'data-testid="step-locked"' in page and 'data-testid="unlocks-when"' in page
    assert "Unlocks when you finish:" in page and f'action="/exams/{exam.slug}/start/"' not in page
    response = client.post(f"/exams/{exam.slug}/start/", follow=True)
    assert "This exam is locked: it unlocks when you finish Product basics." in response.content.decode()
    assert not Attempt.objects.exists()


def test_an_exam_on_no_path_of_the_learner_or_an_unlocked_step_is_not_refused() -> None:
    learner, stranger = UserFactory(), UserFactory()
    basics = course(title="Basics", lessons=1)
    exam = published_exam()
    # The same exam is locked on one path but free on another: the learner may start it.
    learning_path_assign(path=path_of([(basics, 7), (exam, 14)], name="Locked", locked={1}), users=[learner])
    assert exam_start_refusal(user=learner, exam=exam) is not None
    learning_path_assign(path=path_of([(exam, 3)], name="Free"), users=[learner])
    assert exam_start_refusal(user=learner, exam=exam) is None
    assert exam_start_refusal(user=stranger, exam=exam) is None
