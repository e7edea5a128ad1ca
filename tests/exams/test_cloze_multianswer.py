"""Cloze (multianswer) questions: Moodle's embedded-answer syntax imports into the contract, grades blank by
blank weighted by marks, round-trips through export, and an attempt shows the blanks without the key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.exams.formats import ParseError
from assessments.exams.formats.moodlexml import export_moodlexml, parse_moodlexml
from assessments.exams.grading import feedback_for, grade
from assessments.exams.models import BlueprintRule, Exam, QuestionType
from assessments.exams.selectors import bank_as_parsed
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    question_approve,
    questions_import,
    response_save,
)
from tests.factories.exams import ExamFactory, QuestionBankFactory

# Moodle's documentation example of the Cloze syntax, and a second with short forms, a case-sensitive blank,
# an unmarked-default mark and an escaped brace.
DOCS = (
    "<p>This question consists of some text with an answer embedded right here "
    "{1:MULTICHOICE:Wrong answer#Feedback for this wrong answer~Another wrong answer#Feedback for the other "
    "wrong answer~=Correct answer#Feedback for correct answer~%50%Answer that gives half the credit#Feedback "
    "for half credit answer} and right after that you will have to deal with this short answer "
    "{1:SHORTANSWER:Wrong answer#Feedback for this wrong answer~=Correct answer#Feedback for correct answer~"
    "%50%Answer that gives half the credit#Feedback for half credit answer} and finally we have a floating "
    "point number {2:NUMERICAL:=23.8:0.1#Feedback for correct answer 23.8~%50%23.8:2#Feedback for half credit "
    "answer in the nearby region of the correct answer}.</p>"
)
SHORT = "Capital: {:SA:=Berlin} · tool {1:SAC:=CRM~%50%crm} · brace {1:MCV:=a\\}b~c} · pi {1:NM:=3.14:0.01}"


def _xml(*texts: str) -> str:
    body = "".join(
        f'<question type="multianswer"><name><text>Cloze {i}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
        f"<defaultgrade>4</defaultgrade></question>"
        for i, text in enumerate(texts, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><quiz>{body}</quiz>'


def test_the_docs_example_imports_with_the_exact_contract() -> None:
    (question,) = parse_moodlexml(_xml(DOCS))
    contract = question.contract()
    assert contract["type"] == "multianswer"
    assert "answers" not in contract
    assert contract["text"] == (
        "<p>This question consists of some text with an answer embedded right here {#1} and right after that "
        "you will have to deal with this short answer {#2} and finally we have a floating point number {#3}.</p>"
    )
    assert contract["subquestions"] == [
        {
            "type": "multichoice",
            "mark": 1.0,
            "answers": [
                {"text": "Wrong answer", "fraction": 0.0},
                {"text": "Another wrong answer", "fraction": 0.0},
                {"text": "Correct answer", "fraction": 1.0},
                {"text": "Answer that gives half the credit", "fraction": 0.5},
            ],
        },
        {
            "type": "shortanswer",
            "mark": 1.0,
            "answers": [
                {"text": "Wrong answer", "fraction": 0.0},
                {"text": "Correct answer", "fraction": 1.0},
                {"text": "Answer that gives half the credit", "fraction": 0.5},
            ],
        },
        {
            "type": "numerical",
            "mark": 2.0,
            "answers": [
                {"value": 23.8, "tolerance": 0.1, "fraction": 1.0},
                {"value": 23.8, "tolerance": 2.0, "fraction": 0.5},
            ],
        },
    ]


def test_short_forms_case_and_escapes() -> None:
    (question,) = parse_moodlexml(_xml(SHORT))
    subs = question.contract()["subquestions"]
    assert [s["type"] for s in subs] == ["shortanswer", "shortanswer", "multichoice", "numerical"]
    assert subs[2]["answers"][0] == {"text": "a}b", "fraction": 1.0}
    assert question.data()["subquestions"][1]["case_sensitive"] is True


def test_blanks_grade_by_type_weighted_by_mark() -> None:
    data = parse_moodlexml(_xml(DOCS))[0].data()
    qtype = QuestionType.MULTIANSWER
    assert grade(qtype, data, {"1": "2", "2": "Correct answer", "3": "23.85"}) == 1.0
    # Right choice (1 of 4 marks), half-credit short answer (0.5), wrong number: 1.5 / 4.
    assert grade(
        qtype, data, {"1": "2", "2": "Answer that gives half the credit", "3": "40"}
    ) == pytest.approx(1.5 / 4)
    assert grade(qtype, data, {"3": "25"}) == pytest.approx(0.5 * 2 / 4)
    assert grade(qtype, data, {}) == 0.0
    assert feedback_for(qtype, data, {"1": "0"}) == ["Feedback for this wrong answer"]
    short = parse_moodlexml(_xml(SHORT))[0].data()
    assert grade(qtype, short, {"1": "berlin", "2": "crm", "3": "0", "4": "3.145"}) == pytest.approx(3.5 / 4)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Pick {1:MULTIRESPONSE:=a~b}", "not supported"),
        ("No blanks here", "no embedded"),
        ("{1:SA:a~b}", "credit"),
    ],
)
def test_an_unreadable_cloze_is_refused_naming_the_question(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=f"Cloze 1.*{reason}"):
        parse_moodlexml(_xml(text))


@pytest.mark.django_db
def test_cloze_round_trips_through_export() -> None:
    bank = QuestionBankFactory()
    parsed = parse_moodlexml(_xml(DOCS, SHORT))
    questions_import(bank=bank, questions=parsed, actor=None)
    again = parse_moodlexml(export_moodlexml(bank_as_parsed(bank)))
    assert [q.contract() for q in again] == [q.contract() for q in parsed]
    assert [q.data() for q in again] == [q.data() for q in parsed]


@pytest.mark.django_db
def test_an_attempt_shows_the_blanks_not_the_key_and_grades_them(persona, client) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    parsed = parse_moodlexml(_xml(DOCS))
    parsed[0].category = "Cloze"
    (question,) = questions_import(bank=bank, questions=parsed, actor=persona("trainer"))
    question_approve(question=question, actor=persona("admin"))
    exam = ExamFactory(bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), pass_mark=50)
    BlueprintRule.objects.create(exam=exam, category=question.category, count=1)
    learner = persona("learner")
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=learner, now=now)
    client.force_login(learner)
    page = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert 'data-sub="3"' in page and "[2]" in page and "Correct answer" in page
    assert "Feedback for" not in page and "23.8" not in page and "fraction" not in page
    saved = response_save(
        attempt=attempt, position=1, value={"1": "2", "2": "nope", "3": "23.8"}, seq=1, now=now
    )
    assert saved.saved
    done = attempt_submit(attempt=attempt, now=now + timedelta(minutes=1))
    assert (done.marks, done.score, done.passed) == (3.0, 75.0, True)
