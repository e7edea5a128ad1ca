"""Trainers build learning paths in Wagtail admin; saving one enrolls everyone its assignments cover."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.roles import Role
from courses.models import Enrollment, LearningPath
from tests.factories.accounts import UserFactory
from tests.factories.courses import course

pytestmark = pytest.mark.django_db


def test_a_trainer_creates_a_path_for_the_learner_role_and_learners_are_enrolled(login_as) -> None:  # type: ignore[no-untyped-def]
    learners = UserFactory.create_batch(3, roles=[Role.LEARNER])
    a_course = course(lessons=1)
    data = nested_form_data(
        {
            "name_en": "Onboarding",
            "description_en": "",
            "is_active": "on",
            "steps": inline_formset([{"kind": "course", "course": a_course.pk, "due_offset_days": 7}]),
            "assignments": inline_formset([{"user": "", "org_unit": "", "role": "learner"}]),
        }
    )
    response = login_as("trainer").post(reverse("wagtailsnippets_courses_learningpath:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    path = LearningPath.objects.get()
    assert path.steps.get().course_id == a_course.pk
    assert set(Enrollment.objects.values_list("user_id", flat=True)) == {u.pk for u in learners}


def test_an_assignment_must_name_exactly_one_target(login_as) -> None:  # type: ignore[no-untyped-def]
    learner = UserFactory()
    data = nested_form_data(
        {
            "name_en": "Onboarding",
            "description_en": "",
            "is_active": "on",
            "steps": inline_formset([]),
            "assignments": inline_formset([{"user": learner.pk, "org_unit": "", "role": "learner"}]),
        }
    )
    response = login_as("trainer").post(reverse("wagtailsnippets_courses_learningpath:add"), data)
    assert response.status_code == 200
    assert not LearningPath.objects.exists()


def test_a_trainer_adds_an_exam_step_that_needs_the_course_before_it(login_as) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.exams import published_exam

    a_course, exam = course(lessons=1), published_exam(title="Product certification")
    client = login_as("trainer")
    form = client.get(reverse("wagtailsnippets_courses_learningpath:add")).content.decode()
    assert "Product certification" in form  # the exam is offered in the step's exam chooser
    data = nested_form_data(
        {
            "name_en": "Onboarding",
            "description_en": "",
            "is_active": "on",
            "steps": inline_formset(
                [
                    {"kind": "course", "course": a_course.pk, "exam": "", "due_offset_days": 7},
                    {
                        "kind": "exam",
                        "course": "",
                        "exam": exam.pk,
                        "due_offset_days": 14,
                        "requires_earlier": "on",
                    },
                ]
            ),
            "assignments": inline_formset([]),
        }
    )
    response = client.post(reverse("wagtailsnippets_courses_learningpath:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    steps = list(LearningPath.objects.get().steps.order_by("sort_order"))
    assert [(s.kind, s.exam_id, s.requires_earlier) for s in steps] == [
        ("course", None, False),
        ("exam", exam.pk, True),
    ]


def test_an_exam_step_without_an_exam_is_refused_in_the_editor(login_as) -> None:  # type: ignore[no-untyped-def]
    data = nested_form_data(
        {
            "name_en": "Onboarding",
            "description_en": "",
            "is_active": "on",
            "steps": inline_formset([{"kind": "exam", "course": "", "exam": "", "due_offset_days": 7}]),
            "assignments": inline_formset([]),
        }
    )
    response = login_as("trainer").post(reverse("wagtailsnippets_courses_learningpath:add"), data)
    assert response.status_code == 200
    assert "An exam step needs an exam." in response.content.decode()
    assert not LearningPath.objects.exists()
