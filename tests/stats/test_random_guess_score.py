"""Moodle's random guess score, checked against Moodle's definition (qtype_*::get_random_guess_score)."""

from __future__ import annotations

import random

import pytest

from stats.psychometrics import random_guess_score


def _moodle_multichoice(fractions: list[float], single: bool) -> float | None:
    """A transcription of qtype_multichoice::get_random_guess_score: the mean answer fraction, single only."""
    if not single or not fractions:
        return None
    total = 0.0
    for fraction in fractions:
        total += fraction
    return total / len(fractions)


@pytest.mark.parametrize("choices", [2, 3, 4, 5, 7])
def test_one_right_choice_of_n_scores_one_over_n(choices: int) -> None:
    fractions = [1.0] + [0.0] * (choices - 1)
    assert random_guess_score("multichoice", fractions) == pytest.approx(1 / choices)


def test_partial_credit_choices_average_as_moodle_does() -> None:
    rng = random.Random(16)
    for _ in range(50):
        fractions = [rng.choice([1.0, 0.5, 0.333333, 0.0, -0.5]) for _ in range(rng.randint(2, 6))]
        assert random_guess_score("multichoice", fractions) == pytest.approx(
            _moodle_multichoice(fractions, True)
        )


def test_multiple_answer_true_false_and_other_types() -> None:
    assert random_guess_score("multichoice", [0.5, 0.5, -1.0], single=False) is None
    assert random_guess_score("multichoice", []) is None
    assert random_guess_score("truefalse", [1.0, 0.0]) == 0.5
    for kind in ("shortanswer", "numerical", "essay", "ordering", "multianswer", "matching"):
        assert random_guess_score(kind, [1.0, 0.0]) is None
