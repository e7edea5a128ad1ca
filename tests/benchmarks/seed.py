"""The demo's cold start (issue 20): migrate and `seed_demo` on a fresh SQLite database, as `make run` does."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return round(time.perf_counter() - started, 1)


def bench_demo_seed() -> dict[str, Any]:
    """Seconds for `migrate` and for `seed_demo` (each its own process, so imports count, as for a person)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        migrate_s = _timed(["migrate", "--no-input", "-v", "0"], env)
        demo_seed_s = _timed(["seed_demo", "-v", "0"], env)
    return {"migrate_s": migrate_s, "demo_seed_s": demo_seed_s}
