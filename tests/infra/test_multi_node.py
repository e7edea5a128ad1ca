"""Two web nodes, two Celery workers and one beat on loopback, sharing PostgreSQL, Redis and an S3 bucket.

Every node runs the committed gunicorn config (platform/deploy/gunicorn.conf.py) with the connection pool on
(RAMPWAY_DB_POOL) and the files in moto's S3-compatible server (RAMPWAY_STORAGE=s3), i.e. the scale-out setup of
docs/deployment.md. The processes start once for the module (importing Django and Wagtail five times is most
of the run); each test then plays one thing a customer's IT asks of more than one machine. Nothing is shared
between the nodes but the services: a session, a file or a study written through one is read through another.

The workers outlive each test while the test database is flushed between tests, which re-creates the content
types under new ids; the workers' settings (fault_worker_settings) drop Django's content-type cache before each
task so a worker never writes an audit row with an id from a previous test (a real deployment never flushes).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks
from django_celery_results.models import TaskResult

from accounts.models import AuditEvent
from accounts.roles import Role
from analytics.models import ValidityStudy, WeightProposal
from analytics.services import study_create
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.analytics import WINDOW, make_history, seeded_metric
from tests.factories.hiring import make_requisition
from tests.infra.faultkit import (
    CELERY_ARGV,
    AppServer,
    Process,
    S3Server,
    app_env,
    free_port,
    session_cookie,
)
from tests.infra.test_celery_worker import _purge, _test_database_url, _waiting_in

pytestmark = pytest.mark.services

PORTS = range(8270, 8280)
POOL_MAX = 3
# Above the time from a study's delivery to the kill below, so the survivor never takes over a study the victim
# is still running; the survivor restores it this long after delivery (tests/infra/fault_worker_settings.py).
VISIBILITY_TIMEOUT = 10
TIMEOUT = 90.0


class CeleryProcess(Process):
    """A `celery worker` or `celery beat`, ready once its log says so."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], ready: str) -> None:
        super().__init__(name)
        self.name = name
        self.argv = argv
        self.env = env
        self.ready_line = ready

    def spawn_only(self) -> None:
        self.spawn([*CELERY_ARGV, *self.argv], env=self.env)

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while self.ready_line not in self.log.read_text(errors="replace"):
            if not self.alive():
                raise RuntimeError(f"{self.name} exited:\n{self.output()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} not ready:\n{self.output()}")
            time.sleep(0.3)

    def log_since(self, offset: int) -> str:
        return self.log.read_bytes()[offset:].decode(errors="replace")

    def log_size(self) -> int:
        return self.log.stat().st_size


@dataclass
class Cluster:
    s3: S3Server
    a: AppServer
    b: AppServer
    workers: dict[str, CeleryProcess]
    beat: CeleryProcess
    started: float = field(default_factory=time.monotonic)

    def processes(self) -> list[Process]:
        return [self.a, self.b, *self.workers.values(), self.beat]


def _node_env(database_url: str, s3: S3Server, **extra: str) -> dict[str, str]:
    return app_env(
        database_url,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
        CACHE_URL=os.environ.get("CACHE_URL", "locmemcache://"),
        **s3.env(),
        **extra,
    )


