"""The GIFT parser: types, names, fractions, feedback, text formats, escapes, categories, errors."""

from __future__ import annotations

import pytest

from assessments.exams.formats import ParseError
from assessments.exams.formats.gift import parse_gift
from assessments.exams.models import QuestionType


def one(source: str):  # type: ignore[no-untyped-def]
    (question,) = parse_gift(source)
    return question


def test_escapes_give_literal_control_characters() -> None:
    q = one(
        "::Esc\\:ape:: Which is 5? {~ \\= 2 + 2 = \\= 2 + 3 #right \\# here ~ a \\{b\\} \\~c ~ back\\\\slash}"
    )
    assert q.name == "Esc:ape"
    assert [a["text"] for a in q.answers] == ["= 2 + 2", "= 2 + 3", "a {b} ~c", "back\\slash"]
    assert q.answers[1]["feedback"] == "right # here"


def test_text_formats_are_stripped_and_recorded() -> None:
    q = one("::F::[markdown]Who is **here**?{=[plain]me#[html]<b>yes</b> ~[html]<i>you</i>}")
    assert q.text == "Who is **here**?"
    assert q.text_format == "markdown"
    assert q.answers[0] == {"text": "me", "fraction": 1.0, "feedback": "<b>yes</b>"}
    assert q.answers[1]["text"] == "<i>you</i>"


def test_percent_weights_single_flag_and_negative_credit() -> None:
    q = one("Pick two {~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-100%Nobody}")
    assert q.qtype == QuestionType.MULTICHOICE
    assert q.single is False
    assert [a["fraction"] for a in q.answers] == [-0.5, 0.5, 0.5, -1.0]


def test_missing_word_format_puts_a_blank_where_the_answers_were() -> None:
    q = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q.text == "Grant is _____ in Grant's tomb."


def test_numerical_forms() -> None:
    assert one("Q {#1822:2}").answers == [
        {"value": 1822.0, "tolerance": 2.0, "fraction": 1.0, "feedback": ""}
    ]
    ranged = one("Pi? {#3.141..3.142}").answers[0]
    assert (ranged["value"], ranged["tolerance"]) == (3.1415, 0.0005)
    multi = one("Born? {#\n=1822:0 #exact\n=%50%1822:2 #close}")
    assert [(a["value"], a["tolerance"], a["fraction"], a["feedback"]) for a in multi.answers] == [
        (1822.0, 0.0, 1.0, "exact"),
        (1822.0, 2.0, 0.5, "close"),
    ]
    wrong = one("Number {#3:2~#Completely wrong}")
    assert wrong.answers[-1] == {
        "value": None,
        "tolerance": 0.0,
        "fraction": 0.0,
        "feedback": "Completely wrong",
    }
    assert wrong.contract()["answers"] == [{"value": 3.0, "tolerance": 2.0, "fraction": 1.0}]


def test_true_false_feedback_and_general_feedback() -> None:
    q = one("::Q1:: 42?{\nFALSE#wrong fb#right fb\n####general}")
    assert q.qtype == QuestionType.TRUEFALSE
    assert q.general_feedback == "general"
    assert q.answers == [
        {"text": "true", "fraction": 0.0, "feedback": "wrong fb"},
        {"text": "false", "fraction": 1.0, "feedback": "right fb"},
    ]


def test_matching_pairs_keep_distractors_with_an_empty_question() -> None:
    q = one("Match {=Canada -> Ottawa =Italy->Rome = -> Paris}")
    assert q.contract()["answers"] == [
        {"question": "Canada", "answer": "Ottawa"},
        {"question": "Italy", "answer": "Rome"},
        {"question": "", "answer": "Paris"},
    ]


def test_essay_description_and_categories() -> None:
    questions = parse_gift(
        "$CATEGORY: $course$/Products/Cloud\n\n::E:: Explain {}\n\n// comment\n::D:: Just read this.\n\n"
        "$CATEGORY: Strategy\n::S:: Who? {=me}"
    )
    assert [(q.qtype, q.category) for q in questions] == [
        (QuestionType.ESSAY, "Products/Cloud"),
        (QuestionType.DESCRIPTION, "Products/Cloud"),
        (QuestionType.SHORTANSWER, "Strategy"),
    ]
    assert [q.number for q in questions] == [1, 2, 3]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("::A:: ok {T}\n\n::Bad one:: Pick {~%33%a =b}", "33% is not a valid Moodle grade"),
        ("::A:: ok {T}\n\n::Bad one:: Pick {=a ~b", "not closed"),
        ("::A:: ok {T}\n\n::Bad one:: Pick {#abc}", "not a number"),
        ("::A:: ok {T}\n\n::Bad one:: Sure? {MAYBE}", "T, TRUE, F or FALSE"),
        ("::A:: ok {T}\n\n::Bad one:: Pick {~a ~b}", "no answer gets any credit"),
    ],
)
def test_invalid_questions_are_named_with_number_and_line(source: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_gift(source)
    message = str(caught.value)
    assert "Question 2" in message
    assert "'Bad one'" in message
    assert "line 3" in message
    assert reason in message
