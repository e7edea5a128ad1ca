"""Bulk onboarding completion: lessons done of all active paths' live lessons, per person, in four queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Enrollment, LearningPath, LessonProgress
from courses.selectors import path_completion_by_user
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, learning_path, lesson

pytestmark = pytest.mark.django_db


def _complete(user, lessons, at: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    LessonProgress.objects.bulk_create(
        [LessonProgress(user=user, lesson=item, completed_at=at) for item in lessons]
    )


def test_counts_lessons_across_paths_and_dates_completion_by_the_last_lesson() -> None:
    first, second = course(title="A", lessons=2), course(title="B", lessons=1)
    path_one = learning_path(name="One", courses=[(first, 7)])
    path_two = learning_path(name="Two", courses=[(second, 7), (first, 14)])  # A is shared: counted once
    lesson(course=second, title="Draft", live=False)  # not live: not part of the path
    done, partial, idle, none = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    for user in (done, partial, idle):
        Enrollment.objects.create(path=path_one, user=user, start_date=dt.date(2026, 1, 5))
        Enrollment.objects.create(path=path_two, user=user, start_date=dt.date(2026, 1, 5))
    a_lessons = list(first.get_children().specific())
    b_lessons = [p for p in second.get_children().live().specific()]
    early = timezone.now() - dt.timedelta(days=3)
    late = timezone.now() - dt.timedelta(days=1)
    _complete(done, a_lessons, early)
    _complete(done, b_lessons, late)
    _complete(partial, a_lessons, early)
    LessonProgress.objects.create(user=idle, lesson=b_lessons[0])  # started, not completed

    result = path_completion_by_user([done.pk, partial.pk, idle.pk, none.pk])

    assert (result[done.pk].done, result[done.pk].total) == (3, 3)
    assert result[done.pk].complete and result[done.pk].completed_at == late
    assert (result[partial.pk].done, result[partial.pk].total, result[partial.pk].completed_at) == (
        2,
        3,
        None,
    )
    assert not result[partial.pk].complete
    assert (result[idle.pk].done, result[idle.pk].total) == (0, 3)
    assert (result[none.pk].done, result[none.pk].total, result[none.pk].complete) == (0, 0, False)


def test_inactive_paths_and_lessons_outside_the_paths_do_not_count() -> None:
    inside, outside = course(title="In", lessons=1), course(title="Out", lessons=1)
    active = learning_path(name="Active", courses=[(inside, 7)])
    retired = learning_path(name="Retired", courses=[(outside, 7)])
    LearningPath.objects.filter(pk=retired.pk).update(is_active=False)
    user = UserFactory()
    Enrollment.objects.create(path=active, user=user, start_date=dt.date(2026, 1, 5))
    Enrollment.objects.create(path=retired, user=user, start_date=dt.date(2026, 1, 5))
    _complete(user, list(outside.get_children().specific()), timezone.now())

    result = path_completion_by_user([user.pk])

    assert (result[user.pk].done, result[user.pk].total, result[user.pk].complete) == (0, 1, False)


def test_no_people_no_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert path_completion_by_user([]) == {}


@pytest.mark.parametrize("size", [3, 60])
def test_runs_four_queries_whatever_the_number_of_people(size, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    courses = [course(title=f"C{n}", lessons=2) for n in range(3)]
    path = learning_path(courses=[(c, 7 * (n + 1)) for n, c in enumerate(courses)])
    people = [UserFactory() for _ in range(size)]
    Enrollment.objects.bulk_create(
        [Enrollment(path=path, user=p, start_date=dt.date(2026, 1, 5)) for p in people]
    )
    first = list(courses[0].get_children().specific())
    for person in people[::2]:
        _complete(person, first, timezone.now())

    with django_assert_num_queries(4):
        result = path_completion_by_user([p.pk for p in people])

    assert len(result) == size
    assert sum(1 for p in people if result[p.pk].done == 2) == len(people[::2])
    assert all(r.total == 6 for r in result.values())
