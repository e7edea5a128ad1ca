"""A real Celery worker consumes both queues, imports the stdlib `platform`, and stores results in the DB."""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from django_celery_results.models import TaskResult

from accounts.tasks import platform_probe
from config.celery_app import app as celery_app

pytestmark = pytest.mark.services

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
WORKER_ARGS = [
    "-Q",
    "celery,analytics",
    "--pool=solo",
    "--concurrency=1",
    "--without-gossip",
    "--without-mingle",
    "--loglevel=INFO",
]
RESULT_TIMEOUT = 60.0


class Worker:
    """One `celery worker` subprocess on both queues, writing results into pytest's test database."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert connection.settings_dict["NAME"].startswith("test_"), "the worker must use the test database"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": _test_database_url(),
            # No persistent connection: the test database is flushed and dropped right after the test.
            "DJANGO_CONN_MAX_AGE": "0",
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argv
                [str(CELERY), "-A", "config", "worker", *WORKER_ARGS],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

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
        return self.log.read_text(errors="replace")[-4000:]

    def wait_for(self, result: AsyncResult, timeout: float = RESULT_TIMEOUT) -> dict[str, str]:
        """Poll rather than block in result.get(), so a worker that died is reported at once with its log."""
        assert self.process is not None, "start the worker first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result.ready():
                return result.get(timeout=1)
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"no result for {result.id} within {timeout:.0f} s; worker log:\n{self.output()}")


def _test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{db['NAME']}"


def _waiting_in(queue: str) -> int:
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=queue).message_count


def _purge(*queues: str) -> None:
    with celery_app.connection_for_write() as conn:
        for queue in queues:
            conn.default_channel.queue_declare(queue=queue)
            conn.default_channel.queue_purge(queue)


@pytest.fixture
def worker(transactional_db: None) -> Iterator[Worker]:
    fd, name = tempfile.mkstemp(prefix="rampway-worker-", suffix=".log")
    os.close(fd)
    worker = Worker(Path(name))
    try:
        yield worker
    finally:
        worker.stop()
        worker.log.unlink(missing_ok=True)


def _assert_probe_ran_in_worker(payload: dict[str, str], token: str) -> None:
    assert payload["token"] == token
    assert payload["system"] == platform.system()
    module = Path(payload["module"]).resolve()
    assert module.name == "platform.py"
    assert module.parent == Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert not module.is_relative_to(REPO)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_platform_probe_and_stores_the_result(worker: Worker) -> None:
    worker.start()
    token = uuid.uuid4().hex
    result = platform_probe.delay(token)

    payload = worker.wait_for(result)

    _assert_probe_ran_in_worker(payload, token)
    row = TaskResult.objects.get(task_id=result.id)
    assert row.status == "SUCCESS"
    assert row.task_name == "accounts.platform_probe"


@pytest.mark.django_db(transaction=True)
def test_worker_consumes_the_analytics_queue(worker: Worker) -> None:
    _purge("celery", "analytics")
    token = uuid.uuid4().hex
    result = platform_probe.apply_async(args=[token], queue="analytics")
    # Published before any worker runs, so the message is seen waiting in "analytics" and nowhere else.
    assert (_waiting_in("analytics"), _waiting_in("celery")) == (1, 0)

    worker.start()
    payload = worker.wait_for(result)

    _assert_probe_ran_in_worker(payload, token)
    assert TaskResult.objects.get(task_id=result.id).status == "SUCCESS"
    assert _waiting_in("analytics") == 0
