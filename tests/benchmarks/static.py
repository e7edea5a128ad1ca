"""collectstatic for the manifest storage of the production settings, skipped while the sources are unchanged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .database import _repo_files

ROOT = Path(__file__).resolve().parents[2]
STATIC_ROOT = ROOT / "var" / "bench" / "static"
STAMP = STATIC_ROOT / ".bench-fingerprint"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _repo_files("static/**/*"):
        if not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def static_collect() -> None:
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint and (STATIC_ROOT / "staticfiles.json").exists():
        return
    print("bench: collectstatic (once per change of the static files)…", flush=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    STAMP.write_text(fingerprint)
