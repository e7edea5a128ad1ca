"""Short answer (case option, `*` wildcard, first match wins) and numerical (tolerance, ranges, partial credit)."""

from __future__ import annotations

import pytest

from assessments.exams.grading import feedback_for, grade_numerical, grade_shortanswer, parse_number
from assessments.exams.models import QuestionType

SHORT = {
    "case_sensitive": False,
    "answers": [
        {"text": "Nazareth", "fraction": 1.0, "feedback": "Yes"},
        {"text": "Naz*th", "fraction": 0.75, "feedback": "Misspelled"},
        {"text": "*", "fraction": 0.0, "feedback": "Completely wrong"},
    ],
}


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Nazareth", 1.0),
        ("  nazareth ", 1.0),
        ("Nazereth", 0.75),
        ("Nazth", 0.75),
        ("Bethlehem", 0.0),
        ("", 0.0),
        (None, 0.0),
    ],
)
def test_short_answer_first_matching_pattern_wins(response, expected) -> None:  # type: ignore[no-untyped-def]
    assert grade_shortanswer(SHORT, response) == expected


def test_short_answer_case_sensitivity_is_an_option() -> None:
    data = {"case_sensitive": True, "answers": [{"text": "CRM", "fraction": 1.0}]}
    assert grade_shortanswer(data, "CRM") == 1.0
    assert grade_shortanswer(data, "crm") == 0.0


def test_escaped_star_is_a_literal_star() -> None:
    data = {"answers": [{"text": "a\\*b", "fraction": 1.0}]}
    assert grade_shortanswer(data, "a*b") == 1.0
    assert grade_shortanswer(data, "axxb") == 0.0


def test_regex_characters_in_answers_are_literal() -> None:
    data = {"answers": [{"text": "C++ (v2.0)", "fraction": 1.0}]}
    assert grade_shortanswer(data, "c++ (v2.0)") == 1.0
    assert grade_shortanswer(data, "Cxx (v2x0)") == 0.0


NUMERIC = {
    "answers": [
        {"value": 1822.0, "tolerance": 0.0, "fraction": 1.0},
        {"value": 1822.0, "tolerance": 2.0, "fraction": 0.5, "feedback": "close"},
        {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": "Completely wrong"},
    ]
}


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("1822", 1.0),
        (1822, 1.0),
        ("1822.0", 1.0),
        ("1824", 0.5),
        ("1820", 0.5),
        ("1825", 0.0),
        ("abc", 0.0),
        ("", 0.0),
        (None, 0.0),
    ],
)
def test_numerical_value_tolerance_and_partial_credit(response, expected) -> None:  # type: ignore[no-untyped-def]
    assert grade_numerical(NUMERIC, response) == expected


def test_numerical_range_midpoint_and_half_width_includes_the_ends() -> None:
    data = {"answers": [{"value": 3.1415, "tolerance": 0.0005, "fraction": 1.0}]}
    assert grade_numerical(data, "3.141") == 1.0
    assert grade_numerical(data, "3.142") == 1.0
    assert grade_numerical(data, "3.1425") == 0.0


def test_numbers_accept_a_decimal_comma_and_reject_infinity() -> None:
    assert parse_number("3,5") == 3.5
    assert parse_number("inf") is None
    assert parse_number("nan") is None
    assert parse_number(True) is None


def test_feedback_follows_the_matching_answer() -> None:
    assert feedback_for(QuestionType.NUMERICAL, NUMERIC, "1823") == ["close"]
    assert feedback_for(QuestionType.NUMERICAL, NUMERIC, "5") == ["Completely wrong"]
    assert feedback_for(QuestionType.SHORTANSWER, SHORT, "Nazereth") == ["Misspelled"]
