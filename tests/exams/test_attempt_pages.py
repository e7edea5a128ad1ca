"""A learner starts, answers through the JSON endpoint, submits, and sees the result the review policy allows."""

from __future__ import annotations

import json

import pytest

from assessments.exams.models import Attempt, Exam
from tests.factories.exams import REVIEW_DIAGNOSTIC, REVIEW_FULL, REVIEW_SCORE, published_exam

pytestmark = pytest.mark.django_db


def _take(client, exam: Exam, right: int) -> Attempt:  # type: ignore[no-untyped-def]
    start = client.post(f"/exams/{exam.slug}/start/")
    assert start.status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    for response in attempt.responses.select_related("version").order_by("position"):
        key = next(i for i, a in enumerate(response.version.data["answers"]) if a["fraction"] == 1.0)
        shown = response.choice_order.index(key)
        value = shown if response.position <= right else (shown + 1) % 3
        reply = client.post(
            f"/exams/attempts/{attempt.pk}/save/",
            data=json.dumps({"position": response.position, "value": value, "seq": 10}),
            content_type="application/json",
        )
        assert reply.json()["saved"] is True
    submitted = client.post(f"/exams/attempts/{attempt.pk}/submit/")
    assert submitted["Location"] == f"/exams/attempts/{attempt.pk}/result/"
    return Attempt.objects.get(pk=attempt.pk)


def test_landing_shows_rules_and_attempts_left(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(attempts_allowed=3, time_limit_minutes=45, pass_mark=80)
    page = login_as("learner").get(f"/exams/{exam.slug}/").content.decode()
    assert "45 minutes" in page
    assert "3 attempts left" in page
    assert "80%" in page


def test_score_only_policy_shows_no_answers(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam(questions=4, draw=4, review_options=REVIEW_SCORE)
    attempt = _take(client, exam, right=3)
    page = client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "75%" in page
    assert "RIGHT-" not in page
    assert "Right answer" not in page


def test_full_review_policy_shows_right_answers_and_feedback(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam(questions=4, draw=4, review_options=REVIEW_FULL)
    attempt = _take(client, exam, right=2)
    page = client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "50%" in page
    assert "Right answer" in page
    assert "RIGHT-0-ANSWER" in page or "RIGHT-1-ANSWER" in page
    assert "is right" in page or "is wrong" in page


def test_diagnostic_policy_shows_topics_but_no_answers(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = published_exam(questions=4, draw=4, review_options=REVIEW_DIAGNOSTIC)
    attempt = _take(client, exam, right=4)
    page = client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "Products" in page and "100%" in page
    assert "Right answer" not in page


def test_attempt_page_after_submit_redirects_to_result(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _take(client, published_exam(), right=1)
    assert client.get(f"/exams/attempts/{attempt.pk}/")["Location"] == f"/exams/attempts/{attempt.pk}/result/"
    late = client.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": 1, "value": 0, "seq": 99}),
        content_type="application/json",
    )
    assert late.status_code == 409
