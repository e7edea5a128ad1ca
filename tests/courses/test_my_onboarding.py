"""My onboarding: the learner's path as a timeline, in a fixed number of queries however long the path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courses.services import learning_path_assign, lesson_complete
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def _path_with(lessons: int, learner):  # type: ignore[no-untyped-def]
    courses = [course(title=f"Course {n}", lessons=lessons // 5) for n in range(5)]
    path = learning_path(
        name="New hire onboarding", courses=[(c, 7 * (n + 1)) for n, c in enumerate(courses)]
    )
    learning_path_assign(path=path, users=[learner], start=timezone.localdate() - dt.timedelta(days=10))
    for c in courses[:2]:
        for child in c.get_children()[: lessons // 10]:
            lesson_complete(user=learner, lesson=child.specific)
    return path


@pytest.mark.parametrize("lessons", [5, 200])
def test_my_onboarding_runs_a_fixed_number_of_queries(
    lessons, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    _path_with(lessons, persona("learner"))
    client.get("/onboarding/")  # warm the site-root cache, as any earlier request would
    # 9: the 8 of a course-only path plus the learner's open recertification steps.
    with django_assert_num_queries(9):
        response = client.get("/onboarding/")
    assert response.status_code == 200


def test_the_timeline_shows_progress_next_step_and_overdue(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    _path_with(10, persona("learner"))
    html = client.get("/onboarding/").content.decode()
    assert "New hire onboarding" in html
    assert "20% complete" in html  # 2 of 10 lessons
    assert "Overdue" in html  # course 0 was due 3 days ago
    assert "Course 0 lesson 2" in html  # the next lesson
    assert 'aria-valuenow="50"' in html  # course 0: 1 of 2


def test_without_a_path_the_page_says_so(login_as) -> None:  # type: ignore[no-untyped-def]
    html = login_as("learner").get("/onboarding/").content.decode()
    assert "No learning path has been assigned to you yet." in html


def test_learners_see_my_onboarding_in_the_menu(login_as) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/onboarding/"' in login_as("learner").get("/dashboard/").content.decode()
    assert 'href="/onboarding/"' not in login_as("recruiter").get("/dashboard/").content.decode()


def test_the_dashboard_card_shows_real_progress(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    _path_with(10, persona("learner"))
    html = client.get("/dashboard/").content.decode()
    assert '<p class="big-number">20%</p>' in html
    assert "2 / 10" in html
