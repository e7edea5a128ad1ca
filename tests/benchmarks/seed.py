"""The demo's cold start (issue 20): migrate, `seed_demo` and the first page on a fresh SQLite database, as
`make run` does them (same options, each its own process, so imports count as they do for a person)."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds; CPU says what the machine's load average hides."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return round(time.perf_counter() - started, 1), round(_children_cpu() - cpu, 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _first_page_s(env: dict[str, str]) -> float:
    """From starting runserver (with its checks) to the sign-in page answering 200."""
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=30) as page:
                    if page.status == 200:
                        return round(time.perf_counter() - started, 1)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("runserver did not answer within 300 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_demo_seed() -> dict[str, Any]:
    """Seconds for `migrate`, `seed_demo` and runserver's first page; CPU seconds beside the first two."""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        migrate_s, migrate_cpu_s = _timed(
            ["migrate", "--no-input", "--skip-checks", "-v", "0"], env | {"DJANGO_LOG_LEVEL": "WARNING"}
        )
        demo_seed_s, demo_seed_cpu_s = _timed(["seed_demo", "--skip-checks", "-v", "0"], env)
        first_page_s = _first_page_s(env)
    return {
        "migrate_s": migrate_s,
        "migrate_cpu_s": migrate_cpu_s,
        "demo_seed_s": demo_seed_s,
        "demo_seed_cpu_s": demo_seed_cpu_s,
        "first_page_s": first_page_s,
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }
