"""The interview plan form saves every row or none, and puts each problem on its own row."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from assessments.hiring.models import InterviewPlanStep
from assessments.hiring.services import plan_step_add
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def requisition(persona):  # type: ignore[no-untyped-def]
    return make_requisition(recruiter=persona("recruiter"))


def _data(rows: list[dict[str, object]], initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{i}-{key}"] = value
    return data


def test_the_empty_plan_shows_an_empty_state(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/plan/")
    assert b"no interviews planned yet" in response.content


def test_new_steps_are_saved_in_order_with_their_criteria_and_interviewers(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    criteria = list(requisition.rubric_version.criteria.order_by("position"))
    coach = UserFactory(roles=[Role.COACH])
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/plan/",
        _data(
            [
                {"name": "Phone screen", "criteria": [criteria[0].pk], "interviewers": [coach.pk]},
                {"name": "Role play", "criteria": [criteria[1].pk, criteria[2].pk]},
            ]
        ),
    )
    assert response.status_code == 302
    steps = list(InterviewPlanStep.objects.filter(requisition=requisition).order_by("position"))
    assert [s.name for s in steps] == ["Phone screen", "Role play"]
    assert [s.position for s in steps] == [1, 2]
    assert list(steps[0].interviewers.all()) == [coach]
    assert set(steps[1].criteria.all()) == {criteria[1], criteria[2]}


def test_one_bad_row_saves_nothing_and_the_error_is_on_that_row(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    criteria = list(requisition.rubric_version.criteria.all())
    existing = plan_step_add(requisition=requisition, name="Screen", criteria=criteria[:1], interviewers=[])
    foreign = make_rubric_version().criteria.first()
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/plan/",
        _data(
            [
                {"step_id": existing.pk, "name": "Renamed screen", "criteria": [criteria[0].pk]},
                {"name": "Panel", "criteria": [foreign.pk]},  # another rubric version's criterion
                {"name": "", "criteria": [criteria[1].pk]},  # no name
            ],
            initial=1,
        ),
    )
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[0].errors == {}
    assert "criteria" in forms[1].errors
    assert "name" in forms[2].errors
    assert b"Row 2 has a problem" in response.content
    existing.refresh_from_db()
    assert existing.name == "Screen"
    assert InterviewPlanStep.objects.filter(requisition=requisition).count() == 1


def test_a_step_can_be_removed_and_another_added_in_one_save(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    criteria = list(requisition.rubric_version.criteria.all())
    old = plan_step_add(requisition=requisition, name="Old", criteria=criteria[:1], interviewers=[])
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/plan/",
        _data(
            [
                {"step_id": old.pk, "name": "Old", "criteria": [criteria[0].pk], "DELETE": "on"},
                {"name": "New", "criteria": [criteria[1].pk]},
            ],
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert list(InterviewPlanStep.objects.filter(requisition=requisition).values_list("name", flat=True)) == [
        "New"
    ]


def test_a_step_with_interviews_cannot_be_removed_and_nothing_else_changes(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    criteria = list(requisition.rubric_version.criteria.all())
    used = plan_step_add(requisition=requisition, name="Used", criteria=criteria[:1], interviewers=[])
    interview = make_interview(make_candidate(requisition))
    interview.step = used
    interview.save()
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/plan/",
        _data(
            [
                {"step_id": used.pk, "name": "Used", "criteria": [criteria[0].pk], "DELETE": "on"},
                {"name": "Added", "criteria": [criteria[1].pk]},
            ],
            initial=1,
        ),
    )
    assert response.status_code == 200
    assert "already scheduled" in str(response.context["formset"].forms[0].non_field_errors())
    assert list(InterviewPlanStep.objects.filter(requisition=requisition).values_list("name", flat=True)) == [
        "Used"
    ]


def test_a_step_of_another_requisition_cannot_be_edited_through_this_form(requisition, login_as) -> None:  # type: ignore[no-untyped-def]
    other = make_requisition(rubric_version=requisition.rubric_version)
    theirs = plan_step_add(
        requisition=other,
        name="Theirs",
        criteria=list(other.rubric_version.criteria.all())[:1],
        interviewers=[],
    )
    criterion = requisition.rubric_version.criteria.first()
    response = login_as("recruiter").post(
        f"/hiring/requisitions/{requisition.pk}/plan/",
        _data([{"step_id": theirs.pk, "name": "Hijacked", "criteria": [criterion.pk]}], initial=1),
    )
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
