"""Export to Moodle XML and import it again: the same questions come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.exams.formats.gift import parse_gift
from assessments.exams.formats.moodlexml import export_moodlexml, parse_moodlexml
from assessments.exams.selectors import bank_as_parsed
from assessments.exams.services import questions_import
from tests.factories.exams import QuestionBankFactory

FIXTURES = Path(__file__).parent / "fixtures" / "moodle" / "gift"


def _contracts(questions):  # type: ignore[no-untyped-def]
    return sorted((q.contract() for q in questions), key=lambda c: (c["category"], c["name"], c["text"]))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["examples.txt", "questions.gift.txt", "questions_in_category.gift.txt"])
def test_import_of_export_round_trips_a_bank(name: str) -> None:
    parsed = parse_gift((FIXTURES / name).read_text(encoding="utf-8"))
    bank = QuestionBankFactory()
    questions_import(bank=bank, questions=parsed, actor=None)
    exported = export_moodlexml(bank_as_parsed(bank))
    again = parse_moodlexml(exported)
    assert _contracts(again) == _contracts(parsed)
    # feedback, general feedback and text formats survive too
    assert sorted((q.general_feedback, q.text_format) for q in again) == sorted(
        (q.general_feedback, q.text_format) for q in parsed
    )
    assert sorted(str(q.data()) for q in again) == sorted(str(q.data()) for q in parsed)
