"""PostgreSQL: an answer save is 3 queries with its log event, and a save racing a submit is graded or refused."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from assessments.exams.models import Attempt, AttemptEvent, Response
from assessments.exams.services import AttemptClosed, attempt_start, attempt_submit, response_save
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_save_is_session_user_and_one_statement(settings, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = True
    exam = published_exam(questions=2, draw=2)
    client = Client()
    client.force_login(UserFactory())
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    assert client.get(f"/exams/attempts/{attempt.pk}/").status_code == 200  # the once-per-session MFA check
    with django_assert_num_queries(3):
        reply = client.post(
            f"/exams/attempts/{attempt.pk}/save/",
            data=json.dumps({"position": 2, "value": 1, "seq": 1}),
            content_type="application/json",
            REMOTE_ADDR="10.9.8.7",
        )
    assert reply.json()["saved"] is True
    assert Response.objects.get(attempt=attempt, position=2).value == 1
    event = AttemptEvent.objects.get(attempt=attempt, kind=AttemptEvent.Kind.SAVE)
    assert (event.ip, event.detail) == ("10.9.8.7", {"position": 2, "seq": 1})


def test_saves_racing_a_submit_are_graded_or_refused() -> None:
    exam = published_exam(questions=1, draw=1)
    attempt = attempt_start(exam=exam, user=UserFactory(), now=timezone.now())
    response = attempt.responses.get()
    right = list(response.choice_order).index(0)
    wrong = (right + 1) % len(response.choice_order)
    barrier = threading.Barrier(9)
    acked: list[int] = []
    errors: list[BaseException] = []

    def save(seq: int) -> None:
        try:
            barrier.wait()
            value = right if seq % 2 else wrong
            result = response_save(
                attempt=attempt.pk,
                user_id=attempt.user_id,
                position=1,
                value=value,
                seq=seq,
                now=timezone.now(),
            )
            if result.saved:
                acked.append(seq)
        except AttemptClosed:
            pass
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    def submit() -> None:
        try:
            barrier.wait()
            attempt_submit(attempt=attempt, now=timezone.now())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads: list[Any] = [threading.Thread(target=save, args=(seq,)) for seq in range(1, 9)]
    threads.append(threading.Thread(target=submit))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    stored = Response.objects.get(pk=response.pk)
    done = Attempt.objects.get(pk=attempt.pk)
    assert done.state == Attempt.State.SUBMITTED
    # Every acknowledged save has its event, and the answer graded is the newest acknowledged one.
    assert AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.SAVE).count() == len(acked)
    assert stored.seq == max(acked, default=0)
    assert (stored.fraction == 1.0) == (stored.value == right)
