"""The attempt page, its summary and the result page run a fixed number of queries whatever the question count."""

from __future__ import annotations

import json

import pytest

from assessments.exams.models import Attempt
from tests.factories.exams import REVIEW_DIAGNOSTIC, REVIEW_FULL, REVIEW_SCORE, published_exam

pytestmark = pytest.mark.django_db

# session, user, the attempt (with exam and user), its responses (with versions), the user's roles for the menu
ATTEMPT_PAGE = 5
SUMMARY_PAGE = 5
# … plus the allowance (the learner's terms: override, extra attempts and recertification in one query; their
# finished attempts), the certification, and for the category marks the blueprint rules and the bank's category
# tree. (The terms were three queries — override, accommodation, recertification — before issue 20's bell.)
RESULT_PAGE = {"score": 8, "diagnostic": 10, "full": 10}


def _started(client, questions: int, **fields: object) -> Attempt:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=questions, draw=questions, **fields)
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    for position in range(1, questions + 1, 2):
        client.post(
            f"/exams/attempts/{attempt.pk}/save/",
            data=json.dumps({"position": position, "value": 0, "seq": 1}),
            content_type="application/json",
        )
    return attempt


@pytest.mark.parametrize("questions", [3, 12])
def test_attempt_page_queries(login_as, django_assert_num_queries, questions: int) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _started(client, questions)
    with django_assert_num_queries(ATTEMPT_PAGE):
        assert client.get(f"/exams/attempts/{attempt.pk}/").status_code == 200


@pytest.mark.parametrize("questions", [3, 12])
def test_summary_page_queries(login_as, django_assert_num_queries, questions: int) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _started(client, questions)
    with django_assert_num_queries(SUMMARY_PAGE):
        assert client.get(f"/exams/attempts/{attempt.pk}/summary/?unsaved=2").status_code == 200


POLICIES = {"score": REVIEW_SCORE, "diagnostic": REVIEW_DIAGNOSTIC, "full": REVIEW_FULL}


@pytest.mark.parametrize("questions", [3, 12])
@pytest.mark.parametrize("policy", ["score", "diagnostic", "full"])
def test_result_page_queries(login_as, django_assert_num_queries, questions: int, policy: str) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _started(client, questions, review_options=POLICIES[policy], cooldown_hours=2)
    assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    with django_assert_num_queries(RESULT_PAGE[policy]):
        assert client.get(f"/exams/attempts/{attempt.pk}/result/").status_code == 200
