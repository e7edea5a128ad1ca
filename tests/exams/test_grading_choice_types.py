"""Multiple choice (single and multiple response, Moodle fractions incl. negative) and true/false grading."""

from __future__ import annotations

import pytest

from assessments.exams.grading import grade, grade_multichoice, grade_truefalse, valid_grade
from assessments.exams.models import QuestionType

SINGLE = {
    "single": True,
    "answers": [
        {"text": "a", "fraction": 1.0},
        {"text": "b", "fraction": 0.5},
        {"text": "c", "fraction": -0.5},
    ],
}
MULTI = {
    "single": False,
    "answers": [
        {"text": "No one", "fraction": -0.5},
        {"text": "Grant", "fraction": 0.5},
        {"text": "Grant's wife", "fraction": 0.5},
        {"text": "Grant's father", "fraction": -0.5},
    ],
}


@pytest.mark.parametrize(
    ("response", "expected"),
    [(0, 1.0), ([1], 0.5), ("1", 0.5), (2, 0.0), (None, 0.0), ([0, 1], 0.0), (9, 0.0)],
)
def test_single_choice_scores_the_chosen_answer_never_below_zero(response, expected) -> None:  # type: ignore[no-untyped-def]
    assert grade_multichoice(SINGLE, response) == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ([1, 2], 1.0),
        ([1], 0.5),
        ([1, 2, 0], 0.5),
        ([0, 3], 0.0),
        ([1, 2, 0, 3], 0.0),
        ([], 0.0),
        ([1, 1, 2], 1.0),
    ],
)
def test_multiple_response_sums_fractions_clamped_to_0_1(response, expected) -> None:  # type: ignore[no-untyped-def]
    assert grade_multichoice(MULTI, response) == pytest.approx(expected)


def test_true_false_gives_the_fraction_of_the_chosen_value() -> None:
    data = {"answers": [{"text": "true", "fraction": 0.0}, {"text": "false", "fraction": 1.0}]}
    assert grade_truefalse(data, "false") == 1.0
    assert grade_truefalse(data, False) == 1.0
    assert grade_truefalse(data, "true") == 0.0
    assert grade_truefalse(data, None) == 0.0


def test_essay_and_description_are_not_auto_graded() -> None:
    assert grade(QuestionType.ESSAY, {}, "text") is None
    assert grade(QuestionType.DESCRIPTION, {}, None) is None
    with pytest.raises(ValueError, match="unknown"):
        grade("calculated", {}, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (0.5, 0.5), (-0.5, -0.5), (0.3333333, 0.3333333), (0.33333, 0.3333333), (0, 0.0), (-1, -1.0)],
)
def test_valid_moodle_grades_are_accepted(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert valid_grade(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", [0.33, 0.35, 1.5, -1.2, 0.01])
def test_other_fractions_are_not_moodle_grades(value) -> None:  # type: ignore[no-untyped-def]
    assert valid_grade(value) is None
