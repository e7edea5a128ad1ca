"""Counts read right in English whether they are 1 or many: every "N things" goes through ngettext."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

from analytics.presentation import caveats as _caveats
from analytics.presentation import predictor_caveats as _predictor_caveats


def test_study_caveats_speak_of_one_hire_in_the_singular() -> None:
    with translation.override("en"):
        notes = _caveats({"hires_without_outcome": 1, "declined": 1, "dropped": 1})
    assert notes[0].startswith("1 hire has no performance records in the window (a leaver")
    assert notes[1].startswith("1 candidate declined an offer")
    assert notes[2].startswith("1 hire was left out")


def test_study_caveats_keep_the_plural_for_many() -> None:
    with translation.override("en"):
        notes = _caveats({"hires_without_outcome": 3, "declined": 2, "dropped": 4})
        exam = _predictor_caveats({"scored_without_outcome": 1, "dropped": 1}, "exam")
    assert notes[0].startswith("3 hires have no") and notes[1].startswith("2 candidates declined")
    assert notes[2].startswith("4 hires were left out")
    assert exam[0].startswith("1 person with scores has no value") and exam[1].startswith(
        "1 person was left out"
    )


def test_a_board_card_with_one_interview_says_scorecard() -> None:
    def card(done: int, total: int) -> SimpleNamespace:
        return SimpleNamespace(
            candidate=SimpleNamespace(pk=1, name="Ada"), composite=None, submitted=done, interviews=total
        )

    with translation.override("en"):
        html = render_to_string("hiring/_board_cards.html", {"cards": [card(0, 1), card(1, 3)]})
    assert "0/1 scorecard\n" in html or "0/1 scorecard<" in html or "0/1 scorecard " in html
    assert "0/1 scorecards" not in html and "1/3 scorecards" in html
