"""Database queries per answer save, attempt start and submit (with grading) on a 150-question exam.

Counted as production runs exam day. The exam-day caches are on (production turns them on with the shared cache,
CACHE_URL; this bench is one process, so its process-local cache is shared by every process there is). A submit's
follow-ups are one task published to the broker after the commit, as in production: the bench turns eager mode off
and records the publish instead of sending it (it is no query), then runs the recorded tasks as a worker would,
counted apart as `submit_followups` (the worker's queries, not the examinee's).
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.models import User
from assessments.exams.models import Attempt
from core import outbox
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam


def _right_choice(response: Any) -> int:
    """The display index of the right answer (the factories put it first in the key)."""
    return list(response.choice_order).index(0)


def _learner(exam: Any) -> Client:
    client = Client()
    client.force_login(cast(User, UserFactory()))
    # A session's first request records the MFA check in the session; every later request is steady state.
    assert client.get(reverse("exams:detail", args=[exam.slug])).status_code == 200
    return client


def _start(client: Client, exam: Any) -> tuple[int, Attempt]:
    with CaptureQueriesContext(connection) as start:
        response = client.post(reverse("exams:start", args=[exam.slug]))
    assert response.status_code == 302, response.status_code
    attempt = Attempt.objects.get(exam=exam, user_id=client.session["_auth_user_id"])
    return len(start), attempt


def _answer_and_submit(client: Client, attempt: Attempt) -> tuple[list[int], int, list[str]]:
    save_url = reverse("exams:attempt_save", args=[attempt.pk])
    responses = list(attempt.responses.select_related("version").order_by("position"))
    save_counts, save_sql = [], []
    for seq, item in enumerate(responses, start=1):
        body = json.dumps({"position": item.position, "value": _right_choice(item), "seq": seq})
        with CaptureQueriesContext(connection) as save:
            reply = client.post(save_url, body, content_type="application/json")
        assert reply.status_code == 200 and reply.json()["saved"], reply.content
        save_counts.append(len(save))
        save_sql = [query["sql"] for query in save.captured_queries]
    with CaptureQueriesContext(connection) as submit:
        reply = client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    assert reply.status_code == 302, reply.status_code
    attempt.refresh_from_db()
    assert attempt.passed, "every answer was right, so the attempt passes and a certification is issued"
    return save_counts, len(submit), save_sql


class _Broker:
    """Records what the request publishes; the bench then runs it as the worker would."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[Any], dict[str, Any]]] = []

    def send(self, task_name: str, args: Any, kwargs: dict[str, Any], queue: str) -> None:
        self.sent.append((task_name, list(args), dict(kwargs)))

    def work(self, names: set[str]) -> int:
        """Run the recorded tasks named `names` (what they publish in turn is recorded, not run); their queries."""
        from config.celery_app import app

        app.loader.import_default_modules()
        todo, self.sent = [m for m in self.sent if m[0] in names], [m for m in self.sent if m[0] not in names]
        with CaptureQueriesContext(connection) as worker:
            for name, args, kwargs in todo:
                app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)
        return len(worker)


def bench_queries(questions: int = 150) -> dict[str, Any]:
    """`start` and `submit` are exam day's steady state, the second examinee's; `start_first` is the first start
    of the exam (reads the pool for the cache, marks versions delivered) and `submit_first` the process's first
    certification (reads the audit content type and which webhook events have listeners). `submit_followups` is
    the second submit's follow-up task, run as a worker runs it (`submit_tasks` tasks were published)."""
    broker = _Broker()
    real_send = outbox._send
    outbox._send = broker.send  # type: ignore[assignment]
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False, RAMPWAY_GENERATION_CACHE=True):
            return _bench(broker, questions)
    finally:
        outbox._send = real_send  # type: ignore[assignment]


def _bench(broker: _Broker, questions: int) -> dict[str, Any]:
    exam = published_exam(
        questions=questions, draw=questions, time_limit_minutes=180, certifying=True, validity_months=24
    )
    first, second = _learner(exam), _learner(exam)
    start_first, first_attempt = _start(first, exam)
    start, second_attempt = _start(second, exam)
    _saves, submit_first, _sql = _answer_and_submit(first, first_attempt)
    broker.work({"exams.attempt_submitted"})
    broker.sent.clear()
    save_counts, submit, save_sql = _answer_and_submit(second, second_attempt)
    submit_tasks = sum(1 for name, _args, _kwargs in broker.sent if name == "exams.attempt_submitted")
    submit_followups = broker.work({"exams.attempt_submitted"})
    # The statements of one save, for the log: the figures file holds numbers only.
    for sql in save_sql:
        print(f"bench: save query: {sql[:140]}", flush=True)
    return {
        "save": max(save_counts),
        "start": start,
        "start_first": start_first,
        "submit": submit,
        "submit_first": submit_first,
        "submit_tasks": submit_tasks,
        "submit_followups": submit_followups,
        "questions": questions,
    }
