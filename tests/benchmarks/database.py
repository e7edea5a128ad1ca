"""The benchmark's own PostgreSQL database, cloned from a migrated template that is rebuilt when migrations change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
NAME = os.environ.get("BENCH_DATABASE", "rampway_bench")
TEMPLATE = f"{NAME}_template"
SKIP = {".venv", "var", ".git", "node_modules", "__pycache__"}


def database_url(name: str = NAME) -> str:
    return f"{SERVER_URL}/{name}"


def _repo_files(pattern: str) -> list[Path]:
    """Files of the checkout matching `**/pattern`, not walking the virtualenv or var/."""
    tops = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in SKIP]
    return sorted(path for top in tops for path in top.rglob(pattern) if not SKIP.intersection(path.parts))


def _migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _repo_files("migrations/*.py"):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _admin() -> psycopg.Connection:
    return psycopg.connect(database_url("postgres"), autocommit=True)


def _drop(conn: psycopg.Connection, name: str) -> None:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _template_fingerprint(conn: psycopg.Connection) -> str | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [TEMPLATE]
    ).fetchone()
    return row[0] if row else None


def _build_template(conn: psycopg.Connection, fingerprint: str) -> None:
    _drop(conn, TEMPLATE)
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": database_url(TEMPLATE),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    conn.execute(
        sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(TEMPLATE), sql.Literal(fingerprint))
    )


def database_create() -> str:
    """A fresh, migrated bench database (a copy of the template, migrated once per set of migrations)."""
    fingerprint = _migrations_fingerprint()
    with _admin() as conn:
        if _template_fingerprint(conn) != fingerprint:
            print("bench: migrating the template database (once per set of migrations)…", flush=True)
            _build_template(conn, fingerprint)
        _drop(conn, NAME)
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(NAME), sql.Identifier(TEMPLATE))
        )
    return database_url(NAME)


def database_drop(*, template: bool = False) -> None:
    with _admin() as conn:
        _drop(conn, NAME)
        if template:
            _drop(conn, TEMPLATE)
