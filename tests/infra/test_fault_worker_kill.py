"""Fault: the Celery worker is SIGKILLed in the middle of a validity study; the study still finishes exactly once.

Two ways a worker dies, two recovery paths (both rely on ``task_acks_late`` — the message is acked only after
the task returns — and on ``study_run`` being idempotent):

* the prefork *child* running the task is killed: the parent sees ``WorkerLostError`` and, because
  ``task_reject_on_worker_lost`` is on, rejects the message with ``requeue=True``; the next child runs it at once.
* the *whole worker* is killed: the message stays in Redis' ``unacked`` hash; a new worker's ``restore_visible``
  sweep puts it back on the queue once it is older than ``visibility_timeout`` (see fault_worker_settings).
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from analytics.models import Metric, ValidityStudy, WeightProposal
from analytics.services import study_create
from tests.factories.analytics import WINDOW, make_history
from tests.infra.test_celery_worker import CELERY, REPO, _purge, _test_database_url, _waiting_in

pytestmark = pytest.mark.services

TIMEOUT = 120.0


class FaultWorker:
    """A `celery worker` subprocess with a chosen pool and settings module."""

    def __init__(self, pool: str, settings_module: str) -> None:
        fd, name = tempfile.mkstemp(prefix="rampway-fault-worker-", suffix=".log")
        os.close(fd)
        self.log = Path(name)
        self.pool = pool
        self.settings_module = settings_module
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert connection.settings_dict["NAME"].startswith("test_"), "the worker must use the test database"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": _test_database_url(),
            "DJANGO_CONN_MAX_AGE": "0",
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argv
                [
                    str(CELERY),
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    "celery,analytics",
                    f"--pool={self.pool}",
                    "--concurrency=1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def children(self) -> list[int]:
        assert self.process is not None
        pid = self.process.pid
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]

    def kill(self) -> None:
        """SIGKILL the whole worker (parent and pool children): nothing gets to ack or reject anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]


@pytest.fixture
def workers(transactional_db: None) -> Iterator[Callable[[str, str], FaultWorker]]:
    made: list[FaultWorker] = []

    def make(pool: str, settings_module: str = "config.settings.test") -> FaultWorker:
        w = FaultWorker(pool, settings_module)
        made.append(w)
        return w

    try:
        yield make
    finally:
        for w in made:
            w.stop()
            w.log.unlink(missing_ok=True)


def _queue_study() -> ValidityStudy:
    _purge("celery", "analytics")
    # A transactional test before this one flushed the migration-seeded metrics; seed them again.
    importlib.import_module("analytics.migrations.0002_seed_metrics").seed(django_apps, None)
    history = make_history(hires=80, others=40)
    with transaction.atomic():
        study = study_create(
            family="hiring",
            metric=Metric.objects.get(code="quota_attainment"),
            period_from=WINDOW[0],
            period_to=WINDOW[1],
            rubric_version=history.version,
            actor=None,
            # Enough resamples that the run lasts a few seconds, so the kill lands inside it.
            n_bootstrap=4000,
        )
    assert _waiting_in("analytics") == 1
    return study


def _wait_until_running(study: ValidityStudy, worker: FaultWorker) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        study.refresh_from_db()
        if study.status == ValidityStudy.Status.RUNNING and study.progress >= 30:
            return
        assert study.status != ValidityStudy.Status.DONE, (
            "the study finished before the kill; raise n_bootstrap"
        )
        if worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.output()}")
        time.sleep(0.05)
    pytest.fail(f"the study never started:\n{worker.output()}")


def _wait_until_finished(study: ValidityStudy, worker: FaultWorker) -> float:
    start = time.monotonic()
    while time.monotonic() < start + TIMEOUT:
        study.refresh_from_db()
        if study.is_finished:
            return time.monotonic() - start
        if worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.output()}")
        time.sleep(0.2)
    pytest.fail(f"study not finished within {TIMEOUT:.0f} s after the kill:\n{worker.output()}")


def _assert_finished_once(study: ValidityStudy, analyst: Client) -> None:
    assert study.status == ValidityStudy.Status.DONE, study.error
    assert study.progress == 100
    assert study.results["n"] == 80
    # Exactly once: one proposal, one "done" audit entry, nothing left on the queue.
    assert WeightProposal.objects.filter(study=study).count() == 1
    assert AuditEvent.objects.filter(verb="validity_study.done", object_id=str(study.pk)).count() == 1
    assert _waiting_in("analytics") == 0
    # The user sees it finish: the status fragment stops polling and shows "Done"; the page shows results.
    fragment = analyst.get(reverse("analytics:study_status", args=[study.pk]))
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "hx-trigger" not in html
    assert '<span class="badge ok">Done</span>' in html
    page = analyst.get(reverse("analytics:study", args=[study.pk]))
    assert page.status_code == 200
    assert 'aria-valuenow="100"' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_killed_pool_child_is_requeued_at_once_and_the_study_finishes_once(workers, login_as) -> None:
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    study = _queue_study()
    worker = workers("prefork")
    worker.start()
    _wait_until_running(study, worker)
    (child,) = worker.children()
    os.kill(child, signal.SIGKILL)

    seconds = _wait_until_finished(study, worker)

    log = worker.output()
    assert "WorkerLostError" in log, log
    assert log.count("Task analytics.study_run[") >= 1
    _assert_finished_once(study, login_as("analyst"))
    print(f"finished {seconds:.1f} s after the child was killed")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_is_redelivered_to_a_new_worker_and_the_study_finishes_once(workers, login_as) -> None:
    study = _queue_study()
    first = workers("solo")
    first.start()
    _wait_until_running(study, first)
    first.kill()
    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.RUNNING
    # Not acked, not on the queue: held in the transport's unacked hash.
    assert _waiting_in("analytics") == 0

    second = workers("solo", "tests.infra.fault_worker_settings")
    second.start()
    seconds = _wait_until_finished(study, second)

    # The new worker is the one that ran it to the end. Celery logs "succeeded" after the task returns, i.e. after
    # the study's row says done, so the line may trail the status by a moment on a loaded machine.
    done_line = f"{{'study': {study.pk}, 'status': 'done'}}"
    deadline = time.monotonic() + 30
    log = second.log.read_text(errors="replace")
    while done_line not in log and time.monotonic() < deadline:
        time.sleep(0.2)
        log = second.log.read_text(errors="replace")
    assert done_line in log, log[-3000:]
    _assert_finished_once(study, login_as("analyst"))
    print(f"finished {seconds:.1f} s after the new worker started")
