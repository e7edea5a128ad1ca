"""Helpers for the fault tests: a throwaway redis-server, a gunicorn app server, and an HTTP examinee that
speaks the attempt page's save protocol (the same JSON the page's attempt.js posts)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from accounts.models import User

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEPLOY = REPO / "platform" / "deploy"


def free_port(within: range | None = None) -> int:
    """A free loopback port: any (the OS picks), or the first free one in `within` (a session's own range)."""
    for port in within or [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise OSError(f"no free port in {within}")


def wait_port(port: int, *, up: bool, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} not {'up' if up else 'down'} after {timeout:.0f} s")


class Process:
    """A subprocess in its own session, logging to a temp file, stopped by process group."""

    def __init__(self, name: str) -> None:
        fd, path = tempfile.mkstemp(prefix=f"rampway-{name}-", suffix=".log")
        os.close(fd)
        self.log = Path(path)
        self.process: subprocess.Popen[bytes] | None = None

    def spawn(self, argv: list[str], env: dict[str, str] | None = None, **kwargs: Any) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - argv built by the tests
                argv,
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **kwargs,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    def cleanup(self) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)


class RedisServer(Process):
    """A private redis-server (no persistence) on its own port, so the shared one is never touched."""

    def __init__(self, port: int) -> None:
        super().__init__("redis")
        self.port = port

    def start(self) -> None:
        redis = shutil.which("redis-server")
        assert redis, "redis-server is not installed"
        self.spawn(
            [redis, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        )
        wait_port(self.port, up=True)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        super().stop(sig, timeout)
        wait_port(self.port, up=False)


class AppServer(Process):
    """gunicorn serving config.wsgi against the given env (test settings, the test database)."""

    def __init__(
        self,
        env: dict[str, str],
        workers: int = 1,
        threads: int = 8,
        *,
        port: int | None = None,
        deploy_config: bool = False,
    ) -> None:
        super().__init__("gunicorn")
        self.port = port or free_port()
        self.env = env
        self.workers = workers
        self.threads = threads
        # The committed platform/deploy/gunicorn.conf.py, driven by its GUNICORN_* variables as a node would be.
        self.deploy_config = deploy_config

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn_only(self) -> None:
        if self.deploy_config:
            self.spawn(
                [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "config.wsgi:application"],
                env={
                    **self.env,
                    "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "GUNICORN_WORKERS": str(self.workers),
                    "GUNICORN_THREADS": str(self.threads),
                    "GUNICORN_GRACEFUL_TIMEOUT": "5",
                },
            )
            return
        self.spawn(
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            env=self.env,
        )

    def start(self) -> None:
        self.spawn_only()
        self.wait_ready()

    def wait_ready(self) -> None:
        # Generous: importing Django + Wagtail on a loaded 2-core machine takes a while.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                requests.get(f"{self.url}/healthz", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.3)
        raise TimeoutError(f"gunicorn did not answer:\n{self.output()}")


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_URL", "DATABASE_URL"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "DJANGO_CONN_MAX_AGE": "0",
        "RAMPWAY_ENFORCE_MFA": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


def session_cookie(user: User) -> str:
    """A logged-in session row, as django.contrib.auth.login would write it (sessions live in the DB)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key
    return store.session_key


class Examinee:
    """One examinee over HTTP, posting exactly what attempt.js posts: {position, value, seq} with X-CSRFToken."""

    def __init__(self, base_url: str, user: User) -> None:
        self.base = base_url
        self.http = requests.Session()
        self.http.cookies.set(settings.SESSION_COOKIE_NAME, session_cookie(user), domain="127.0.0.1")
        self.attempt_url = ""
        self.csrf = ""
        self.statuses: list[int] = []

    def get(self, path: str) -> requests.Response:
        reply = self.http.get(self.base + path, timeout=30, allow_redirects=False)
        self.statuses.append(reply.status_code)
        return reply

    def _csrf_from(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def start(self, slug: str) -> str:
        landing = self.get(f"/exams/{slug}/")
        assert landing.status_code == 200, landing.text[:500]
        token = self._csrf_from(landing.text)
        reply = self.http.post(
            f"{self.base}/exams/{slug}/start/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.base}/exams/{slug}/"},
            timeout=30,
            allow_redirects=False,
        )
        self.statuses.append(reply.status_code)
        assert reply.status_code == 302, reply.text[:500]
        self.attempt_url = reply.headers["Location"]
        return self.attempt_url

    def open_attempt(self) -> str:
        page = self.get(self.attempt_url)
        assert page.status_code == 200, page.text[:500]
        self.csrf = self._csrf_from(page.text)
        return page.text

    def save(self, position: int, value: Any, seq: int) -> requests.Response:
        reply = self.http.post(
            f"{self.base}{self.attempt_url}save/",
            data=json.dumps({"position": position, "value": value, "seq": seq}),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.csrf,
                "Referer": self.base + self.attempt_url,
            },
            timeout=30,
        )
        self.statuses.append(reply.status_code)
        return reply

    def submit(self) -> requests.Response:
        reply = self.http.post(
            f"{self.base}{self.attempt_url}submit/",
            data={"csrfmiddlewaretoken": self.csrf},
            headers={"Referer": self.base + self.attempt_url},
            timeout=60,
            allow_redirects=False,
        )
        self.statuses.append(reply.status_code)
        return reply


CELERY_ARGV = [str(BIN / "celery"), "-A", "config"]


PG_BIN = (
    sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1] if Path("/usr/lib/postgresql").exists() else None
)


class ThrowawayPostgres:
    """A private PostgreSQL cluster (initdb into a temp dir, run as the `postgres` OS user) on its own port.

    The shared cluster on 5432 is never restarted; this one can be stopped and started at will.
    """

    def __init__(self) -> None:
        assert PG_BIN is not None, "PostgreSQL server binaries not found under /usr/lib/postgresql"
        self.dir = Path(tempfile.mkdtemp(prefix="rampway-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        shutil.chown(self.dir, user="postgres", group="postgres")
        self.dir.chmod(0o700)

    def _as_postgres(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        runuser = shutil.which("runuser")
        prefix = [runuser, "-u", "postgres", "--"] if os.geteuid() == 0 and runuser else []
        return subprocess.run(  # noqa: S603 - fixed argv
            [*prefix, *argv], capture_output=True, text=True, timeout=120, check=check, cwd=self.dir
        )

    def init(self) -> None:
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def copy_database(self, source_url: str, name: str) -> None:
        """pg_dump a database from the shared cluster into this one (schema and rows)."""
        self._as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        dump = subprocess.run(  # noqa: S603 - fixed argv
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            capture_output=True,
            timeout=300,
            check=True,
        )
        subprocess.run(  # noqa: S603 - fixed argv
            [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump.stdout,
            capture_output=True,
            timeout=300,
            check=True,
        )

    def log(self) -> str:
        path = self.dir / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def cleanup(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class S3Server(Process):
    """moto's S3-compatible server on loopback with one empty bucket: the shared file storage of the nodes."""

    ACCESS_KEY = "rampway-test"
    SECRET_KEY = "rampway-test-secret"  # noqa: S105 - moto accepts any key; nothing real is behind it
    REGION = "us-east-1"

    def __init__(self, port: int, bucket: str = "rampway-test") -> None:
        super().__init__("moto")
        self.port = port
        self.bucket = bucket

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.spawn([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)])
        wait_port(self.port, up=True)
        self.client().create_bucket(Bucket=self.bucket)

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
            region_name=self.REGION,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def env(self) -> dict[str, str]:
        """What a node needs to use the bucket (RAMPWAY_STORAGE=s3, base settings' _s3())."""
        return {
            "RAMPWAY_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": self.REGION,
            "AWS_ACCESS_KEY_ID": self.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": self.SECRET_KEY,
        }

    def objects(self, prefix: str = "") -> dict[str, bytes]:
        s3 = self.client()
        listing = s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix).get("Contents", [])
        return {o["Key"]: s3.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read() for o in listing}

    def empty(self) -> None:
        s3 = self.client()
        for o in s3.list_objects_v2(Bucket=self.bucket).get("Contents", []):
            s3.delete_object(Bucket=self.bucket, Key=o["Key"])

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        super().stop(sig, timeout)
        wait_port(self.port, up=False)
