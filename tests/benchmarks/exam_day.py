"""Exam day (`exam_event`): a room of examinees signs in through the real login form over a lobby, starts together,
answers at a person's pace and submits at the bell (tests/load/exam_day.py), against gunicorn on PostgreSQL.

Passwords are hashed with production's hasher (the bench settings are production's), and allauth's login limits
count in the cache given by BENCH_CACHE_URL (Redis, as in production, so every worker shares one count).
Everyone comes from 127.0.0.1, like a room behind one NAT address.

After the event, the same room bursts once more against the bench-only floors (tests/benchmarks/floor.py): a
signed-in POST that writes one row and answers 302, then one that does nothing in the view — what a synchronized
burst of 1,000 costs on this machine before any of the start's or the submit's own work.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from typing import Any

import numpy as np
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher
from django.db import connection

from assessments.exams.models import Attempt
from tests.factories.exams import published_exam
from tests.load.protocol import arrivals

from .event import ROOT, WORK, Server, _locust, _progress, _sessions_for, _stored
from .floor import CREATE_PRESS_TABLE, PRESS_TABLE
from .people import PASSWORD, learners_bulk_create
from .profile import summary as profile_summary

LOCUSTFILE = ROOT / "tests" / "load" / "exam_day.py"
PAUSE_MAX_S = 14


def _p(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1) if values else float("nan")


def _latencies(requests: list[list[Any]], name: str, ok: tuple[int, ...]) -> list[float]:
    return [r[2] for r in requests if r[0] == name and r[1] in ok]


def burst(requests: list[list[Any]], name: str, ok: tuple[int, ...] = (302,)) -> dict[str, float]:
    """A synchronized burst's latencies (answered with `ok`) and its span: the first request sent to the last
    one answered, whatever its status."""
    rows = [r for r in requests if r[0] == name]
    latencies = [r[2] for r in rows if r[1] in ok]
    return {
        "p50_ms": _p(latencies, 50),
        "p95_ms": _p(latencies, 95),
        "all_s": round(max(r[4] for r in rows) - min(r[3] for r in rows), 2) if rows else float("nan"),
        "ok": len(latencies),
        "sent": len(rows),
    }


def _ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor > 0 else float("nan")  # nan compares false: no floor, no ratio


def _cpu_ms_per_request(run: dict[str, Any], name: str, sent: int) -> dict[str, float]:
    server = run.get("server_cpu_s", {}).get(name)
    loadgen = run.get("loadgen_cpu_s", {}).get(name)
    if not sent or server is None or loadgen is None:
        return {}
    per = {side: round(seconds * 1000 / sent, 2) for side, seconds in server.items()}
    per["loadgen"] = round(loadgen * 1000 / sent, 2)
    return per | {"total": round(sum(per.values()), 2)}


def exam_day_shape(users: int) -> tuple[int, int]:
    """(lobby seconds, questions): five minutes and 20 questions for a full room of 1,000, less for a quick run,
    so the event lasts about ten minutes at full size (20 answers at 6–14 s, a few changed, take about 4 min)."""
    scale = min(1.0, users / 1000)
    lobby_s = int(os.environ.get("BENCH_LOBBY_S", max(30, round(300 * scale))))
    questions = int(os.environ.get("BENCH_EVENT_QUESTIONS", max(5, round(20 * scale))))
    return lobby_s, questions


def bench_exam_event(
    *, users: int, database_url: str, workers: int, threads: int, port: int, cache_url: str
) -> dict[str, Any]:
    WORK.mkdir(parents=True, exist_ok=True)
    lobby_s, questions = exam_day_shape(users)
    exam = published_exam(
        questions=questions, draw=questions, time_limit_minutes=90, attempts_allowed=1, certifying=True,
        validity_months=24, pass_mark=34, title="Bench exam day",
    )  # fmt: skip
    people = learners_bulk_create(n=users + 1, prefix="candidate")
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in people], batch_size=2000
    )
    warm_session = _sessions_for(people[-1:])[0]
    with connection.cursor() as cursor:
        cursor.execute(CREATE_PRESS_TABLE)
    examinees = people[:-1]
    rng = random.Random(20)
    plan = WORK / "exam-day-plan.json"
    plan.write_text(
        json.dumps(
            {
                "exam_slug": exam.slug,
                "password": PASSWORD,
                "emails": [u.email for u in examinees],
                "arrivals": arrivals(len(examinees), lobby_s, rng),
                "lobby_s": lobby_s,
                "seed": 20,
                "bell_wait_s": questions * PAUSE_MAX_S * 2 + 120,
            }
        )
    )
    database = connection.settings_dict["NAME"]
    connection.close()

    limit_s = lobby_s + 120 + questions * PAUSE_MAX_S * 2 + 300 + 120  # the last 120 s: the floor bursts
    profile_dir = WORK / "profile-exam-day"
    shutil.rmtree(profile_dir, ignore_errors=True)
    server = Server(
        port=port,
        workers=workers,
        threads=threads,
        database_url=database_url,
        cache_url=cache_url,
        profile_dir=profile_dir,
    )
    _progress(f"{users} examinees, a {questions}-question exam and a {lobby_s} s lobby; starting gunicorn")
    with server:
        server.warm_up(
            warm_session, [f"/exams/{exam.slug}/", "/exams/"], concurrency=workers * threads, rounds=2
        )
        _progress("server warm; the lobby opens")
        load_before = os.getloadavg()
        started = time.time()
        assert server.proc is not None
        run = _locust(
            mode="exam_day", host=server.url, users=users, plan=plan, limit_s=limit_s, locustfile=LOCUSTFILE,
            extra_env={"BENCH_SERVER_PID": str(server.proc.pid), "BENCH_SERVER_DATABASE": database},
        )  # fmt: skip
        event_s = time.time() - started
        load_after = os.getloadavg()
        _progress("exam day over")

    refused = sorted({login[3] for login in run["logins"] if not login[1]})
    _progress(f"password hasher {get_hasher().algorithm}; refusals: {refused}; dropped: {run['dropped'][:5]}")
    if not run["answers"]:
        raise RuntimeError(f"no examinee reached the questions: {run.get('dropped', [])[:5]}")
    requests = run["requests"]
    answers = run["answers"]
    stored = _stored(answers)
    statuses = [r[1] for r in requests]
    doors_at = run["doors_at"]
    logins = run["logins"]
    start, submit = burst(requests, "start"), burst(requests, "submit")
    floor, bare = burst(requests, "floor burst"), burst(requests, "bare burst")
    loadgen_cpu_s = {k.replace(" ", "_"): v for k, v in run.get("loadgen_cpu_s", {}).items()}
    floor_cpu = _cpu_ms_per_request(run, "floor burst", floor["sent"])
    bare_cpu = _cpu_ms_per_request(run, "bare burst", bare["sent"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), coalesce(sum(presses), 0) FROM {PRESS_TABLE}")  # noqa: S608 - a constant
        floor_rows, floor_presses = cursor.fetchone()
    return {
        "users": users,
        "questions": questions,
        "lobby_s": lobby_s,
        "login_p50_ms": _p(_latencies(requests, "login", (302,)), 50),
        "login_p95_ms": _p(_latencies(requests, "login", (302,)), 95),
        "logins_refused": sum(1 for login in logins if not login[1]),
        "logins_ok": sum(1 for login in logins if login[1]),
        "all_seated_s": round(max(run["seated"]) - doors_at, 2) if run["seated"] else float("nan"),
        "doors_late_s": round(doors_at - (run["t0"] + lobby_s), 2),
        "start_p95_ms": _p(_latencies(requests, "start", (302,)), 95),
        "attempt_page_p95_ms": _p(_latencies(requests, "attempt page", (200,)), 95),
        "save_p50_ms": _p(_latencies(requests, "save", (200,)), 50),
        "save_p95_ms": _p(_latencies(requests, "save", (200,)), 95),
        "flag_p95_ms": _p(_latencies(requests, "flag", (200,)), 95),
        "reload_p95_ms": _p(_latencies(requests, "reload", (200,)), 95),
        "submit_p95_ms": _p(_latencies(requests, "submit", (302,)), 95),
        "result_p95_ms": _p(_latencies(requests, "result page", (200,)), 95),
        "start_all_s": start["all_s"],
        "submit_all_s": submit["all_s"],
        "burst_floor_p50_ms": floor["p50_ms"],
        "burst_floor_p95_ms": floor["p95_ms"],
        "burst_floor_all_s": floor["all_s"],
        "burst_floor_sent": floor["sent"],
        "burst_floor_ok": floor["ok"],
        "burst_floor_rows": floor_rows,
        "burst_floor_presses": floor_presses,
        "start_p95_to_floor": _ratio(start["p95_ms"], floor["p95_ms"]),
        "submit_p95_to_floor": _ratio(submit["p95_ms"], floor["p95_ms"]),
        "burst_bare_p50_ms": bare["p50_ms"],
        "burst_bare_p95_ms": bare["p95_ms"],
        "burst_bare_all_s": bare["all_s"],
        "burst_bare_ok": bare["ok"],
        # CPU ms per request of each floor burst, whole processes: gunicorn (master and workers), the database's
        # backends, the load generator, and their sum — the c in p95 ≈ 0.95·N·c / cores.
        "burst_floor_cpu_ms": floor_cpu,
        "burst_bare_cpu_ms": bare_cpu,
        # The locust process's own CPU seconds from each burst's first request sent to its last answered, and over
        # the whole run: the load generator's share of the two cores.
        "loadgen_cpu_s": loadgen_cpu_s,
        "answers_sent": len(answers),
        "answers_stored": stored,
        "lost_answers": len(answers) - stored,
        "saves_sent": run["saves_sent"],
        "flags_sent": run["flags_sent"],
        "reloads": run["reloads"],
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "errors_other": sum(1 for s in statuses if s == 0 or 400 <= s < 500),
        "answering_s": round(run["bell_at"] - doors_at, 1) if run["bell_at"] else float("nan"),
        "event_s": round(event_s, 1),
        "attempts_submitted": Attempt.objects.filter(exam=exam, state=Attempt.State.SUBMITTED).count(),
        "examinees_dropped": run["dropped_count"],
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "gunicorn_gthread_workers": workers,
        "gunicorn_gthread_threads": threads,
        # Per endpoint, the server's own accounting (tests.benchmarks.profile), warm-up requests included.
        "server": profile_summary(profile_dir),
    }
