"""Mark-complete is a POST that records completion, moves the progress bar and can go on to the next lesson."""

from __future__ import annotations

import pytest

from courses.models import LessonProgress
from courses.services import learning_path_assign
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def test_marking_a_lesson_complete_moves_the_course_and_path_progress(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    a_course = course(title="Basics", lessons=4)
    learning_path_assign(path=learning_path(courses=[(a_course, 7)]), users=[persona("learner")])
    first, second = [p.specific for p in a_course.get_children()[:2]]
    client = login_as("learner")

    html = client.get(first.url).content.decode()
    assert "0% of this course done" in html
    assert LessonProgress.objects.get(lesson=first).completed_at is None  # opening it counts as started

    response = client.post(f"/onboarding/lessons/{first.pk}/complete/")
    assert response.status_code == 302 and response["Location"] == first.url
    html = client.get(first.url).content.decode()
    assert "25% of this course done" in html
    assert "Completed" in html
    assert f'href="{second.url}"' in html
    assert "25% complete" in client.get("/onboarding/").content.decode()


def test_get_does_not_complete_anything(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    a_course = course(lessons=1)
    the_lesson = a_course.get_children().first()
    assert login_as("learner").get(f"/onboarding/lessons/{the_lesson.pk}/complete/").status_code == 405
    assert not LessonProgress.objects.exists()


def test_an_unpublished_lesson_cannot_be_completed(login_as) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.courses import lesson

    draft = lesson(course=course(), live=False)
    assert login_as("learner").post(f"/onboarding/lessons/{draft.pk}/complete/").status_code == 404
