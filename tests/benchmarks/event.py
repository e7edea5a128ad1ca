"""The synchronized certification event at saturation (`exam_saturation`): gunicorn serving the real app on PostgreSQL, locust driving examinees."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from assessments.exams.models import Attempt, Response
from tests.factories.exams import published_exam

from .floor import CREATE_TABLE, TABLE
from .people import learners_bulk_create

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "bench"
LOCUSTFILE = ROOT / "tests" / "load" / "locustfile.py"
SESSION_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _progress(message: str) -> None:
    print(f"bench: {time.strftime('%H:%M:%S')} {message}", flush=True)


def _sessions_for(users: list[Any]) -> list[str]:
    """Logged-in sessions written straight to the session table, as the login view would leave them."""
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    rows = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            Session(
                session_key=get_random_string(32, SESSION_CHARS),
                session_data=store.encode(data),
                expire_date=expires,
            )
        )
    Session.objects.bulk_create(rows, batch_size=2000)
    return [row.session_key for row in rows]


class Server:
    """gunicorn with threaded workers on a loopback port, for the duration of a `with` block."""

    def __init__(
        self,
        *,
        port: int,
        workers: int,
        threads: int,
        database_url: str,
        cache_url: str = "",
        profile_dir: Path | None = None,
    ) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.args = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
            "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "300", "--timeout", "120",
            "--log-level", "warning",
        ]  # fmt: skip
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
            "DATABASE_URL": database_url,
        }
        if profile_dir is not None:  # tests.benchmarks.profile: CPU and database time per endpoint
            self.env["BENCH_PROFILE_DIR"] = str(profile_dir)
        if cache_url:  # production's shared cache: login rate limits count across workers, as on a real node
            self.env["CACHE_URL"] = cache_url
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        host, port = self.url.rsplit("/", 1)[1].split(":")
        with socket.socket() as probe:
            if probe.connect_ex((host, int(port))) == 0:
                raise RuntimeError(
                    f"something already listens on {self.url}: a server left from another run?"
                )
        self.log = open(WORK / "gunicorn.log", "wb")
        self.proc = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            return self._wait_until_up()
        except BaseException:
            self.__exit__()  # `with` does not call __exit__ when __enter__ fails: never leave gunicorn behind
            raise

    def _wait_until_up(self) -> Server:
        assert self.proc is not None
        deadline = time.monotonic() + 300  # a loaded machine imports the app slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer /healthz within 300 s")

    def warm_up(self, session_key: str, paths: list[str], concurrency: int, rounds: int) -> None:
        """Every worker thread opens its database connection and renders the pages once before the clock starts."""

        def fetch(path: str) -> None:
            headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
            with urllib.request.urlopen(
                urllib.request.Request(self.url + path, headers=headers), timeout=60
            ) as reply:
                reply.read()

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(fetch, paths * concurrency * rounds))

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def _locust(
    *,
    mode: str,
    host: str,
    users: int,
    plan: Path,
    limit_s: int,
    label: str = "",
    locustfile: Path = LOCUSTFILE,
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    label = label or mode
    out = WORK / f"locust-{label}.json"
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "BENCH_PLAN": str(plan),
        "BENCH_MODE": mode,
        "BENCH_OUT": str(out),
        **(extra_env or {}),
    }
    # All examinees are spawned within about 4 s (the event requires every start within 10 s).
    rate = max(10, users // 4)
    args = [
        sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "--host", host,
        "--users", str(users), "--spawn-rate", str(rate), "--run-time", f"{limit_s}s", "--stop-timeout", "5",
        "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    with open(WORK / f"locust-{label}.log", "wb") as log:
        subprocess.run(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=limit_s + 60
        )
    return json.loads(out.read_text())


def _window(requests: list[list[Any]], name: str) -> tuple[np.ndarray, float, int]:
    rows = [r for r in requests if r[0] == name]
    ok = [r for r in rows if r[1] == 200]
    latencies = np.array([r[2] for r in ok]) if ok else np.array([np.nan])
    span = (max(r[4] for r in rows) - min(r[3] for r in rows)) if rows else float("nan")
    return latencies, span, len(ok)


def _stored(answers: list[list[Any]]) -> int:
    """Answers whose newest sequence number and value are the ones in the database after the event."""
    attempt_ids = sorted({a[0] for a in answers})
    rows = {
        (attempt_id, position): (seq, value)
        for attempt_id, position, seq, value in Response.objects.filter(
            attempt_id__in=attempt_ids
        ).values_list("attempt_id", "position", "seq", "value")
    }
    return sum(
        1
        for attempt_id, position, seq, value, _acked in answers
        if rows.get((attempt_id, position)) == (seq, value)
    )


def bench_exam_saturation(
    *, users: int, questions: int, floor_saves: int, database_url: str, workers: int, threads: int, port: int
) -> dict[str, Any]:
    """The synchronized event with no pauses: the answer-save throughput against the one-statement floor."""
    WORK.mkdir(parents=True, exist_ok=True)
    exam = published_exam(
        questions=questions, draw=questions, time_limit_minutes=90, attempts_allowed=1, certifying=True,
        validity_months=24, pass_mark=34, title="Bench certification event",
    )  # fmt: skip
    people = learners_bulk_create(n=users + 1, prefix="examinee")
    sessions = _sessions_for(people)
    warm_session = sessions.pop()
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    plan = WORK / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "exam_slug": exam.slug,
                "questions": questions,
                "floor_saves": floor_saves,
                "sessions": [{"sessionid": s} for s in sessions],
            }
        )
    )
    connection.close()

    # Generous for a 2-core machine (at least 40 saves/s), yet bounded; the floor runs take far less.
    limit_s = 60 + users * questions // 40
    server = Server(port=port, workers=workers, threads=threads, database_url=database_url)
    _progress(f"{users} examinees and a {questions}-question exam ready; starting gunicorn")
    with server:
        server.warm_up(
            warm_session, [f"/exams/{exam.slug}/", "/exams/"], concurrency=workers * threads, rounds=2
        )
        # The floor is measured just before and just after the event, so a drift in the machine's load
        # during the run weighs on both sides of the ratio alike.
        common = {"host": server.url, "users": users, "plan": plan, "limit_s": limit_s}
        _progress("server warm; first floor run")
        floor_runs = [_locust(mode="floor", label="floor-before", **common)]
        _progress("the event begins")
        exam_run = _locust(mode="exam", **common)
        _progress("event over; second floor run")
        floor_runs.append(_locust(mode="floor", label="floor-after", **common))
        _progress("floor runs over")

    for run in (exam_run, *floor_runs):
        if not run["answers"]:
            raise RuntimeError(
                f"no examinee reached the questions ({run['mode']}): {run.get('dropped', [])[:5]}"
            )
    save_ms, save_span, saves_ok = _window(exam_run["requests"], "save")
    floor_windows = [_window(run["requests"], "save") for run in floor_runs]
    floor_ms = np.concatenate([w[0] for w in floor_windows])
    floor_rates = [ok / span for _ms, span, ok in floor_windows]
    statuses = [r[1] for r in exam_run["requests"]]
    answers = exam_run["answers"]
    stored = _stored(answers)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant table name
        floor_rows = cursor.fetchone()[0]
    saves_per_s = saves_ok / save_span if save_span else float("nan")
    floor_per_s = float(np.mean(floor_rates))
    starts = exam_run["starts"]
    return {
        "users": users,
        "questions": questions,
        "answers_sent": len(answers),
        "answers_stored": stored,
        "lost_answers": len(answers) - stored,
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "errors_other": sum(1 for s in statuses if s == 0 or 400 <= s < 500),
        "save_p50_ms": round(float(np.percentile(save_ms, 50)), 1),
        "save_p95_ms": round(float(np.percentile(save_ms, 95)), 1),
        "saves_per_s": round(saves_per_s, 1),
        "floor_saves_per_s": round(floor_per_s, 1),
        "floor_saves_per_s_before_after": [round(r, 1) for r in floor_rates],
        "save_ratio_to_floor": round(saves_per_s / floor_per_s, 3),
        "floor_p50_ms": round(float(np.percentile(floor_ms, 50)), 1),
        "floor_p95_ms": round(float(np.percentile(floor_ms, 95)), 1),
        "floor_rows": floor_rows,
        "floor_saves_per_user": floor_saves,
        "save_requests": sum(1 for r in exam_run["requests"] if r[0] == "save"),
        "spawn_spread_s": round(max(exam_run["spawned"]) - min(exam_run["spawned"]), 2),
        "start_spread_s": round(max(starts) - min(starts), 2),
        "all_seated_s": round(max(exam_run["seated"]) - exam_run["lobby_at"], 2),
        "attempts_submitted": Attempt.objects.filter(exam=exam, state=Attempt.State.SUBMITTED).count(),
        "examinees_dropped": sum(run.get("dropped_count", 0) for run in (exam_run, *floor_runs)),
        "gunicorn_gthread_workers": workers,
        "gunicorn_gthread_threads": threads,
    }
