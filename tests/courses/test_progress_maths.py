"""Course and path progress are completed lessons over live lessons, rounded down; steps are due start + offset."""

from __future__ import annotations

import datetime as dt

import pytest

from courses.selectors import onboarding_for, percent
from courses.services import learning_path_assign, lesson_complete
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, learning_path, lesson

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def test_percent_rounds_down_and_handles_nothing_to_do() -> None:
    assert percent(0, 0) == 0
    assert percent(1, 3) == 33
    assert percent(2, 3) == 66
    assert percent(199, 200) == 99
    assert percent(3, 3) == 100


def test_path_progress_counts_lessons_across_courses_and_ignores_unpublished_lessons() -> None:
    basics, selling = course(title="Basics", lessons=3), course(title="Selling", lessons=1)
    lesson(course=selling, title="Draft lesson", live=False)
    path = learning_path(courses=[(basics, 7), (selling, 14)])
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    learning_path_assign(path=path, users=[learner])
    first = basics.get_children().first()
    lesson_complete(user=learner, lesson=first.specific)

    [status] = onboarding_for(learner, today=TODAY)
    assert [s.total for s in status.steps] == [3, 1]
    assert [s.percent for s in status.steps] == [33, 0]
    assert status.percent == 25  # 1 of 4 live lessons
    assert status.next_step is not None and status.next_step.step.course_id == basics.pk
    assert status.next_step.next_lesson.title == "Basics lesson 2"


def test_due_dates_count_from_the_learners_start_date() -> None:
    basics, selling = course(title="Basics", lessons=1), course(title="Selling", lessons=1)
    path = learning_path(courses=[(basics, 7), (selling, 14)])
    learner = UserFactory(start_date=dt.date(2026, 3, 2))
    learning_path_assign(path=path, users=[learner])

    [status] = onboarding_for(learner, today=TODAY)
    assert [s.due for s in status.steps] == [dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    assert [s.overdue for s in status.steps] == [True, False]
    assert [s.due_soon for s in status.steps] == [False, False]
    [later] = onboarding_for(learner, today=dt.date(2026, 3, 13))
    assert later.steps[1].due_soon


def test_an_explicit_start_wins_and_without_a_start_date_today_is_used() -> None:
    path = learning_path(courses=[(course(lessons=1), 5)])
    hired = UserFactory(start_date=dt.date(2026, 1, 5))
    no_date = UserFactory(start_date=None)
    [a] = learning_path_assign(path=path, users=[hired], start=dt.date(2026, 2, 2))
    [b] = learning_path_assign(path=path, users=[no_date])
    assert a.start_date == dt.date(2026, 2, 2)
    assert b.start_date == dt.date.today()


def test_assigning_twice_keeps_the_first_enrollment() -> None:
    path = learning_path(courses=[(course(lessons=1), 5)])
    learner = UserFactory(start_date=dt.date(2026, 1, 5))
    [first] = learning_path_assign(path=path, users=[learner])
    [again] = learning_path_assign(path=path, users=[learner], start=dt.date(2026, 6, 1))
    assert again.pk == first.pk and again.start_date == dt.date(2026, 1, 5)


def test_completing_a_lesson_records_time_spent_once() -> None:
    a_course = course(lessons=1)
    learner = UserFactory()
    the_lesson = a_course.get_children().first().specific
    from courses.services import lesson_start

    progress = lesson_start(user=learner, lesson=the_lesson)
    done_at = progress.started_at + dt.timedelta(minutes=9)
    progress = lesson_complete(user=learner, lesson=the_lesson, now=done_at)
    assert progress.seconds_spent == 9 * 60
    again = lesson_complete(user=learner, lesson=the_lesson, now=done_at + dt.timedelta(hours=5))
    assert again.seconds_spent == 9 * 60 and again.completed_at == done_at
