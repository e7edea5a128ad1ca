"""Production settings for the benchmark: loopback HTTP, PostgreSQL from DATABASE_URL, the bench-only floor URL."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rampway_bench")

from config.settings.production import *  # noqa: E402, F403
from config.settings.production import MIDDLEWARE, VAR_DIR  # noqa: E402

# Loopback HTTP: no TLS in front, so no redirect to https, no HSTS and cookies that travel over http.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# Per-endpoint CPU, database time and queries of each request; inert unless the server has BENCH_PROFILE_DIR.
MIDDLEWARE = ["tests.benchmarks.profile.RequestCPUMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "tests.benchmarks.urls"
STATIC_ROOT = VAR_DIR / "bench" / "static"
# Certificates passed during the event would otherwise print their e-mails into the server log.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
