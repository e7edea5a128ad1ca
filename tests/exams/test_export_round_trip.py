"""Export to Moodle XML and import it again: the same questions come back, of every type, with their tags,
marks, difficulty and content link."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.exams.formats.gift import parse_gift
from assessments.exams.formats.moodlexml import export_moodlexml, parse_moodlexml
from assessments.exams.models import QuestionType
from assessments.exams.selectors import bank_as_parsed
from assessments.exams.services import question_create, questions_import
from tests.factories.courses import product_page
from tests.factories.exams import CategoryFactory, QuestionBankFactory

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


ORDERING_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ordering">
    <name><text>Sales stages</text></name>
    <questiontext format="html"><text>Put the stages in order</text></questiontext>
    <layouttype>VERTICAL</layouttype>
    <selecttype>ALL</selecttype>
    <gradingtype>ABSOLUTE_POSITION</gradingtype>
    <answer fraction="2.0000000" format="moodle_auto_format"><text>Qualify</text></answer>
    <answer fraction="1.0000000" format="moodle_auto_format"><text>Prospect</text></answer>
    <answer fraction="3.0000000" format="moodle_auto_format"><text>Close</text></answer>
  </question>
</quiz>
"""


def test_moodle_ordering_imports_in_the_correct_order() -> None:
    (question,) = parse_moodlexml(ORDERING_XML)
    assert question.contract()["type"] == "ordering"
    assert question.contract()["answers"] == [{"text": "Prospect"}, {"text": "Qualify"}, {"text": "Close"}]
    assert question.data() == {"items": ["Prospect", "Qualify", "Close"]}


@pytest.mark.django_db
def test_every_supported_type_round_trips_with_tags_marks_difficulty_and_content_link() -> None:
    page = product_page(title="Cloud CRM")
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Products")
    sub = CategoryFactory(bank=bank, name="Cloud", parent=category)
    mc = {"single": False, "answers": [
        {"text": "a", "fraction": 0.5, "feedback": "half"},
        {"text": "b", "fraction": 0.5, "feedback": ""},
        {"text": "c", "fraction": -1.0, "feedback": "no"},
    ]}  # fmt: skip
    kinds = {
        QuestionType.MULTICHOICE: mc,
        QuestionType.TRUEFALSE: {
            "answers": [
                {"text": "true", "fraction": 1.0, "feedback": ""},
                {"text": "false", "fraction": 0.0, "feedback": ""},
            ]
        },  # fmt: skip
        QuestionType.SHORTANSWER: {
            "case_sensitive": True,
            "answers": [{"text": "CRM", "fraction": 1.0, "feedback": ""}],
        },
        QuestionType.NUMERICAL: {
            "answers": [
                {"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": ""},
                {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": "anything else"},
            ]
        },  # fmt: skip
        QuestionType.MATCHING: {
            "pairs": [{"question": "lead", "answer": "线索"}, {"question": "deal", "answer": "商机"}]
        },
        QuestionType.ORDERING: {"items": ["Prospect", "Qualify", "Close"]},
        QuestionType.ESSAY: {},
        QuestionType.DESCRIPTION: {},
    }
    for n, (qtype, data) in enumerate(kinds.items()):
        question_create(
            bank=bank,
            category=sub if n % 2 else category,
            name=f"{qtype} question",
            qtype=qtype,
            text=f"<p>Text of {qtype}</p>",
            data=data,
            actor=None,
            difficulty=n % 3 + 1,
            default_mark=n + 0.5,
            tags=[f"t{n}", "shared"] if n % 3 else [],
            content_page_id=page.pk if n % 2 else None,
        )
    original = bank_as_parsed(bank)
    copy = QuestionBankFactory()
    questions_import(bank=copy, questions=parse_moodlexml(export_moodlexml(original)), actor=None)

    def facts(b):  # type: ignore[no-untyped-def]
        rows = [
            q.contract() | {"data": q.data(), "difficulty": q.difficulty, "page": q.content_page}
            for q in bank_as_parsed(b)
        ]
        return sorted(rows, key=lambda c: c["name"])

    assert {c["type"] for c in facts(copy)} == {str(t) for t in kinds}
    assert facts(copy) == facts(bank)
