"""`make bench`: every benchmark of issues 9 and 20, written to var/bench.json (figures are numbers).

Environment: BENCH_USERS (exam-day examinees, default 1000; BENCH_LOBBY_S and BENCH_EVENT_QUESTIONS override the
lobby's length and the paper's size, which shrink with a smaller room; after the results the same room bursts
against the bench-only floors, `burst_floor_*` and `burst_bare_*` in `exam_event`), BENCH_CACHE_URL (the cache the exam day's
login limits count in, redis://127.0.0.1:6379/0), BENCH_SATURATION_USERS (the no-pause run, default
min(BENCH_USERS, 300)), BENCH_QUESTIONS (its questions, 30), BENCH_FLOOR_SAVES (floor requests per examinee, 20),
BENCH_PAGE_ROWS (10000) and BENCH_PAGE_ROWS_100K (100000),
BENCH_WORKERS / BENCH_THREADS (gunicorn gthread, default 2 × 8), BENCH_PORT (8123),
BENCH_ONLY (comma-separated subset of item_analysis,validity_study,queries,exam_event,exam_saturation,pages,
imports,demo_seed), BENCH_DATABASE (rampway_bench),
BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432), BENCH_KEEP_DB=1 to keep the bench database.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench.json"
SECTIONS = (
    "item_analysis",
    "validity_study",
    "queries",
    "exam_event",
    "exam_saturation",
    "pages",
    "imports",
    "demo_seed",
)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "system": platform.system(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")
        )
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {name: version(name) for name in ("django", "gunicorn", "locust", "numpy")} | {
        "postgresql": postgres
    }


def _run(results: dict[str, Any], name: str, fn: Callable[[], dict[str, Any]]) -> None:
    print(f"bench: {name}…", flush=True)
    started = time.perf_counter()
    try:
        results[name] = fn()
    except Exception as exc:  # one broken benchmark still leaves the others' figures
        traceback.print_exc()
        results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"
    results.setdefault("durations_s", {})[name] = round(time.perf_counter() - started, 1)
    print(f"bench: {name} done in {results['durations_s'][name]} s", flush=True)


def _stop(signum: int, _frame: object) -> None:
    # `timeout` (make bench) sends SIGTERM: unwind so gunicorn and locust are stopped and the database dropped.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    only = [s.strip() for s in os.environ.get("BENCH_ONLY", ",".join(SECTIONS)).split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        print(f"bench: unknown sections {sorted(unknown)}; choose from {SECTIONS}", file=sys.stderr)
        return 2
    users = _env_int("BENCH_USERS", 1000)
    results: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": _machine(),
        "provisional": users < 1000,
    }
    started = time.perf_counter()

    from tests.benchmarks import stats

    if "item_analysis" in only:
        _run(results, "item_analysis", stats.bench_item_analysis)
    if "validity_study" in only:
        _run(results, "validity_study", stats.bench_validity_study)
    if "demo_seed" in only:
        from tests.benchmarks.seed import bench_demo_seed

        _run(results, "demo_seed", bench_demo_seed)

    if {"queries", "exam_event", "exam_saturation", "pages", "imports"} & set(only):
        from tests.benchmarks.database import database_create, database_drop
        from tests.benchmarks.static import static_collect

        database_url = database_create()
        static_collect()
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
        os.environ["DATABASE_URL"] = database_url
        import django

        django.setup()
        try:
            results["machine"]["versions"] = _versions()
            if "queries" in only:
                from tests.benchmarks.queries import bench_queries

                _run(results, "queries", bench_queries)
            server: dict[str, Any] = {
                "database_url": database_url,
                "workers": _env_int("BENCH_WORKERS", 2),
                "threads": _env_int("BENCH_THREADS", 8),
                "port": _env_int("BENCH_PORT", 8123),
            }
            if "exam_event" in only:
                from tests.benchmarks.exam_day import bench_exam_event

                cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0")
                _run(
                    results,
                    "exam_event",
                    lambda: bench_exam_event(users=users, cache_url=cache_url, **server),
                )
            if "exam_saturation" in only:
                from tests.benchmarks.event import bench_exam_saturation

                _run(
                    results,
                    "exam_saturation",
                    lambda: bench_exam_saturation(
                        users=_env_int("BENCH_SATURATION_USERS", min(users, 300)),
                        questions=_env_int("BENCH_QUESTIONS", 30),
                        floor_saves=_env_int("BENCH_FLOOR_SAVES", 20),
                        **server,
                    ),
                )
            if "pages" in only:
                from tests.benchmarks.pages import bench_pages

                _run(
                    results,
                    "pages",
                    lambda: bench_pages(
                        large=_env_int("BENCH_PAGE_ROWS", 10_000),
                        huge=_env_int("BENCH_PAGE_ROWS_100K", 100_000),
                    ),
                )
            if "imports" in only:
                from tests.benchmarks.imports import bench_imports

                _run(results, "imports", bench_imports)
        finally:
            from django.db import connections

            connections.close_all()
            if not os.environ.get("BENCH_KEEP_DB"):
                database_drop()

    results["total_seconds"] = round(time.perf_counter() - started, 1)
    OUT.parent.mkdir(exist_ok=True)
    failed = "errors" in results
    previous = json.loads(OUT.read_text()) if OUT.exists() and set(only) != set(SECTIONS) else {}
    # A partial run (BENCH_ONLY) updates its sections and keeps the others' latest figures.
    for name in results.get("errors", {}):
        previous.pop(name, None)  # no stale figures next to a benchmark that just failed
    for key in ("errors", "durations_s"):
        kept = {k: v for k, v in previous.get(key, {}).items() if k not in only}
        if kept or key in results:
            results[key] = kept | results.get(key, {})
        else:
            previous.pop(key, None)  # a section that failed before and passes now leaves no stale error
    OUT.write_text(json.dumps(previous | results, indent=2) + "\n")
    print(f"bench: wrote {OUT}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
