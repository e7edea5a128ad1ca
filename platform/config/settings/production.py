"""Production: real services from env vars; secret key and hosts must be given; HTTPS everywhere."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
# The container's own health check (compose.yaml, an orchestrator's probe) asks http://127.0.0.1:8000/healthz;
# a request naming the loopback host from outside reaches nothing a real host name would not.
ALLOWED_HOSTS = [*env.list("DJANGO_ALLOWED_HOSTS"), "localhost", "127.0.0.1"]
# Admins, recruiters and analysts enrol a second factor before any page, however they signed in (password or
# SSO). RAMPWAY_ENFORCE_MFA relaxes the demo and tests only; a production environment variable cannot.
RAMPWAY_ENFORCE_MFA = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Cookies: HTTPS only, not sent on cross-site subrequests, and the "__Host-" prefix makes the browser refuse
# them unless Secure, Path=/ and host-only (no Domain) — a sibling subdomain cannot plant or overwrite them.
# The front end never reads the CSRF cookie (it takes the token from the page), so renaming it is safe.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
X_FRAME_OPTIONS = "DENY"
# Several worker processes each with a process-local cache would miss one another's changes (a retired question
# drawn for up to an hour): the generation caches need the shared cache (CACHE_URL).
RAMPWAY_GENERATION_CACHE = env.bool(
    "RAMPWAY_GENERATION_CACHE",
    default="locmem" not in CACHES["default"]["BACKEND"].lower(),  # noqa: F405 - from base
)
# Sessions read through the shared cache (the database stays the record: every write goes to both, a miss or an
# eviction falls back to the row), saving a session query on every request — on exam day, a third of an answer
# save's statements. Not with a process-local cache: another worker would keep a signed-out session alive.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env.bool(
        "RAMPWAY_SESSION_CACHE",
        default="locmem" not in CACHES["default"]["BACKEND"].lower(),  # noqa: F405 - from base
    )
    else "django.contrib.sessions.backends.db"
)
STORAGES = {
    **STORAGES,  # noqa: F405 - from base: the local filesystem or the S3 bucket (RAMPWAY_STORAGE)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# One JSON object per log line for the log shipper; RAMPWAY_LOG_FORMAT=plain for a person at a terminal.
RAMPWAY_LOG_FORMAT = env("RAMPWAY_LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = (  # type: ignore[index]  # noqa: F405 - base's dict literal
    "json" if RAMPWAY_LOG_FORMAT == "json" else "plain"
)
