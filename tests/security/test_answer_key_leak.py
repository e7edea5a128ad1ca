"""Answer-key leak sweep: every exam page and JSON reply an examinee can reach before submitting.

tests/exams/test_answer_key_never_sent.py covers the attempt page and save replies of one free-navigation
exam; this sweep adds the exam list and landing page, sequential navigation (one question at a time, advance),
practice mode's per-question check (which may reveal the checked question's own feedback, never another's),
the result URL before submit, and every navigator/flag reply — across each question type that has a key.
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from assessments.exams.models import Attempt, BlueprintRule, Exam, QuestionType, Response
from assessments.exams.review import ITEMS, TIMINGS
from tests.factories.exams import (
    REVIEW_DIAGNOSTIC,
    REVIEW_SCORE,
    CategoryFactory,
    ExamFactory,
    QuestionBankFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

# Words that only an answer key carries: JSON keys of the stored question data.
KEY_WORDS = ("fraction", "tolerance", "general_feedback", '"correct"', "is_correct")


def _versions(i: int) -> list[dict[str, Any]]:
    return [
        {
            "qtype": QuestionType.MULTICHOICE,
            "general_feedback": f"GENERAL-SECRET-{i}0",
            "data": {
                "single": True,
                "answers": [
                    {"text": f"Option right {i}", "fraction": 1.0, "feedback": f"FEEDBACK-SECRET-{i}0a"},
                    {"text": f"Option wrong {i}", "fraction": 0.0, "feedback": f"FEEDBACK-SECRET-{i}0b"},
                ],
            },
        },
        {
            "qtype": QuestionType.SHORTANSWER,
            "general_feedback": f"GENERAL-SECRET-{i}1",
            "data": {
                "answers": [
                    {"text": f"KEY-SHORT-SECRET-{i}", "fraction": 1.0, "feedback": f"FEEDBACK-SECRET-{i}1"},
                    {"text": f"WILDCARD-SECRET-{i}*", "fraction": 0.5},
                ]
            },
        },
        {
            "qtype": QuestionType.NUMERICAL,
            "general_feedback": f"GENERAL-SECRET-{i}2",
            "data": {"answers": [{"value": 98765.4321 + i, "tolerance": 0.5, "fraction": 1.0}]},
        },
        {
            "qtype": QuestionType.TRUEFALSE,
            "general_feedback": f"GENERAL-SECRET-{i}3",
            "data": {
                "answers": [
                    {"text": "true", "fraction": 1.0, "feedback": f"FEEDBACK-SECRET-{i}3"},
                    {"text": "false", "fraction": 0.0, "feedback": f"FEEDBACK-SECRET-{i}3f"},
                ]
            },
        },
    ]


def _secrets_of(position_version: dict[str, Any]) -> list[str]:
    out = [position_version.get("general_feedback", "")]
    for answer in position_version["data"].get("answers", []):
        if answer.get("feedback"):
            out.append(answer["feedback"])
        if position_version["qtype"] in (QuestionType.SHORTANSWER,):
            out.append(answer["text"].rstrip("*"))
        if "value" in answer:
            out.append(f"{answer['value']}")
    return [s for s in out if s]


def _exam(**fields: Any) -> tuple[Exam, list[str], list[list[str]]]:
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    versions = _versions(7)
    for n, version in enumerate(versions):
        QuestionFactory(
            bank=bank, category=category, name=f"Q{n}", **{f"version__{k}": v for k, v in version.items()}
        )
    exam = ExamFactory(
        bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), time_limit_minutes=20, **fields
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=len(versions))
    per_question = [_secrets_of(v) for v in versions]
    secrets = [s for group in per_question for s in group]
    assert len(secrets) >= 12
    return exam, secrets, per_question


def _assert_clean(body: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in body, (where, secret)
    for word in KEY_WORDS:
        assert word not in body, (where, word)


def _post(client: Client, url: str, payload: dict[str, Any]) -> str:
    reply = client.post(url, data=json.dumps(payload), content_type="application/json")
    assert reply.status_code < 500, (url, payload, reply.status_code)
    return reply.content.decode()


@pytest.mark.parametrize("navigation", [Exam.Navigation.FREE, Exam.Navigation.SEQUENTIAL])
def test_no_page_or_reply_before_submit_carries_the_key(login_as, navigation) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam, secrets, _groups = _exam(navigation=navigation)

    for url in ("/exams/", f"/exams/{exam.slug}/"):
        page = client.get(url)
        assert page.status_code == 200, url
        _assert_clean(page.content.decode(), secrets, url)

    start = client.post(f"/exams/{exam.slug}/start/")
    attempt_url = start["Location"]
    # The result page is not reachable before submit: it sends the examinee back to the attempt.
    early = client.get(f"{attempt_url}result/")
    assert early.status_code == 302 and early["Location"] == attempt_url

    seen = 0
    for position in range(1, 5):
        page = client.get(attempt_url)
        assert page.status_code == 200
        html = page.content.decode()
        _assert_clean(html, secrets, f"attempt page at {position}")
        seen += html.count('name="q') or 1
        for body in (
            _post(client, f"{attempt_url}save/", {"position": position, "value": "true", "seq": 1}),
            _post(client, f"{attempt_url}save/", {"position": position, "value": "x", "seq": 1}),
            _post(client, f"{attempt_url}save/", {"position": position, "flagged": True}),
            _post(client, f"{attempt_url}save/", {"position": position, "advance": True}),
            # Practice-only check on a real exam: refused, and refused without a key.
            _post(client, f"{attempt_url}check/", {"position": position}),
        ):
            _assert_clean(body, secrets, f"reply at {position}")
        # The summary before submit (with a not-saved list) and a conflicting stale save carry no key either.
        summary = client.get(f"{attempt_url}summary/?unsaved={position}")
        assert summary.status_code == 200
        _assert_clean(summary.content.decode(), secrets, f"summary at {position}")
        _assert_clean(
            _post(client, f"{attempt_url}save/", {"position": position, "value": "y", "seq": 0}),
            secrets,
            f"stale reply at {position}",
        )
    assert seen >= 1


@pytest.mark.parametrize("policy", ["score", "diagnostic"])
def test_result_page_below_full_review_carries_no_key(login_as, policy) -> None:  # type: ignore[no-untyped-def]
    """Category marks, attempts left, the cool-down: none of it may carry a key or a feedback (right/wrong per
    question comes with marks, as in Moodle; the matrix tests below check each option)."""
    client = login_as("learner")
    options = {"score": REVIEW_SCORE, "diagnostic": REVIEW_DIAGNOSTIC}[policy]
    exam, secrets, _groups = _exam(review_options=options, attempts_allowed=3, cooldown_hours=4)
    attempt_url = client.post(f"/exams/{exam.slug}/start/")["Location"]
    for position in range(1, 8):
        _post(client, f"{attempt_url}save/", {"position": position, "value": "true", "seq": 1})
    assert client.post(f"{attempt_url}submit/").status_code == 302
    html = client.get(f"{attempt_url}result/").content.decode()
    assert "attempts left" in html
    _assert_clean(html, secrets, f"result under {policy}")


def test_practice_check_reveals_only_the_checked_questions_own_feedback(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam, secrets, groups = _exam(practice=True)
    attempt_url = client.post(f"/exams/{exam.slug}/start/")["Location"]
    page = client.get(attempt_url).content.decode()
    _assert_clean(page, secrets, "practice attempt page")

    # Before an answer is saved, checking tells nothing.
    _assert_clean(_post(client, f"{attempt_url}check/", {"position": 1}), secrets, "check unsaved")

    # An answer that fits the question's type (the save refuses one that does not, issue 13).
    qtype = (
        Response.objects.filter(attempt__exam=exam, position=1).values_list("version__qtype", flat=True).get()
    )
    value = {
        QuestionType.MULTICHOICE: 0,
        QuestionType.TRUEFALSE: "true",
        QuestionType.MATCHING: {"0": "x"},
        QuestionType.ORDERING: [0, 1],
    }.get(qtype, "x")
    _post(client, f"{attempt_url}save/", {"position": 1, "value": value, "seq": 1})
    reply = json.loads(_post(client, f"{attempt_url}check/", {"position": 1}))
    shown = json.dumps(reply)
    revealed = {s for s in secrets if s in shown}
    assert revealed, "the check shows the checked question's feedback"
    # Whatever it reveals belongs to one question: no other question's feedback or key comes along.
    assert any(revealed <= set(group) for group in groups), revealed
    # The reply's own "general_feedback" field is the checked question's, shown by design.
    for word in ("fraction", "tolerance", '"correct"', "is_correct"):
        assert word not in shown


# --- review options by timing (issue 16, item 6): every timing × every subset of what may be shown -------------

SUBSETS = [frozenset(c) for n in range(len(ITEMS) + 1) for c in itertools.combinations(ITEMS, n)]
# What betrays each item on a page: the short-answer key only a right-answer review prints, a general feedback,
# the score's own markers, the category table.
RIGHT_MARK, FEEDBACK_MARK = "KEY-SHORT-SECRET-7", "GENERAL-SECRET-71"


def _options(timing: str, subset: frozenset[str]) -> dict[str, list[str]]:
    """`subset` at `timing`, its complement everywhere else: a page reading the wrong timing fails the test."""
    rest = [i for i in ITEMS if i not in subset]
    return {t: (sorted(subset) if t == timing else rest) for t in TIMINGS}


def _shortanswer_position(exam: Exam) -> int:
    return (
        Response.objects.filter(attempt__exam=exam, version__qtype=QuestionType.SHORTANSWER)
        .values_list("position", flat=True)
        .get()
    )


def _expect(body: str, where: str, present: bool, *markers: str) -> None:
    for marker in markers:
        assert (marker in body) == present, (where, marker, "should show" if present else "must not show")


@pytest.mark.parametrize("subset", SUBSETS, ids=lambda s: "+".join(sorted(s)) or "nothing")
def test_during_the_attempt_shows_exactly_what_is_ticked(login_as, subset) -> None:  # type: ignore[no-untyped-def]
    """Practice mode: the Check reply and the summary page before submit."""
    client = login_as("learner")
    exam, _secrets, _groups = _exam(practice=True, review_options=_options("during", subset))
    attempt_url = client.post(f"/exams/{exam.slug}/start/")["Location"]
    position = _shortanswer_position(exam)
    _post(client, f"{attempt_url}save/", {"position": position, "value": "a wrong answer", "seq": 1})
    checkable = bool(subset & {"marks", "feedback", "right_answers"})
    page = client.get(attempt_url).content.decode()
    _expect(page, "attempt page", checkable, "check-answer")
    _expect(page, "attempt page", False, RIGHT_MARK, FEEDBACK_MARK)
    reply = _post(client, f"{attempt_url}check/", {"position": position})
    _expect(reply, "check", "marks" in subset, '"percent"', '"outcome"')
    _expect(reply, "check", "right_answers" in subset, RIGHT_MARK)
    _expect(reply, "check", "feedback" in subset, FEEDBACK_MARK)
    summary = client.get(f"{attempt_url}summary/").content.decode()
    _expect(summary, "summary", "categories" in subset, 'data-testid="by-category"')
    _expect(summary, "summary", False, RIGHT_MARK, FEEDBACK_MARK)


def test_a_graded_exam_shows_nothing_during_the_attempt_whatever_is_ticked(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam, secrets, _groups = _exam(review_options={t: list(ITEMS) for t in TIMINGS})
    attempt_url = client.post(f"/exams/{exam.slug}/start/")["Location"]
    position = _shortanswer_position(exam)
    _post(client, f"{attempt_url}save/", {"position": position, "value": "a wrong answer", "seq": 1})
    for body in (
        client.get(attempt_url).content.decode(),
        _post(client, f"{attempt_url}check/", {"position": position}),
        client.get(f"{attempt_url}summary/").content.decode(),
    ):
        _assert_clean(body, secrets, "graded exam before submit")
        assert 'data-testid="by-category"' not in body and '"percent"' not in body


@pytest.mark.parametrize("timing", ["immediately", "later", "closed"])
@pytest.mark.parametrize("subset", SUBSETS, ids=lambda s: "+".join(sorted(s)) or "nothing")
def test_after_submit_every_page_shows_exactly_what_is_ticked(login_as, timing, subset) -> None:  # type: ignore[no-untyped-def]
    """The result page, the exam page's attempt table and the exam list, at each timing after submit."""
    client = login_as("learner")
    exam, _secrets, _groups = _exam(review_options=_options(timing, subset), attempts_allowed=3)
    attempt_url = client.post(f"/exams/{exam.slug}/start/")["Location"]
    _post(client, f"{attempt_url}save/", {"position": _shortanswer_position(exam), "value": "x", "seq": 1})
    assert client.post(f"{attempt_url}submit/").status_code == 302
    now = timezone.now()
    if timing in ("later", "closed"):
        Attempt.objects.filter(exam=exam).update(submitted_at=now - timedelta(minutes=10))
    if timing == "closed":
        Exam.objects.filter(pk=exam.pk).update(closes_at=now - timedelta(minutes=1))
    result = client.get(f"{attempt_url}result/").content.decode()
    _expect(result, "result", "marks" in subset, 'data-testid="score"', 'data-testid="per-question"')
    _expect(result, "result", "right_answers" in subset, RIGHT_MARK)
    _expect(result, "result", "feedback" in subset, FEEDBACK_MARK)
    _expect(result, "result", "categories" in subset, 'data-testid="by-category"')
    for url, marker in ((f"/exams/{exam.slug}/", "attempt-score"), ("/exams/", "best-score")):
        body = client.get(url).content.decode()
        _expect(body, url, "marks" in subset, f'data-testid="{marker}"')
        _expect(body, url, False, RIGHT_MARK, FEEDBACK_MARK, 'data-testid="by-category"')
    # The practice check is no way around it after submit.
    _expect(_post(client, f"{attempt_url}check/", {"position": 1}), "check", False, RIGHT_MARK, FEEDBACK_MARK)
