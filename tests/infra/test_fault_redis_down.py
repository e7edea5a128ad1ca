"""Fault: Redis (broker and cache) stops in the middle of an exam.

A private redis-server on its own port is the app's broker *and* cache; the shared Redis is never touched.
Examinees keep loading pages, saving answers and submitting while it is down; the post-submit side effect
(refresh the exam's item analysis on the analytics queue) is kept in the durable outbox and goes out — and
runs in a real worker — once Redis is back and the outbox flush runs (as beat does every minute).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest
import requests
from django.db import connection

from accounts.roles import Role
from assessments.exams.models import Attempt, ItemAnalysisResult, Response
from core.models import OutboxMessage
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam
from tests.infra.faultkit import CELERY_ARGV, AppServer, Examinee, Process, RedisServer, app_env, free_port
from tests.infra.test_celery_worker import _test_database_url

pytestmark = pytest.mark.services

# What celery beat does every minute for the "core: send stored outbox messages" schedule.
SEND_FLUSH = (
    "import django; django.setup(); from config.celery_app import app; app.send_task('core.outbox_flush')"
)


@pytest.fixture
def stack(transactional_db: None) -> Iterator[dict[str, object]]:
    assert connection.settings_dict["NAME"].startswith("test_")
    port = free_port()
    redis = RedisServer(port)
    env = app_env(
        _test_database_url(),
        CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
        CELERY_TASK_ALWAYS_EAGER="false",
        CACHE_URL=f"redis://127.0.0.1:{port}/1",
    )
    app = AppServer(env)
    worker = Process("worker")
    try:
        redis.start()
        app.start()
        yield {"redis": redis, "app": app, "worker": worker, "env": env}
    finally:
        worker.cleanup()
        app.cleanup()
        redis.cleanup()


def _answer_all(examinee: Examinee, questions: int, round_: int) -> None:
    for position in range(1, questions + 1):
        reply = examinee.save(position, 0, seq=round_)
        assert reply.status_code == 200, reply.text[:300]
        assert reply.json()["saved"] is True


@pytest.mark.django_db(transaction=True)
def test_exam_keeps_working_without_redis_and_the_side_effect_goes_out_after(stack) -> None:  # type: ignore[no-untyped-def]
    redis: RedisServer = stack["redis"]  # type: ignore[assignment]
    app: AppServer = stack["app"]  # type: ignore[assignment]
    worker: Process = stack["worker"]  # type: ignore[assignment]
    exam = published_exam(questions=6, draw=5, pass_mark=50)
    people = [UserFactory(roles=[Role.LEARNER]) for _ in range(3)]
    early, late, later = (Examinee(app.url, p) for p in people)

    # Redis up: one examinee starts and answers half.
    early.start(exam.slug)
    early.open_attempt()
    _answer_all(early, 3, round_=1)

    redis.stop()
    started = time.monotonic()

    # Redis down: pages, a fresh start, saves and submits all work.
    for path in ("/exams/", f"/exams/{exam.slug}/"):
        assert late.get(path).status_code == 200, path
    # The readiness probe does report the outage (503, broker and cache failing, database fine).
    health = requests.get(f"{app.url}/readyz", timeout=30).json()
    assert health["status"] == "fail"
    assert (health["checks"]["database"]["ok"], health["checks"]["cache"]["ok"]) == (True, False)
    late.start(exam.slug)
    late.open_attempt()
    _answer_all(late, 5, round_=1)
    early.open_attempt()
    _answer_all(early, 5, round_=2)
    for examinee in (early, late):
        done = examinee.submit()
        assert done.status_code == 302 and done.headers["Location"].endswith("/result/"), done.text[:300]
        result = examinee.get(done.headers["Location"])
        assert result.status_code == 200
    outage_seconds = time.monotonic() - started
    assert not [s for s in early.statuses + late.statuses if s >= 500]

    attempts = Attempt.objects.filter(exam=exam, user__in=people[:2])
    assert {a.state for a in attempts} == {Attempt.State.SUBMITTED}
    assert Response.objects.filter(attempt__in=attempts, seq__gte=1).count() == 10
    # Two fresh submits, each one follow-up task (its receivers refresh the exam's item analysis), stored.
    pending = list(OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk"))
    submitted_order = [a.pk for a in (attempts.get(user=people[0]), attempts.get(user=people[1]))]
    assert [(m.task_name, m.args, m.queue) for m in pending] == [
        ("exams.attempt_submitted", [pk], "") for pk in submitted_order
    ]
    assert not ItemAnalysisResult.objects.filter(exam=exam).exists()

    # Redis back, a worker on both queues; beat's flush (sent here as beat sends it) empties the outbox.
    redis.start()
    env = dict(stack["env"])  # type: ignore[call-overload]
    worker.spawn(
        [
            *CELERY_ARGV,
            "worker",
            "-Q",
            "celery,analytics",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        env=env,
    )
    flush = Process("beat-send")
    flush.spawn([sys.executable, "-c", SEND_FLUSH], env=env)
    assert flush.process is not None and flush.process.wait(timeout=60) == 0, flush.output()
    flush.cleanup()

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not ItemAnalysisResult.objects.filter(exam=exam).exists():
        assert worker.alive(), worker.output()
        time.sleep(0.5)
    result = ItemAnalysisResult.objects.filter(exam=exam).first()
    assert result is not None, worker.output()
    assert result.attempts_count == 2
    # Both stored follow-ups went out; the item analysis they asked for was published straight to the broker.
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
    assert OutboxMessage.objects.count() == 2

    # And with Redis up, a third examinee's submit publishes straight to the broker (nothing stored).
    later.start(exam.slug)
    later.open_attempt()
    _answer_all(later, 5, round_=1)
    assert later.submit().status_code == 302
    assert OutboxMessage.objects.count() == 2
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        result.refresh_from_db()
        if result.attempts_count == 3:
            break
        time.sleep(0.5)
    assert result.attempts_count == 3, worker.output()
    print(f"outage lasted {outage_seconds:.1f} s with 0 server errors")
