"""The committed gunicorn config, the compose file and the deployment guide agree; the env switches for
storage, pooling and JSON logs produce the settings the guide describes."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "platform" / "deploy"
GUIDE = REPO / "docs" / "deployment.md"


def _settings(module: str, probe: str, **env: str) -> Any:
    """Import `module` in a fresh interpreter with `env`, print json of `probe` evaluated on django.conf.settings."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RAMPWAY_", "AWS_", "DATABASE_URL"))}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({probe}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO / "platform",
        env={**base, "DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": f"{REPO}:{REPO / 'platform'}", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_gunicorn_config_loads_and_follows_its_env() -> None:
    values = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert values["bind"] == "0.0.0.0:8000"
    assert values["worker_class"] == "gthread"
    assert values["accesslog"] == "-"
    os.environ["GUNICORN_WORKERS"] = "3"
    try:
        assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] == 3
    finally:
        del os.environ["GUNICORN_WORKERS"]


def test_compose_runs_the_committed_gunicorn_config_one_beat_and_migrations_first() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert "platform/deploy/gunicorn.conf.py" in compose["web"]["command"]
    assert "platform/deploy/gunicorn.conf.py" in (DEPLOY / "Dockerfile").read_text()
    assert compose["beat"]["deploy"]["replicas"] == 1
    assert compose["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert compose["web"]["environment"]["RAMPWAY_DB_POOL"] == "true"
    assert compose["web"]["environment"]["RAMPWAY_LOG_FORMAT"] == "json"


def test_the_guide_covers_what_an_operator_must_decide() -> None:
    guide = GUIDE.read_text()
    for topic in (
        "migrate",
        "beat",
        "--scale web=",
        "--scale worker=",
        "pg_dump",
        "RAMPWAY_STORAGE=s3",
        "RAMPWAY_DB_POOL",
        "/readyz",
        "/healthz",
        "gunicorn.conf.py",
        "RAMPWAY_LOG_FORMAT",
    ):
        assert topic in guide, topic


def test_embedded_default_stores_files_on_the_local_filesystem() -> None:
    backends = _settings(
        "config.settings.dev", "{k: v['BACKEND'] for k, v in s.STORAGES.items()}", DATABASE_URL="sqlite://"
    )
    assert backends["default"] == backends["private"] == "django.core.files.storage.FileSystemStorage"


def test_s3_switch_makes_both_upload_storages_private_signed_buckets() -> None:
    storages = _settings(
        "config.settings.dev",
        "s.STORAGES",
        DATABASE_URL="sqlite://",
        RAMPWAY_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="rampway-uploads",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    for name, prefix in (("default", "media"), ("private", "private")):
        options = storages[name]["OPTIONS"]
        assert storages[name]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert (options["bucket_name"], options["location"]) == ("rampway-uploads", prefix)
        assert options["default_acl"] == "private"
        assert options["querystring_auth"] is True
        assert options["file_overwrite"] is False


def test_an_unknown_storage_name_is_refused_at_start() -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("RAMPWAY_")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO / "platform",
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "RAMPWAY_STORAGE": "ftp"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert 'RAMPWAY_STORAGE must be "local" or "s3"' in result.stderr


@pytest.mark.parametrize(
    ("env", "pooled"),
    [({"RAMPWAY_DB_POOL": "true", "RAMPWAY_DB_POOL_MAX": "7"}, True), ({}, False)],
)
def test_pool_is_switched_on_by_env_on_postgresql_only(env: dict[str, str], pooled: bool) -> None:
    db = _settings(
        "config.settings.dev",
        "s.DATABASES['default']",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        **env,
    )
    if pooled:
        assert db["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 7, "timeout": 10.0}
        assert db["CONN_MAX_AGE"] == 0
    else:
        assert "pool" not in db.get("OPTIONS", {})
        assert db["CONN_MAX_AGE"] == 60
    sqlite = _settings("config.settings.dev", "s.DATABASES['default']", DATABASE_URL="sqlite://", **env)
    assert "pool" not in sqlite["OPTIONS"]


def test_production_logs_one_json_object_per_line() -> None:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('rampway.probe').warning('node %s ready', 'a')"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RAMPWAY_", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO / "platform",
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "rampway.example.com",
            "DATABASE_URL": "sqlite://",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "rampway.probe", "node a ready")
    assert "time" in line
