"""Starting and submitting an attempt run a fixed number of queries, whatever the exam's question count.

Issue 20 asks for at most 10 each, exam day's steady state: the exam's pool cached by an earlier start, the
process has written an audit row and knows which webhook events have listeners. The counts are exact (they
include the test transaction's savepoints, of which start and submit now make none), so any change shows here.
"""

from __future__ import annotations

import json
from typing import cast

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from accounts.models import User
from assessments.exams.models import Attempt, Certification, Exam
from core.webhooks import _events_listened
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db

# session, user, exam; the learner's attempts; their terms (override, accommodation, recertification, path step:
# one query); insert attempt (with its total), insert responses, start event.
START = 8
# The first start of an exam reads its pool (rules, category tree, questions, newest and approved versions) for
# the cache, and marks the drawn versions delivered (one UPDATE, once per version).
FIRST_START = START + 5 + 1
# session, user, attempt (with exam and user); close it (the conditional UPDATE is the lock), responses with
# their versions, their marks (one UPDATE), the attempt's score, the submit event.
SUBMIT_FAIL = 8
# A pass also inserts the certification and its audit event: the responses' read has said the learner holds
# nothing to supersede, and the cache that no endpoint listens for certification.issued.
SUBMIT_PASS = SUBMIT_FAIL + 2
# A process's first issue also reads the audit's content type and the webhook endpoints' events.
SUBMIT_PASS_COLD = SUBMIT_PASS + 2


def _exam(questions: int) -> Exam:
    # The factory leaves each approved question as question_approve does: naming the version exams draw.
    return published_exam(questions=questions, draw=questions, certifying=True, validity_months=24)


def _client(settings) -> Client:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    client = Client()
    client.force_login(cast(User, UserFactory()))
    return client


def _start(client: Client, exam: Exam) -> Attempt:
    # The landing page first: a session's first request records its MFA check; later requests are steady.
    assert client.get(f"/exams/{exam.slug}/").status_code == 200
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    return Attempt.objects.get(exam=exam, user__in=[client.session["_auth_user_id"]])


@pytest.mark.parametrize("questions", [3, 12])
def test_start_queries_do_not_grow_with_questions(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, django_capture_on_commit_callbacks, questions: int
) -> None:
    exam = _exam(questions)
    first, second, third = _client(settings), _client(settings), _client(settings)
    for client, expected in ((first, FIRST_START), (second, START), (third, START)):
        assert client.get(f"/exams/{exam.slug}/").status_code == 200
        # As if committed: the cached pool then records the versions delivered.
        with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(expected):
            assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    assert Attempt.objects.filter(exam=exam).count() == 3
    assert all(r.version.delivered_at for a in Attempt.objects.filter(exam=exam) for r in a.responses.all())


def _answer_all(client: Client, attempt: Attempt, *, right: bool) -> None:
    for response in attempt.responses.all():
        key = list(response.choice_order).index(0)
        value = key if right else (key + 1) % len(response.choice_order)
        body = json.dumps({"position": response.position, "value": value, "seq": 1})
        assert (
            client.post(
                f"/exams/attempts/{attempt.pk}/save/", body, content_type="application/json"
            ).status_code
            == 200
        )


@pytest.mark.parametrize("questions", [3, 12])
@pytest.mark.parametrize("right", [False, True])
def test_submit_queries_do_not_grow_with_questions(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, questions: int, right: bool
) -> None:
    exam = _exam(questions)
    client = _client(settings)
    attempt = _start(client, exam)
    _answer_all(client, attempt, right=right)
    # A process that has issued before: Django caches the content type, we cache who listens for what.
    ContentType.objects.get_for_model(Certification)
    _events_listened()
    with django_assert_num_queries(SUBMIT_PASS if right else SUBMIT_FAIL):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is right
    assert Certification.objects.filter(attempt=attempt).exists() is right


@pytest.mark.parametrize("questions", [3, 12])
def test_a_process_first_pass_reads_the_content_type_and_the_listeners(  # type: ignore[no-untyped-def]
    settings, django_assert_num_queries, questions: int
) -> None:
    exam = _exam(questions)
    client = _client(settings)
    attempt = _start(client, exam)
    _answer_all(client, attempt, right=True)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(SUBMIT_PASS_COLD):
        assert client.post(f"/exams/attempts/{attempt.pk}/submit/").status_code == 302
    assert Certification.objects.filter(attempt=attempt).exists()
