"""Courses hold lessons, the library holds product and solution pages, and nothing else goes where it doesn't belong."""

from __future__ import annotations

import pytest

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LibraryIndexPage,
    ProductPage,
    SolutionPage,
)
from home.models import HomePage
from tests.factories.courses import course, course_index, library

pytestmark = pytest.mark.django_db


def test_each_page_type_can_be_created_only_under_its_parent() -> None:
    home = HomePage.objects.get(locale__language_code="en")
    a_course = course()
    assert CoursePage.can_create_at(course_index())
    assert not CoursePage.can_create_at(library())
    assert not CoursePage.can_create_at(home)
    assert LessonPage.can_create_at(a_course)
    assert not LessonPage.can_create_at(course_index())
    assert ProductPage.can_create_at(library()) and SolutionPage.can_create_at(library())
    assert not ProductPage.can_create_at(course_index())
    assert not ProductPage.can_create_at(a_course)
    # One library and one course index per site.
    assert not LibraryIndexPage.can_create_at(home)
    assert not CourseIndexPage.can_create_at(home)


def test_a_new_product_page_starts_with_every_section_in_order() -> None:
    page = ProductPage(title="New")
    assert [child.block_type for child in page.body] == [
        "overview",
        "ideal_customer_profile",
        "pains_value",
        "elevator_pitch",
        "discovery_questions",
        "objections",
        "competitors",
        "proof_points",
        "pricing",
    ]