@pytest.fixture(scope="module")
def cluster(django_db_setup: None, django_db_blocker) -> Iterator[Cluster]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    assert "/test_" in database_url, "the nodes must use the test database"
    # Distinct ports picked up front: nothing binds until the processes start.
    s3_port = free_port(PORTS)
    a_port = free_port(range(s3_port + 1, PORTS.stop))
    b_port = free_port(range(a_port + 1, PORTS.stop))
    s3 = S3Server(s3_port)
    pool = {"RAMPWAY_DB_POOL": "true", "RAMPWAY_DB_POOL_MIN": "1", "RAMPWAY_DB_POOL_MAX": str(POOL_MAX)}

    def node(name: str, port: int) -> AppServer:
        # application_name tells the nodes' connections apart in pg_stat_activity.
        env = _node_env(f"{database_url}?application_name=rampway-{name}", s3, **pool)
        return AppServer(env, workers=1, threads=4, port=port, deploy_config=True)

    def worker(name: str) -> CeleryProcess:
        env = _node_env(
            database_url,
            s3,
            DJANGO_SETTINGS_MODULE="tests.infra.fault_worker_settings",
            RAMPWAY_TEST_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        )
        argv = ["worker", "-n", f"{name}@rampway", "-Q", "celery,analytics", "--pool=solo"]
        argv += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
        return CeleryProcess(name, argv, env, ready=f"{name}@rampway ready.")

    beat_env = _node_env(database_url, s3)
    cluster = Cluster(
        s3=s3,
        a=node("node-a", a_port),
        b=node("node-b", b_port),
        workers={"w1": worker("w1"), "w2": worker("w2")},
        beat=CeleryProcess("beat", ["beat", "--loglevel=INFO"], beat_env, ready="beat: Starting..."),
    )
    try:
        s3.start()
        with django_db_blocker.unblock():
            _purge("celery", "analytics")
            # Beat notices new schedule rows when PeriodicTasks' change stamp moves past the one it saw last. With
            # no stamp at all it takes the first one it sees as its baseline and misses that change, so start
            # it with a fresh stamp.
            PeriodicTasks.update_changed()
        # Start all five at once: each spends most of its start importing Django and Wagtail.
        for process in cluster.processes():
            process.spawn_only()  # type: ignore[attr-defined]
        for process in cluster.processes():
            process.wait_ready()  # type: ignore[attr-defined]
        print(f"cluster up in {time.monotonic() - cluster.started:.1f} s")
        yield cluster
    finally:
        # In parallel: each waits for its graceful shutdown, which one after another costs half a minute.
        with ThreadPoolExecutor(max_workers=6) as stopping:
            list(stopping.map(lambda p: p.cleanup(), [*cluster.processes(), s3]))
        print(f"cluster down after {time.monotonic() - cluster.started:.1f} s")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _sign_in(node: AppServer, email: str) -> requests.Session:
    """Through allauth's own form, as a browser would; the cookie jar then goes to every node (one host)."""
    http = requests.Session()
    form = http.get(f"{node.url}/accounts/login/", timeout=30)
    assert form.status_code == 200, form.text[:300]
    reply = http.post(
        f"{node.url}/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(form.text)},
        headers={"Referer": f"{node.url}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert reply.status_code == 302, reply.text[:500]
    assert settings.SESSION_COOKIE_NAME in http.cookies
    return http


def _post_form(http: requests.Session, node: AppServer, path: str, data: dict, **kwargs) -> requests.Response:  # type: ignore[no-untyped-def, type-arg]
    form = http.get(node.url + path, timeout=30)
    assert form.status_code == 200, form.text[:300]
    return http.post(
        node.url + path,
        data={**data, "csrfmiddlewaretoken": _csrf(form.text)},
        headers={"Referer": node.url + path},
        timeout=60,
        allow_redirects=False,
        **kwargs,
    )


def _wait_done_on(
    node: AppServer, http: requests.Session, study: ValidityStudy, workers: list[CeleryProcess]
) -> float:
    """Poll the study's status fragment on `node` (as the page's htmx does) until it stops polling."""
    start = time.monotonic()
    while time.monotonic() < start + TIMEOUT:
        fragment = http.get(f"{node.url}/analytics/studies/{study.pk}/status/", timeout=30)
        assert fragment.status_code == 200
        if "hx-trigger" not in fragment.text:
            assert '<span class="badge ok">Done</span>' in fragment.text, fragment.text
            return time.monotonic() - start
        time.sleep(0.5)
    study.refresh_from_db()
    logs = "\n".join(f"--- {w.name} (alive: {w.alive()}):\n{w.output()[-2500:]}" for w in workers)
    pytest.fail(f"study {study.pk} still {study.status} on {node.url} after {TIMEOUT:.0f} s\n{logs}")


@pytest.mark.django_db(transaction=True)
def test_a_user_signed_in_on_node_a_continues_on_node_b(cluster: Cluster, persona) -> None:  # type: ignore[no-untyped-def]
    rick = persona("recruiter")

    http = _sign_in(cluster.a, rick.email)
    on_b = http.get(f"{cluster.b.url}/accounts/email/", timeout=30, allow_redirects=False)

    assert on_b.status_code == 200 and rick.email in on_b.text
    stranger = requests.get(f"{cluster.b.url}/accounts/email/", timeout=30, allow_redirects=False)
    assert stranger.status_code == 302 and stranger.headers["Location"].startswith("/accounts/login/")
    # Signed out on B, signed out everywhere: the session row is gone, not a copy on one node.
    out = _post_form(http, cluster.b, "/accounts/logout/", {})
    assert out.status_code == 302
    assert http.get(f"{cluster.a.url}/accounts/email/", timeout=30, allow_redirects=False).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_cv_uploaded_on_node_a_downloads_on_node_b_from_the_bucket(cluster: Cluster, persona) -> None:  # type: ignore[no-untyped-def]
    rick = persona("recruiter")
    requisition = make_requisition(recruiter=rick)
    http = _sign_in(cluster.a, rick.email)
    cluster.s3.empty()
    cv = b"%PDF-1.4 Ann Lee, ten years in field sales"

    added = _post_form(
        http,
        cluster.a,
        f"/hiring/requisitions/{requisition.pk}/candidates/new/",
        {"name": "Ann Lee", "email": "ann@example.com", "source": "referral"},
        files={"cv": ("ann-lee.pdf", cv, "application/pdf")},
    )
    assert added.status_code == 302, added.text[:500]
    candidate = requisition.candidates.get()

    download = http.get(f"{cluster.b.url}/hiring/candidates/{candidate.pk}/cv/", timeout=30)
    assert download.status_code == 200 and download.content == cv
    assert download.headers["Content-Disposition"] == 'attachment; filename="ann-lee.pdf"'
    # It came from the bucket (no node keeps a copy), where it is private.
    key = f"media/{candidate.cv.name}"
    assert cluster.s3.objects("media/") == {key: cv}
    bare = requests.get(f"{cluster.s3.url}/{cluster.s3.bucket}/{key}", timeout=10)
    assert bare.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_study_queued_on_node_a_runs_on_a_worker_and_shows_done_on_node_b(
    cluster: Cluster, persona
) -> None:  # type: ignore[no-untyped-def]
    anna = persona("analyst")
    history = make_history(hires=80, others=40)
    metric = seeded_metric("quota_attainment")
    http = _sign_in(cluster.a, anna.email)

    queued = _post_form(
        http,
        cluster.a,
        "/analytics/studies/new/",
        {
            "rubric_version": history.version.pk,
            "outcome": metric.pk,
            "period_from": WINDOW[0].isoformat(),
            "period_to": WINDOW[1].isoformat(),
            "cut": "3.0",
        },
    )
    assert queued.status_code == 302, queued.text[:800]
    study = ValidityStudy.objects.get()
    assert queued.headers["Location"] == f"/analytics/studies/{study.pk}/"

    seconds = _wait_done_on(cluster.b, http, study, list(cluster.workers.values()))

    page = http.get(f"{cluster.b.url}/analytics/studies/{study.pk}/", timeout=30)
    assert page.status_code == 200 and 'aria-valuenow="100"' in page.text
    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE and study.results["n"] == 80
    # A worker ran it, not the web node (an eager run stores no task result).
    (result,) = TaskResult.objects.filter(task_name="analytics.study_run")
    assert result.status == "SUCCESS" and result.worker in {"w1@rampway", "w2@rampway"}
    print(f"done on node B {seconds:.1f} s after queueing on node A, run by {result.worker}")


@pytest.mark.django_db(transaction=True)
def test_each_node_serves_from_its_own_bounded_connection_pool(cluster: Cluster) -> None:
    def burst(node: AppServer) -> list[int]:
        with ThreadPoolExecutor(max_workers=12) as pool:
            return list(
                pool.map(lambda _: requests.get(f"{node.url}/readyz", timeout=60).status_code, range(24))
            )

    def backends(name: str) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
                [f"rampway-{name}"],
            )
            return {row[0] for row in cursor.fetchall()}

    assert burst(cluster.a) == [200] * 24 and burst(cluster.b) == [200] * 24
    first = {name: backends(name) for name in ("node-a", "node-b")}
    assert burst(cluster.a) == [200] * 24 and burst(cluster.b) == [200] * 24
    second = {name: backends(name) for name in ("node-a", "node-b")}

    for name in first:
        # 24 requests, 4 threads, never more than the pool's maximum (one gunicorn process per node)…
        assert 1 <= len(first[name]) <= POOL_MAX, (name, first[name])
        assert len(second[name]) <= POOL_MAX, (name, second[name])
        # …and the same connections stay open between bursts: without the pool (CONN_MAX_AGE=0) each request
        # would open its own and close it, leaving none.
        assert first[name] <= second[name], (name, first[name], second[name])
    assert not first["node-a"] & first["node-b"]


@pytest.mark.django_db(transaction=True)
def test_beat_schedules_the_session_clean_up_and_a_worker_runs_it(cluster: Cluster) -> None:
    now = timezone.now()
    Session.objects.create(session_key="e" * 32, session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="l" * 32, session_data="", expire_date=now + timedelta(days=1))
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.create(
        name="sessions clear (multi-node test)", task="core.sessions_clear_expired", interval=every_second
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        stamped = time.monotonic()
        while Session.objects.filter(session_key="e" * 32).exists():
            assert time.monotonic() < deadline, cluster.beat.output()
            if time.monotonic() - stamped > 6:
                # Beat polls the stamp every 5 s; one saved between its start and first poll became its
                # baseline. Stamp again, as any later edit of the schedule would.
                PeriodicTasks.update_changed()
                stamped = time.monotonic()
            time.sleep(0.5)
    finally:
        task.delete()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]
    runs = TaskResult.objects.filter(task_name="core.sessions_clear_expired", status="SUCCESS")
    assert runs.exists() and {r.worker for r in runs} <= {"w1@rampway", "w2@rampway"}
    assert "Scheduler: Sending due task sessions clear (multi-node test)" in cluster.beat.output()


def _receiver(cluster: Cluster, offsets: dict[str, int]) -> tuple[str, str]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for name, worker in cluster.workers.items():
            if "Task analytics.study_run[" in worker.log_since(offsets[name]):
                (other,) = set(cluster.workers) - {name}
                return name, other
        time.sleep(0.05)
    pytest.fail("no worker received the study")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_study_loses_nothing(cluster: Cluster) -> None:
    """Runs last: it leaves one worker dead. The survivor restores the unacked message and finishes the study."""
    history = make_history(hires=80, others=40)
    offsets = {name: w.log_size() for name, w in cluster.workers.items()}
    with transaction.atomic():
        study = study_create(
            family="hiring",
            metric=seeded_metric("quota_attainment"),
            period_from=WINDOW[0],
            period_to=WINDOW[1],
            rubric_version=history.version,
            actor=None,
            # Enough resamples that the run lasts a few seconds, so the kill lands inside it.
            n_bootstrap=4000,
        )
    victim, survivor = _receiver(cluster, offsets)
    deadline = time.monotonic() + TIMEOUT
    while not (study.status == ValidityStudy.Status.RUNNING and study.progress >= 30):
        assert study.status != ValidityStudy.Status.DONE, "the study finished before the kill"
        assert time.monotonic() < deadline, cluster.workers[victim].output()
        time.sleep(0.05)
        study.refresh_from_db()

    cluster.workers[victim].stop(signal.SIGKILL)

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.RUNNING
    assert _waiting_in("analytics") == 0  # held in the transport's unacked hash, not lost
    analyst_http = requests.Session()
    analyst_http.cookies.set(
        settings.SESSION_COOKIE_NAME, session_cookie(UserFactory(roles=[Role.ANALYST])), domain="127.0.0.1"
    )
    seconds = _wait_done_on(cluster.b, analyst_http, study, [cluster.workers[survivor]])

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE and study.progress == 100 and study.results["n"] == 80
    assert WeightProposal.objects.filter(study=study).count() == 1
    assert AuditEvent.objects.filter(verb="validity_study.done", object_id=str(study.pk)).count() == 1
    assert _waiting_in("analytics") == 0
    deadline = time.monotonic() + 30
    while not TaskResult.objects.filter(task_name="analytics.study_run", status="SUCCESS").exists():
        assert time.monotonic() < deadline, cluster.workers[survivor].output()
        time.sleep(0.2)
    (result,) = TaskResult.objects.filter(task_name="analytics.study_run")
    assert result.worker == f"{survivor}@rampway"
    print(f"{victim} killed; {survivor} finished the study {seconds:.1f} s later")
