"""Fault: PostgreSQL restarts while examinees are answering; every answer is stored exactly once.

A throwaway PostgreSQL cluster (initdb in a temp dir, its own port) holds a copy of the test database; gunicorn
serves the app against it; four examinees answer concurrently over HTTP while the cluster is stopped and started.

The examinees are HTTP clients that follow the attempt page's own protocol (assessments/exams/static/exams/
attempt.js) step for step rather than real browsers — four Chromiums plus gunicorn and two PostgreSQL clusters
do not fit this 2-core machine within a test's time: each answer goes into a pending buffer keyed by position
with seq = max(now in ms, last seq + 1); the buffer is POSTed as {position, value, seq}; an entry is dropped
only when the reply's seq is >= its own; a network error or a non-2xx reply keeps it, and the buffer is
replayed on a timer (attempt.js: every 5 s and on "online"; here every 0.3 s to keep the test short) and before
submitting.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import requests
from django.db import connection

from accounts.roles import Role
from assessments.exams.models import Attempt
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam
from tests.infra.faultkit import AppServer, Examinee, ThrowawayPostgres, app_env
from tests.infra.test_celery_worker import _test_database_url

pytestmark = pytest.mark.services

QUESTIONS = 20
ROUNDS = 3
EXAMINEES = 4
DOWN_SECONDS = 3.0


class BufferedExaminee(Examinee):
    """attempt.js's save buffer, in Python."""

    def __init__(self, base_url: str, user: Any) -> None:
        super().__init__(base_url, user)
        self.pending: dict[int, tuple[int, int]] = {}
        self.last_seq: dict[int, int] = {}
        self.final: dict[int, tuple[int, int]] = {}
        self.failed_posts = 0
        self.error: BaseException | None = None

    def open_attempt(self) -> str:
        html = super().open_attempt()
        for pos, seq in re.findall(r'data-position="(\d+)" data-qtype="[^"]+" data-seq="(\d+)"', html):
            self.last_seq[int(pos)] = int(seq)
        assert len(self.last_seq) == QUESTIONS, "every question carries its stored seq"
        return html

    def next_seq(self, pos: int) -> int:
        seq = max(int(time.time() * 1000), self.last_seq.get(pos, 0) + 1)
        self.last_seq[pos] = seq
        return seq

    def answer(self, pos: int, value: int) -> None:
        self.pending[pos] = (value, self.next_seq(pos))
        self.final[pos] = self.pending[pos]
        self.flush()

    def flush(self) -> bool:
        for pos in sorted(self.pending):
            value, seq = self.pending[pos]
            try:
                reply = self.save(pos, value, seq)
            except requests.RequestException:
                self.failed_posts += 1
                return False
            if not reply.ok:
                self.failed_posts += 1
                return False
            if pos in self.pending and reply.json()["seq"] >= self.pending[pos][1]:
                del self.pending[pos]
        return not self.pending

    def replay_until_empty(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.flush():
            assert time.monotonic() < deadline, f"{len(self.pending)} answers never reached the server"
            time.sleep(0.3)

    def run(self, slug: str) -> None:
        try:
            self.start(slug)
            self.open_attempt()
            for round_ in range(ROUNDS):
                for pos in range(1, QUESTIONS + 1):
                    self.answer(pos, (pos + round_) % 3)
                    time.sleep(0.02)
            self.replay_until_empty()
            deadline = time.monotonic() + 60
            while (reply := self.submit()).status_code != 302:
                assert time.monotonic() < deadline, reply.text[:300]
                time.sleep(0.3)
        except BaseException as exc:  # reported by the test thread
            self.error = exc


@pytest.fixture
def cluster(transactional_db: None) -> Iterator[ThrowawayPostgres]:
    assert connection.settings_dict["NAME"].startswith("test_")
    pg = ThrowawayPostgres()
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.cleanup()


@pytest.mark.django_db(transaction=True)
def test_answers_survive_a_postgres_restart_exactly_once(cluster: ThrowawayPostgres) -> None:
    exam = published_exam(questions=QUESTIONS, draw=QUESTIONS, pass_mark=50)
    people = [UserFactory(roles=[Role.LEARNER]) for _ in range(EXAMINEES)]
    app = AppServer(app_env(cluster.url("rampway"), CELERY_BROKER_URL="", CELERY_TASK_ALWAYS_EAGER="true"))
    examinees = [BufferedExaminee(app.url, p) for p in people]  # their sessions are rows in the copy too
    connection.close()  # the copy below must see every committed row
    cluster.copy_database(_test_database_url(), "rampway")
    try:
        app.start()
        threads = [threading.Thread(target=e.run, args=(exam.slug,)) for e in examinees]
        for t in threads:
            t.start()
        # Restart once every examinee has an attempt page open and is answering.
        deadline = time.monotonic() + 120
        while not all(e.csrf for e in examinees) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        restart_at = time.monotonic()
        cluster.stop("fast")
        time.sleep(DOWN_SECONDS)
        cluster.start()
        downtime = time.monotonic() - restart_at
        for t in threads:
            t.join(timeout=300)
        assert not any(t.is_alive() for t in threads)
        for e in examinees:
            assert e.error is None, f"{e.error!r}\n{app.output()}"
    finally:
        app.cleanup()

    # The outage really hit the examinees: saves failed and were replayed from the buffer.
    failed = sum(e.failed_posts for e in examinees)
    assert failed > 0, "no save failed: the restart missed the answering window"

    with psycopg.connect(cluster.url("rampway")) as db:
        for person, examinee in zip(people, examinees, strict=True):
            rows = db.execute(
                """
                SELECT r.position, r.value, r.seq, a.state
                FROM exams_response r JOIN exams_attempt a ON a.id = r.attempt_id
                WHERE a.user_id = %s AND a.exam_id = %s ORDER BY r.position
                """,
                [person.pk, exam.pk],
            ).fetchall()
            # One attempt, one row per question, each holding the examinee's last answer and its seq.
            assert [r[0] for r in rows] == list(range(1, QUESTIONS + 1))
            assert {r[3] for r in rows} == {Attempt.State.SUBMITTED}
            stored = {r[0]: (r[1], r[2]) for r in rows}
            assert stored == examinee.final
    print(
        f"PostgreSQL down {downtime:.1f} s; {failed} save posts failed and were replayed; "
        f"{EXAMINEES * QUESTIONS * ROUNDS} answers, all stored once"
    )
