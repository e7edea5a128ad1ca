"""A bad answer is a 400 with a reason, never a 500, and nothing of it lands; a stale save reports a conflict."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from assessments.exams.models import Attempt, AttemptEvent, BlueprintRule, Exam, QuestionType, Response
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory, mc_data

pytestmark = pytest.mark.django_db

TYPES = {
    QuestionType.MULTICHOICE: mc_data(),
    QuestionType.SHORTANSWER: {"answers": [{"text": "pitch", "fraction": 1.0}]},
    QuestionType.ESSAY: {},
}


def _exam() -> Exam:
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    for qtype, data in TYPES.items():
        QuestionFactory(bank=bank, category=category, version__qtype=qtype, version__data=data)
    exam = ExamFactory(
        bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), time_limit_minutes=30
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=len(TYPES))
    return exam


@pytest.fixture
def taking(login_as):  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = _exam()
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    where = {r.version.qtype: r.position for r in attempt.responses.select_related("version")}
    return client, attempt, where


def _raw(client: Client, attempt: Attempt, body: str):  # type: ignore[no-untyped-def]
    return client.post(f"/exams/attempts/{attempt.pk}/save/", data=body, content_type="application/json")


def _save(client: Client, attempt: Attempt, **body: Any):  # type: ignore[no-untyped-def]
    return _raw(client, attempt, json.dumps(body))


def _nothing_landed(attempt: Attempt) -> None:
    assert not Response.objects.filter(attempt=attempt, seq__gt=0).exists()
    assert not AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SAVE).exists()


def _refused(reply, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert reply.status_code == 400, reply.content
    assert reason in reply.json()["error"]


def test_nul_character_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value="a\x00b", seq=1), "NUL")
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value={"0": "a\x00"}, seq=1), "NUL")
    _nothing_landed(attempt)


def test_lone_surrogate_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    # json.dumps writes the lone surrogate as the escape \\ud800, which json.loads turns back into one.
    _refused(
        _save(client, attempt, position=where[QuestionType.ESSAY], value="abc\ud800", seq=1), "surrogate"
    )
    _refused(
        _save(client, attempt, position=where[QuestionType.ESSAY], value={"0": "\udc00"}, seq=1), "surrogate"
    )
    _nothing_landed(attempt)


@pytest.mark.parametrize("seq", [2**53, 2**63, 2**70, -1, 1.5, "7", True])
def test_sequence_number_out_of_range_or_not_whole_is_refused(taking, seq) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value="fine", seq=seq), "seq")
    _nothing_landed(attempt)


def test_largest_safe_sequence_number_is_accepted(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    assert (
        _save(client, attempt, position=where[QuestionType.ESSAY], value="fine", seq=2**53 - 1).json()[
            "saved"
        ]
        is True
    )


@pytest.mark.parametrize("position", [0, -3, 2**70, "1", None])
def test_position_that_is_no_question_number_is_refused(taking, position) -> None:  # type: ignore[no-untyped-def]
    client, attempt, _where = taking
    _refused(_save(client, attempt, position=position, value="fine", seq=1), "position")


def test_deeply_nested_json_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    deep = "[" * 200_000 + "]" * 200_000
    _refused(
        _raw(
            client,
            attempt,
            '{"position": ' + str(where[QuestionType.ESSAY]) + ', "value": ' + deep + ', "seq": 1}',
        ),
        "nested",
    )
    _refused(
        _save(client, attempt, position=where[QuestionType.MULTICHOICE], value=[[[1]]], seq=1),
        "list of choice",
    )
    _nothing_landed(attempt)


def test_over_long_text_is_refused_at_each_types_limit(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    _refused(
        _save(client, attempt, position=where[QuestionType.SHORTANSWER], value="x" * 501, seq=1),
        "at most 500",
    )
    _refused(
        _save(client, attempt, position=where[QuestionType.ESSAY], value="x" * 50_001, seq=1), "at most 50000"
    )
    _nothing_landed(attempt)
    assert _save(client, attempt, position=where[QuestionType.SHORTANSWER], value="x" * 500, seq=1).json()[
        "saved"
    ]
    assert _save(client, attempt, position=where[QuestionType.ESSAY], value="x" * 50_000, seq=1).json()[
        "saved"
    ]


def test_answer_of_the_wrong_shape_for_the_question_type_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    _refused(
        _save(client, attempt, position=where[QuestionType.SHORTANSWER], value=[0, 1], seq=1), "question type"
    )
    _refused(
        _save(client, attempt, position=where[QuestionType.MULTICHOICE], value="pitch", seq=1),
        "question type",
    )
    _refused(
        _save(client, attempt, position=where[QuestionType.MULTICHOICE], value=True, seq=1), "not a choice"
    )
    _refused(_save(client, attempt, position=where[QuestionType.MULTICHOICE], value=[1, 1], seq=1), "twice")
    _refused(_save(client, attempt, position=where[QuestionType.MULTICHOICE], value=2.5, seq=1), "as text")
    _nothing_landed(attempt)


def test_malformed_body_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    _refused(_raw(client, attempt, "not json"), "JSON")
    _refused(_raw(client, attempt, "[1, 2]"), "JSON")
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], flagged="yes"), "flagged")


def test_flag_after_submit_is_refused(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], flagged=True), "submitted")
    assert not Response.objects.filter(attempt=attempt, flagged=True).exists()


def test_someone_elses_attempt_is_404_even_with_a_bad_body(taking, login_as) -> None:  # type: ignore[no-untyped-def]
    _client, attempt, where = taking
    other = login_as("coach")
    assert _save(other, attempt, position=where[QuestionType.ESSAY], value="a\x00", seq=1).status_code == 404


def test_stale_save_of_a_different_answer_is_a_conflict_with_the_stored_answer(taking) -> None:  # type: ignore[no-untyped-def]
    client, attempt, where = taking
    position = where[QuestionType.SHORTANSWER]
    assert _save(client, attempt, position=position, value="newer", seq=5).json()["saved"] is True
    stale = _save(client, attempt, position=position, value="older", seq=3).json()
    assert (stale["saved"], stale["seq"], stale["conflict"], stale["value"]) == (False, 5, True, "newer")
    replay = _save(client, attempt, position=position, value="newer", seq=5).json()
    assert (replay["saved"], replay["conflict"]) == (False, False)
    assert "value" not in replay
    assert Response.objects.get(attempt=attempt, position=position).value == "newer"


@pytest.mark.services
def test_bad_input_is_400_on_postgresql_too(taking) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's jsonb refuses NUL and lone surrogates itself: without the check these were 500s."""
    client, attempt, where = taking
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value="a\x00b", seq=1), "NUL")
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value="\udfff", seq=1), "surrogate")
    _refused(_save(client, attempt, position=where[QuestionType.ESSAY], value="x", seq=2**63), "seq")
    _refused(
        _save(client, attempt, position=where[QuestionType.SHORTANSWER], value="x" * 501, seq=1),
        "at most 500",
    )
    _nothing_landed(attempt)
    assert (
        _save(client, attempt, position=where[QuestionType.SHORTANSWER], value="fine", seq=1).json()["saved"]
        is True
    )
