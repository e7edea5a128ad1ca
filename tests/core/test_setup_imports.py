"""Issue 20 item 6: every process of `make run` (migrate, seed_demo, runserver) and every test worker starts with
django.setup; the statistics stack is imported only by the code that computes a study, not by app start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "scipy", "sklearn", "statsmodels")

PROBE = f"""
import json, sys
import django
django.setup()
print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_django_setup_imports_no_statistics_library() -> None:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


TASK_PROBE = """
import json
import django
django.setup()
from config.celery_app import app
print(json.dumps("exams.attempt_submitted" in app.tasks))
"""


def test_the_submit_follow_up_task_is_registered_at_start_up() -> None:
    """A web process publishes `exams.attempt_submitted` after every fresh submit; with eager Celery (make run) it
    runs it at once. Registration must not wait for Celery's lazy autodiscovery: under gunicorn's threads the
    bench's exam day saw 'NotRegistered' for it, and the follow-ups (path completion, grants) were skipped."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    done = subprocess.run(
        [sys.executable, "-c", TASK_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) is True
