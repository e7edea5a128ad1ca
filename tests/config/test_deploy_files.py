"""The deployment files (platform/deploy/, .dockerignore) hold what a real deployment needs.

Docker cannot run on the dev machines or in CI, so these read the files instead of building them.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "platform" / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Join continuation lines so each instruction is one line.
    return re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())


def _instructions(dockerfile: str, name: str) -> list[str]:
    return [line.split(None, 1)[1] for line in dockerfile.splitlines() if line.startswith(name + " ")]


def test_dockerfile_syncs_locked_runtime_packages_at_build(dockerfile: str) -> None:
    runs = " ".join(_instructions(dockerfile, "RUN"))
    assert "uv sync --locked --no-dev" in runs
    assert "collectstatic" in runs


def test_dockerfile_starts_the_venv_directly_without_uv(dockerfile: str) -> None:
    (cmd,) = _instructions(dockerfile, "CMD")
    assert "uv" not in re.findall(r"[\w.-]+", cmd)
    assert cmd.startswith('["/app/.venv/bin/gunicorn"')
    assert not _instructions(dockerfile, "ENTRYPOINT")


def test_compose_commands_use_the_venv_and_never_uv_run(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        command = service.get("command")
        if command and "build" in service:
            assert command[0].startswith("/app/.venv/bin/"), name
            assert "uv" not in command, name


def test_dockerignore_keeps_secrets_data_venv_and_history_out() -> None:
    ignored = {line.strip().rstrip("/") for line in (REPO / ".dockerignore").read_text().splitlines()}
    assert {".env", "var", ".venv", ".git"} <= ignored


def test_web_health_check_asks_the_container_itself(compose: dict[str, Any]) -> None:
    test = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in test


def test_production_settings_answer_healthz_on_the_loopback_host(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "rampway.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CACHE_URL": "locmemcache://",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    probe = (
        "from django.test import Client; "
        "r = Client(HTTP_HOST='127.0.0.1:8000').get('/healthz'); "
        "print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", probe],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("200 "), result.stdout + result.stderr


def test_media_lives_on_a_volume_shared_by_web_and_worker(compose: dict[str, Any]) -> None:
    for name in ("web", "worker"):
        service = compose["services"][name]
        mounts = dict(volume.split(":", 1) for volume in service["volumes"])
        assert mounts.get("media") == service["environment"]["DJANGO_MEDIA_ROOT"], name
    assert "media" in compose["volumes"]


def test_broker_redis_persists_with_appendonly_on_a_volume(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    mounts = dict(volume.split(":", 1) for volume in redis["volumes"])
    assert mounts.get("redisdata") == "/data"
    assert "redisdata" in compose["volumes"]
