"""The answer-save endpoint's exact query count, session and user lookups included (issue 9: ≤ 3 per save)."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from assessments.exams.models import Attempt, AttemptEvent, Response
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

# session + user + the conditional UPDATE; SQLite has no data-modifying CTE, so its SAVE event is a 4th statement.
HAPPY_PATH = 3 if connection.vendor == "postgresql" else 4


@pytest.fixture
def steady(login_as, settings):  # type: ignore[no-untyped-def]
    """A signed-in learner with an attempt, MFA enforcement on and its once-per-session check already done."""
    client = login_as("learner")
    settings.RAMPWAY_ENFORCE_MFA = True
    exam = published_exam(questions=3, draw=3)
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    assert client.get(f"/exams/attempts/{attempt.pk}/").status_code == 200
    return client, attempt


def _save(client, attempt: Attempt, position: int, value: object, seq: int):  # type: ignore[no-untyped-def]
    return client.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": position, "value": value, "seq": seq}),
        content_type="application/json",
        HTTP_USER_AGENT="bench-browser/1.0",
        REMOTE_ADDR="10.1.2.3",
    )


def test_first_answer_is_session_user_and_one_write(steady, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client, attempt = steady
    with django_assert_num_queries(HAPPY_PATH):
        reply = _save(client, attempt, 2, 1, 1)
    assert reply.status_code == 200 and reply.json()["saved"] is True
    assert Response.objects.get(attempt=attempt, position=2).value == 1
    event = AttemptEvent.objects.get(attempt=attempt, kind=AttemptEvent.Kind.SAVE)
    assert (event.ip, event.user_agent, event.detail) == (
        "10.1.2.3",
        "bench-browser/1.0",
        {"position": 2, "seq": 1},
    )


def test_changed_answer_costs_the_same(steady, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client, attempt = steady
    assert _save(client, attempt, 1, 0, 1).json()["saved"] is True
    with django_assert_num_queries(HAPPY_PATH):
        assert _save(client, attempt, 1, 2, 2).json()["saved"] is True
    assert Response.objects.get(attempt=attempt, position=1).value == 2
    assert AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SAVE).count() == 2


def test_replayed_save_is_acknowledged_with_one_more_read(steady, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client, attempt = steady
    first = _save(client, attempt, 1, 0, 4).json()
    # session + user + the UPDATE that matches nothing + one read that tells why
    with django_assert_num_queries(4):
        again = _save(client, attempt, 1, 0, 4).json()
    assert (again["saved"], again["seq"], again["saved_at"]) == (False, 4, first["saved_at"])
    assert AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SAVE).count() == 1


def test_someone_elses_attempt_is_404_and_untouched(steady, login_as) -> None:  # type: ignore[no-untyped-def]
    _client, attempt = steady
    other = login_as("coach")
    assert _save(other, attempt, 1, 0, 1).status_code == 404
    assert (
        other.post(
            f"/exams/attempts/{attempt.pk}/save/", data="{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert _save(other, Attempt(pk=attempt.pk + 1000), 1, 0, 1).status_code == 404
    assert Response.objects.get(attempt=attempt, position=1).seq == 0
    assert not AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SAVE).exists()


def test_unknown_question_is_404(steady) -> None:  # type: ignore[no-untyped-def]
    client, attempt = steady
    assert _save(client, attempt, 99, 0, 1).status_code == 404
