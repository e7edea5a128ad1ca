"""The exam day's floor bursts: the bench-only endpoints behave as start and submit do at their cheapest (signed
in, POST, CSRF, a 302), the burst figures span first sent to last answered, and the CPU per burst is read right
(the generator's own, the server's process tree and the database's backends)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.benchmarks.exam_day import burst
from tests.benchmarks.floor import CREATE_PRESS_TABLE, PRESS_TABLE
from tests.load.protocol import CpuWindows, cpu_spent, server_cpu_s

BURST = "/bench/floor/burst/"
BARE = "/bench/floor/bare/"


@pytest.fixture
def presses(db) -> Any:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(CREATE_PRESS_TABLE)

    def count() -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT user_id, presses FROM {PRESS_TABLE}")  # noqa: S608 - a constant table name
            return dict(cursor.fetchall())

    return count


@pytest.fixture
def examinee(persona) -> Any:  # type: ignore[no-untyped-def]
    """A signed-in learner's client with the second-factor check on, as in production (it reads the user)."""
    user = persona("learner")
    client = Client()
    client.force_login(user)
    client.post(
        BARE
    )  # the first request of a session marks the second-factor check done: not what is counted
    return user, client


@pytest.mark.urls("tests.benchmarks.urls")
def test_a_press_writes_one_row_and_redirects_as_start_does(  # type: ignore[no-untyped-def]
    presses, examinee, django_assert_num_queries
) -> None:
    user, client = examinee
    # The session and the user (middleware), then the one statement of the view.
    with django_assert_num_queries(3):
        reply = client.post(BURST)
    assert (reply.status_code, reply["Location"]) == (302, reverse("exams:list"))
    client.post(BURST)
    assert presses() == {user.pk: 2}


@pytest.mark.urls("tests.benchmarks.urls")
def test_the_bare_floor_has_no_query_of_its_own(examinee, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _user, client = examinee
    with django_assert_num_queries(2):  # the session and the user, read by the middleware
        reply = client.post(BARE)
    assert (reply.status_code, reply["Location"]) == (302, reverse("exams:list"))


@pytest.mark.urls("tests.benchmarks.urls")
def test_a_press_needs_a_session_a_post_and_the_csrf_token(presses, persona) -> None:  # type: ignore[no-untyped-def]
    assert Client().post(BURST)["Location"].startswith(reverse("account_login"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(persona("learner"))
    assert client.get(BURST).status_code == 405
    assert client.post(BURST).status_code == 403
    assert client.post(BARE).status_code == 403
    assert presses() == {}
    token = "t" * 32  # a CSRF secret, sent back in the form as the login page's token would be
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    assert client.post(BURST, {"csrfmiddlewaretoken": token}).status_code == 302
    assert len(presses()) == 1


def test_a_burst_spans_first_sent_to_last_answered_and_counts_only_answers_with_its_status() -> None:
    requests = [
        ["floor burst", 302, 100.0, 10.0, 10.1],
        ["floor burst", 302, 300.0, 10.2, 10.5],
        ["floor burst", 0, 900.0, 10.1, 11.0],  # failed: in the span, not in the latencies
        ["save", 200, 5000.0, 9.0, 14.0],  # another request at the same time: neither
    ]
    figures = burst(requests, "floor burst")
    assert figures["all_s"] == 1.0
    assert figures["p50_ms"] == 200.0
    assert figures["p95_ms"] == 290.0
    assert (figures["ok"], figures["sent"]) == (2, 3)
    assert burst(requests, "bare burst")["sent"] == 0


def test_generator_cpu_runs_from_a_burst_s_first_send_to_its_last_answer() -> None:
    ticks = iter([1.0, 2.0, 3.5, 4.0, 7.25])
    cpu = CpuWindows(clock=lambda: next(ticks))
    cpu.sent("start")  # 1.0
    cpu.sent("start")  # 2.0: not the first
    cpu.answered("start")  # 3.5
    cpu.sent("submit")  # 4.0, never answered: no figure
    cpu.answered("start")  # 7.25: the last answer
    assert cpu.seconds() == {"start": 6.25}


def _process(proc: Path, pid: int, comm: str, ppid: int, utime: int, stime: int, cmdline: str = "") -> None:
    (proc / str(pid)).mkdir()
    fields = ["S", str(ppid), "0", "0", "0", "-1", "4194560", "0", "0", "0", "0", str(utime), str(stime), "0"]
    (proc / str(pid) / "stat").write_text(f"{pid} ({comm}) {' '.join(fields)}\n")
    (proc / str(pid) / "cmdline").write_text(cmdline or comm)  # a backend's title, spaces and all


def test_server_cpu_counts_gunicorn_s_process_tree_and_the_database_s_backends(tmp_path: Path) -> None:
    ticks = os.sysconf("SC_CLK_TCK")
    _process(tmp_path, 100, "python", 1, 2 * ticks, ticks)  # gunicorn's master
    _process(tmp_path, 101, "python (worker)", 100, 5 * ticks, ticks)  # a worker: parentheses in its name
    _process(tmp_path, 102, "sh", 101, ticks, 0)  # something a worker started
    _process(tmp_path, 200, "python", 1, 50 * ticks, 0)  # another program
    _process(
        tmp_path,
        300,
        "postgres",
        9,
        3 * ticks,
        ticks,
        "postgres: 15/main: postgres benchdb 127.0.0.1(5) idle",
    )
    _process(
        tmp_path, 301, "postgres", 9, 40 * ticks, 0, "postgres: 15/main: postgres benchdb_x 127.0.0.1(6) idle"
    )
    (tmp_path / "self").mkdir()
    assert server_cpu_s(100, "benchdb", proc=tmp_path) == {
        "server": {100: 3.0, 101: 6.0, 102: 1.0},
        "database": {300: 4.0},
    }
    assert server_cpu_s(101, "nobody", proc=tmp_path) == {"server": {101: 6.0, 102: 1.0}, "database": {}}


def test_cpu_spent_counts_what_each_process_used_between_readings() -> None:
    before = {"server": {100: 3.0, 101: 6.0}, "database": {300: 4.0, 301: 20.0}}
    # 301 closed meanwhile (it would make the sum fall), 302 opened: counted whole.
    after = {"server": {100: 3.5, 101: 8.0}, "database": {300: 4.25, 302: 0.5}}
    assert cpu_spent(before, after) == {"server": 2.5, "database": 0.75}
