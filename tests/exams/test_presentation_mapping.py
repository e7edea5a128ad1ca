"""Answers are saved in display order and mapped back through the stored shuffle before grading."""

from __future__ import annotations

from types import SimpleNamespace

from assessments.exams.grading import grade
from assessments.exams.models import QuestionType
from assessments.exams.presentation import question_view, stored_to_key_space

MC = {
    "single": False,
    "answers": [
        {"text": "a", "fraction": 0.5},
        {"text": "b", "fraction": -1.0},
        {"text": "c", "fraction": 0.5},
    ],
}


def _response(qtype: str, data: dict, order: list[int], value: object):  # type: ignore[no-untyped-def,type-arg]
    version = SimpleNamespace(qtype=qtype, data=data, text="Q?", text_format="html", question_id=1)
    return SimpleNamespace(version=version, choice_order=order, value=value, position=1, seq=0, flagged=False)


def test_multiple_choice_display_positions_map_to_key_positions() -> None:
    response = _response(QuestionType.MULTICHOICE, MC, [2, 0, 1], [0, 1])  # shown: c, a, b → chose c and a
    assert stored_to_key_space(response) == [2, 0]
    assert grade(QuestionType.MULTICHOICE, MC, stored_to_key_space(response)) == 1.0


def test_ordering_display_positions_map_to_items() -> None:
    data = {"items": ["lead", "opportunity", "contract"]}
    response = _response(
        QuestionType.ORDERING, data, [1, 2, 0], [2, 0, 1]
    )  # shown: opp, contract, lead → lead, opp, contract
    assert stored_to_key_space(response) == [0, 1, 2]
    assert [i["text"] for i in question_view(response)["items"]] == ["lead", "opportunity", "contract"]


def test_question_view_carries_no_fraction_or_feedback() -> None:
    data = {
        "single": True,
        "answers": [{"text": "a", "fraction": 1.0, "feedback": "SECRET"}, {"text": "b", "fraction": 0.0}],
    }
    view = question_view(_response(QuestionType.MULTICHOICE, data, [1, 0], None))
    assert "SECRET" not in repr(view)
    assert "fraction" not in repr(view)
    assert [c["text"] for c in view["choices"]] == ["b", "a"]
