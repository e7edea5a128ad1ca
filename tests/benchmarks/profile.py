"""Where a benchmark server's time goes, per endpoint: CPU of the request's own thread, database time and queries.

Only in the benchmark's settings (tests.benchmarks.settings) and only when the server is started with
BENCH_PROFILE_DIR (the exam-day benchmark sets it): each gunicorn worker process writes
`<dir>/cpu-<pid>.json` with, per URL name, every request's [thread CPU ms, wall ms, database wall ms, queries].
The request's thread CPU (time.thread_time) is this process's Python, template and driver work for the request
alone, whatever the other threads do meanwhile; PostgreSQL's own CPU is not in it (it is in the database wall
time, with the waits). BENCH_PROFILE=cprofile adds cProfile of each request (about doubling its CPU, so not
for the figures) and writes `<dir>/<url name>-<pid>.prof` for `python -m pstats`.
"""

from __future__ import annotations

import atexit
import cProfile
import json
import os
import pstats
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse

FLUSH_EVERY = 200


class _Recorder:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.lock = threading.Lock()
        self.rows: dict[str, list[list[float]]] = defaultdict(list)
        self.stats: dict[str, pstats.Stats] = {}
        self.count = 0
        atexit.register(self.flush)

    def add(self, name: str, row: list[float], profile: cProfile.Profile | None) -> None:
        with self.lock:
            self.rows[name].append(row)
            if profile is not None:
                if name in self.stats:
                    self.stats[name].add(profile)
                else:
                    self.stats[name] = pstats.Stats(profile)
            self.count += 1
            due = self.count % FLUSH_EVERY == 0
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            rows = {name: list(values) for name, values in self.rows.items()}
            stats = dict(self.stats)
        pid = os.getpid()
        (self.directory / f"cpu-{pid}.json").write_text(json.dumps(rows))
        for name, stat in stats.items():
            stat.dump_stats(str(self.directory / f"{name}-{pid}.prof"))


class _QueryTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


class RequestCPUMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        directory = os.environ.get("BENCH_PROFILE_DIR", "")
        if not directory:
            raise MiddlewareNotUsed
        self.get_response = get_response
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.recorder = _Recorder(Path(directory))
        self.cprofile = os.environ.get("BENCH_PROFILE", "") == "cprofile"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = _QueryTimer()
        profile = cProfile.Profile() if self.cprofile else None
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        if profile is not None:
            profile.disable()
        cpu_ms = (time.thread_time() - cpu0) * 1000
        wall_ms = (time.perf_counter() - wall0) * 1000
        match = request.resolver_match
        name = (match.view_name if match else "") or "unresolved"
        name = f"{request.method} {name}".replace(":", ".").replace(" ", "_")
        row = [round(cpu_ms, 3), round(wall_ms, 3), round(timer.seconds * 1000, 3), timer.queries]
        self.recorder.add(name, row, profile)
        return response


def summary(directory: Path) -> dict[str, dict[str, float]]:
    """Per endpoint, over every worker: requests, mean and p95 of thread CPU ms, mean wall and database ms, queries."""
    import numpy as np

    merged: dict[str, list[list[float]]] = defaultdict(list)
    for path in sorted(directory.glob("cpu-*.json")):
        for name, rows in json.loads(path.read_text()).items():
            merged[name].extend(rows)
    out = {}
    for name, rows in sorted(merged.items()):
        a = np.array(rows, dtype=float)
        out[name] = {
            "requests": len(rows),
            "cpu_ms_mean": round(float(a[:, 0].mean()), 1),
            "cpu_ms_p95": round(float(np.percentile(a[:, 0], 95)), 1),
            "wall_ms_mean": round(float(a[:, 1].mean()), 1),
            "db_ms_mean": round(float(a[:, 2].mean()), 1),
            "queries_mean": round(float(a[:, 3].mean()), 1),
        }
    return out
