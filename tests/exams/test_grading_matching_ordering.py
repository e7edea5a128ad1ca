"""Matching (share of sub-questions right, distractor answers) and ordering (share of items in place)."""

from __future__ import annotations

from assessments.exams.grading import grade_matching, grade_ordering

PAIRS = {
    "pairs": [
        {"question": "Canada", "answer": "Ottawa"},
        {"question": "Italy", "answer": "Rome"},
        {"question": "Japan", "answer": "Tokyo"},
        {"question": "", "answer": "Paris"},
    ]
}


def test_matching_scores_the_share_of_right_pairs_ignoring_distractors() -> None:
    assert grade_matching(PAIRS, {"0": "Ottawa", "1": "Rome", "2": "Tokyo"}) == 1.0
    assert grade_matching(PAIRS, {"0": "Ottawa", "1": "Paris", "2": "Tokyo"}) == 2 / 3
    assert grade_matching(PAIRS, {"3": "Paris"}) == 0.0
    assert grade_matching(PAIRS, None) == 0.0


def test_ordering_scores_items_in_their_place() -> None:
    data = {"items": ["lead", "opportunity", "contract", "cash"]}
    assert grade_ordering(data, [0, 1, 2, 3]) == 1.0
    assert grade_ordering(data, [1, 0, 2, 3]) == 0.5
    assert grade_ordering(data, [3, 2, 1, 0]) == 0.0


def test_ordering_rejects_a_response_that_is_not_a_permutation() -> None:
    data = {"items": ["a", "b", "c"]}
    assert grade_ordering(data, [0, 0, 1]) == 0.0
    assert grade_ordering(data, [0, 1]) == 0.0
    assert grade_ordering(data, "012") == 0.0
    assert grade_ordering(data, ["x", 1, 2]) == 0.0
