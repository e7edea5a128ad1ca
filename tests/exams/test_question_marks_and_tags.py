"""Moodle's <defaultgrade> and <tags> come through the import contract, are stored on the version, and a question
worth 2 counts double in an exam's total and result."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.exams.formats import ParseError
from assessments.exams.formats.gift import parse_gift
from assessments.exams.formats.moodlexml import export_moodlexml, parse_moodlexml
from assessments.exams.models import BlueprintRule, Exam, Question, Response
from assessments.exams.selectors import bank_as_parsed
from assessments.exams.services import (
    attempt_start,
    attempt_submit,
    question_revise,
    questions_import,
    response_save,
)
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Worth two</text></name>
    <questiontext format="html"><text>Sky is blue</text></questiontext>
    <defaultgrade>2.0000000</defaultgrade>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
    <tags><tag><text>sky</text></tag><tag><text>Colour</text></tag><tag><text>basics</text></tag></tags>
  </question>
  <question type="shortanswer">
    <name><text>Plain</text></name>
    <questiontext format="html"><text>Name it</text></questiontext>
    <answer fraction="100"><text>CRM</text></answer>
  </question>
</quiz>
"""


def test_moodle_defaultgrade_and_tags_are_in_the_contract_in_file_order() -> None:
    worth_two, plain = (q.contract() for q in parse_moodlexml(XML))
    assert (worth_two["default_mark"], worth_two["tags"]) == (2.0, ["sky", "Colour", "basics"])
    assert (plain["default_mark"], plain["tags"]) == (1.0, [])


def test_gift_questions_are_worth_one_and_untagged() -> None:
    (question,) = parse_gift("::A::Sky is blue{T}\n")
    assert (question.contract()["default_mark"], question.contract()["tags"]) == (1.0, [])


@pytest.mark.parametrize("grade", ["two", "-1"])
def test_a_bad_defaultgrade_is_refused_naming_the_question(grade: str) -> None:
    with pytest.raises(ParseError, match="Worth two.*default grade"):
        parse_moodlexml(XML.replace("2.0000000", grade))


@pytest.mark.django_db
def test_import_stores_mark_and_tags_on_the_version_and_tags_the_question() -> None:
    bank = QuestionBankFactory()
    worth_two, plain = questions_import(bank=bank, questions=parse_moodlexml(XML), actor=None)
    version = worth_two.versions.get()
    assert (float(version.default_mark), version.tags) == (2.0, ["sky", "Colour", "basics"])
    assert sorted(worth_two.tags.values_list("name", flat=True)) == ["Colour", "basics", "sky"]
    assert (float(plain.versions.get().default_mark), plain.versions.get().tags) == (1.0, [])
    # A revision keeps the tags unless it changes them; the question's tag set follows the newest version.
    question_revise(question=worth_two, actor=None, tags=["basics"])
    assert list(worth_two.tags.values_list("name", flat=True)) == ["basics"]
    assert question_revise(question=worth_two, actor=None, text="Sky is blue?").tags == ["basics"]


@pytest.mark.django_db
def test_export_keeps_mark_and_tags() -> None:
    bank = QuestionBankFactory()
    questions_import(bank=bank, questions=parse_moodlexml(XML), actor=None)
    again = {q.name: q.contract() for q in parse_moodlexml(export_moodlexml(bank_as_parsed(bank)))}
    assert (again["Worth two"]["default_mark"], again["Worth two"]["tags"]) == (
        2.0,
        ["sky", "Colour", "basics"],
    )
    assert (again["Plain"]["default_mark"], again["Plain"]["tags"]) == (1.0, [])


def _right(response: Response) -> int:
    key = next(i for i, a in enumerate(response.version.data["answers"]) if a["fraction"] == 1.0)
    return response.choice_order.index(key)


@pytest.mark.django_db
def test_a_question_worth_two_counts_double_in_the_total_and_the_result(persona, client) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Products")
    heavy = QuestionFactory(bank=bank, category=category, version__default_mark=2)
    QuestionFactory.create_batch(2, bank=bank, category=category)
    exam = ExamFactory(bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), pass_mark=50)
    BlueprintRule.objects.create(exam=exam, category=category, count=3)
    learner = persona("learner")
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=learner, now=now)
    assert attempt.max_marks == 4
    for response in attempt.responses.select_related("version"):
        right = response.version.question_id == heavy.pk
        value = _right(response) if right else (_right(response) + 1) % 3
        response_save(attempt=attempt, position=response.position, value=value, seq=1, now=now)
    done = attempt_submit(attempt=attempt, now=now + timedelta(minutes=1))
    # One question of three right, but it is half the marks.
    assert (done.marks, done.score, done.passed) == (2.0, 50.0, True)
    client.force_login(learner)
    page = client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "50%" in page
    assert Question.objects.filter(bank=bank).count() == 3
