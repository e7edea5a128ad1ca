"""A validity study runs on the `analytics` queue in a real Celery worker against PostgreSQL and Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from analytics.models import ValidityStudy, WeightProposal
from analytics.services import study_create
from tests.factories.analytics import WINDOW, make_history, seeded_metric
from tests.infra.test_celery_worker import Worker, _purge, _waiting_in

pytestmark = pytest.mark.services

TIMEOUT = 120.0


@pytest.fixture
def worker(transactional_db: None) -> Iterator[Worker]:
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix="rampway-analytics-worker-", suffix=".log")
    os.close(fd)
    w = Worker(Path(name))
    try:
        yield w
    finally:
        w.stop()
        w.log.unlink(missing_ok=True)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_study_from_the_analytics_queue(worker: Worker) -> None:
    _purge("celery", "analytics")
    history = make_history(hires=80, others=40)
    with transaction.atomic():
        study = study_create(
            family="hiring",
            metric=seeded_metric("quota_attainment"),
            period_from=WINDOW[0],
            period_to=WINDOW[1],
            rubric_version=history.version,
            actor=None,
            n_bootstrap=200,
        )
    # Queued on commit, on the analytics queue, before any worker exists.
    assert (_waiting_in("analytics"), _waiting_in("celery")) == (1, 0)

    worker.start()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        study.refresh_from_db()
        if study.is_finished:
            break
        if worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.output()}")
        time.sleep(0.5)
    else:
        pytest.fail(f"study not finished within {TIMEOUT:.0f} s:\n{worker.output()}")

    assert study.status == ValidityStudy.Status.DONE, study.error
    assert study.progress == 100
    assert study.results["n"] == 80
    assert study.results["recommendation"] == "adopt"
    assert WeightProposal.objects.filter(study=study).count() == 1
    assert _waiting_in("analytics") == 0
